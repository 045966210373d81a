// Temporary: the lead's node folders until they are merged into index.ts.
import events from './events/index.js';
import flow from './flow/index.js';
import variables from './variables/index.js';
import http from './http/index.js';
import Log from './utility/Log.js';

export default [...events, ...flow, ...variables, ...http, Log];
