import And from './And.js';
import Or from './Or.js';
import Not from './Not.js';
import Select from './Select.js';
import Coalesce from './Coalesce.js';
import Xor from './Xor.js';
import Nand from './Nand.js';

export default [And, Or, Not, Select, Coalesce, Xor, Nand];
