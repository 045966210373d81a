import Now from './Now.js';
import FormatDate from './FormatDate.js';
import ParseDate from './ParseDate.js';
import AddDuration from './AddDuration.js';
import DateDiff from './DateDiff.js';
import StartOf from './StartOf.js';
import EndOf from './EndOf.js';
import ToUnixTime from './ToUnixTime.js';
import FromUnixTime from './FromUnixTime.js';
import DayOfWeek from './DayOfWeek.js';
import IsBefore from './IsBefore.js';
import DateParts from './DateParts.js';

export default [Now, FormatDate, ParseDate, AddDuration, DateDiff, StartOf, EndOf, ToUnixTime, FromUnixTime, DayOfWeek, IsBefore, DateParts];
