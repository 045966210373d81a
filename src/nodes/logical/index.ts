import And from './And.js';
import Or from './Or.js';
import Not from './Not.js';
import Select from './Select.js';
import Coalesce from './Coalesce.js';

export default [And, Or, Not, Select, Coalesce];
