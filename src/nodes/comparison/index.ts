import Equal from './Equal.js';
import NotEqual from './NotEqual.js';
import GreaterThan from './GreaterThan.js';
import LessThan from './LessThan.js';
import GreaterOrEqual from './GreaterOrEqual.js';
import LessOrEqual from './LessOrEqual.js';
import InRange from './InRange.js';
import IsNull from './IsNull.js';
import IsType from './IsType.js';
import Contains from './Contains.js';

export default [Equal, NotEqual, GreaterThan, LessThan, GreaterOrEqual, LessOrEqual, InRange, IsNull, IsType, Contains];
