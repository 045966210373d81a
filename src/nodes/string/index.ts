import Concat from './Concat.js';
import ToUpper from './ToUpper.js';
import ToLower from './ToLower.js';
import Format from './Format.js';

export default [Concat, ToUpper, ToLower, Format];
