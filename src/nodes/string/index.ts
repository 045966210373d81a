import Concat from './Concat.js';
import ToUpper from './ToUpper.js';
import ToLower from './ToLower.js';
import Format from './Format.js';
import StringLength from './StringLength.js';
import Split from './Split.js';
import Join from './Join.js';
import Replace from './Replace.js';
import Substring from './Substring.js';
import Trim from './Trim.js';
import StartsWith from './StartsWith.js';
import EndsWith from './EndsWith.js';
import IndexOf from './IndexOf.js';
import PadStart from './PadStart.js';
import PadEnd from './PadEnd.js';
import Repeat from './Repeat.js';
import RegexMatch from './RegexMatch.js';
import RegexReplace from './RegexReplace.js';
import Slugify from './Slugify.js';
import SplitLines from './SplitLines.js';
import TruncateString from './TruncateString.js';
import CountOccurrences from './CountOccurrences.js';

export default [
  Concat,
  ToUpper,
  ToLower,
  Format,
  StringLength,
  Split,
  Join,
  Replace,
  Substring,
  Trim,
  StartsWith,
  EndsWith,
  IndexOf,
  PadStart,
  PadEnd,
  Repeat,
  RegexMatch,
  RegexReplace,
  Slugify,
  SplitLines,
  TruncateString,
  CountOccurrences,
];
