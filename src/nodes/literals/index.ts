import MakeString from './MakeString.js';
import MakeInteger from './MakeInteger.js';
import MakeFloat from './MakeFloat.js';
import MakeBoolean from './MakeBoolean.js';
import MakeDateTime from './MakeDateTime.js';
import MakeArray from './MakeArray.js';
import MakeObject from './MakeObject.js';

export default [MakeString, MakeInteger, MakeFloat, MakeBoolean, MakeDateTime, MakeArray, MakeObject];
