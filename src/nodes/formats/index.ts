import ParseJSON from './ParseJSON.js';
import StringifyJSON from './StringifyJSON.js';

export default [ParseJSON, StringifyJSON];
