import GetVariable from './GetVariable.js';
import SetVariable from './SetVariable.js';
import IncrementVariable from './IncrementVariable.js';
import AppendToArray from './AppendToArray.js';
import AppendToString from './AppendToString.js';
import GetSecret from './GetSecret.js';
import GetEnvironment from './GetEnvironment.js';

export default [GetVariable, SetVariable, IncrementVariable, AppendToArray, AppendToString, GetSecret, GetEnvironment];
