import ToString from './ToString.js';
import ToInteger from './ToInteger.js';
import ToFloat from './ToFloat.js';
import ToBoolean from './ToBoolean.js';
import ToArray from './ToArray.js';
import TypeOf from './TypeOf.js';
import ToDateTime from './ToDateTime.js';
import ParseNumber from './ParseNumber.js';

export default [ToString, ToInteger, ToFloat, ToBoolean, ToArray, TypeOf, ToDateTime, ParseNumber];
