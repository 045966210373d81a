import Add from './Add.js';
import Subtract from './Subtract.js';
import Multiply from './Multiply.js';
import Divide from './Divide.js';
import Modulo from './Modulo.js';
import Power from './Power.js';
import AbsoluteValue from './AbsoluteValue.js';
import Negate from './Negate.js';
import Round from './Round.js';
import Floor from './Floor.js';
import Ceil from './Ceil.js';
import Min from './Min.js';
import Max from './Max.js';
import Clamp from './Clamp.js';
import Lerp from './Lerp.js';
import MapRange from './MapRange.js';
import Random from './Random.js';
import RandomInteger from './RandomInteger.js';
import SquareRoot from './SquareRoot.js';
import Sin from './Sin.js';
import Cos from './Cos.js';
import Tan from './Tan.js';
import Exp from './Exp.js';
import NaturalLog from './NaturalLog.js';

export default [
  Add,
  Subtract,
  Multiply,
  Divide,
  Modulo,
  Power,
  AbsoluteValue,
  Negate,
  Round,
  Floor,
  Ceil,
  Min,
  Max,
  Clamp,
  Lerp,
  MapRange,
  Random,
  RandomInteger,
  SquareRoot,
  Sin,
  Cos,
  Tan,
  Exp,
  NaturalLog,
];
