import Branch from './Branch.js';
import Switch from './Switch.js';
import Sequence from './Sequence.js';
import ForEach from './ForEach.js';
import ForRange from './ForRange.js';
import While from './While.js';
import Break from './Break.js';
import Gate from './Gate.js';
import Delay from './Delay.js';
import TryCatch from './TryCatch.js';
import Retry from './Retry.js';
import ThrowError from './ThrowError.js';
import CallPattern from './CallPattern.js';
import RespondWith from './RespondWith.js';
import Stop from './Stop.js';

export default [Branch, Switch, Sequence, ForEach, ForRange, While, Break, Gate, Delay, TryCatch, Retry, ThrowError, CallPattern, RespondWith, Stop];
