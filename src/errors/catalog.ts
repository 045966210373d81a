// Every error code dragops can produce, in one table (ARCHITECTURE habit 7): a stable code, the HTTP
// status it maps to, who is at fault, and a one-line explanation. `docs/errors.md` is checked against
// this table by a test, so a new code cannot ship undocumented.
import { TRIGGER_TYPES } from '../pattern/trigger.js';

export type Fault = 'user' | 'external' | 'engine';
export type Kind = 'compile' | 'runtime' | 'cli' | 'api';

export interface ErrorSpec {
  readonly status: number;
  readonly fault: Fault;
  readonly kind: Kind;
  /** What the code means and how to fix it, for docs/errors.md. */
  readonly doc: string;
}

const spec = (kind: Kind, status: number, fault: Fault, doc: string): ErrorSpec => ({ kind, status, fault, doc });

export const ERRORS = {
  // Compiler diagnostics (SPEC §5).
  INVALID_DOCUMENT: spec(
    'compile',
    400,
    'user',
    'The document does not match the `dragops.pattern/1` schema: a missing or unknown key, a wrong type, a duplicate node id. `path` is the JSON pointer of the problem.',
  ),
  NO_TRIGGER: spec('compile', 422, 'user', `The pattern has no trigger node. Add one of ${TRIGGER_TYPES.map((t) => `\`${t}\``).join(', ')}.`),
  MULTIPLE_TRIGGERS: spec(
    'compile',
    422,
    'user',
    'The pattern has more than one trigger node (or more than one `OnError`). Keep exactly one trigger and at most one `OnError`.',
  ),
  UNKNOWN_NODE_TYPE: spec('compile', 422, 'user', 'A node names a `type` the node library does not have. `dragops nodes` lists them.'),
  UNKNOWN_NODE_VERSION: spec(
    'compile',
    422,
    'user',
    "A node pins a `version` its type does not have. `GET /api/nodes` lists each type's `versions`; pin one of them, or leave `version` out for the newest.",
  ),
  UNKNOWN_PIN: spec('compile', 422, 'user', 'A wire or a `defaults` entry names a pin the node does not have, or a node that does not exist.'),
  REQUIRED_PIN_UNCONNECTED: spec('compile', 422, 'user', "An input pin without a default is neither wired nor given a value in the node's `defaults`."),
  INVALID_WIRE: spec(
    'compile',
    422,
    'user',
    'A wire joins pins that cannot connect: Exec to data, two incompatible types (Object to Integer, …), or an output to an output.',
  ),
  INPUT_HAS_MULTIPLE_WIRES: spec('compile', 422, 'user', 'An input pin has more than one wire. An input takes at most one; an output may feed many.'),
  DATA_CYCLE: spec('compile', 422, 'user', 'Pure nodes feed each other in a circle, so no value can be computed first. Break the cycle with a variable.'),
  EXEC_CYCLE: spec('compile', 422, 'user', 'Execution wires form a circle. Use `While`, `ForEach` or `ForRange` to repeat work.'),
  UNKNOWN_VARIABLE: spec('compile', 422, 'user', 'A variable node names a variable the pattern does not declare in `variables`.'),
  INVALID_CONFIG: spec(
    'compile',
    422,
    'user',
    "A node's `config` or `defaults` is wrong: a bad cron expression, an unknown called pattern, an interface mismatch, a value that does not fit its pin.",
  ),
  BREAK_OUTSIDE_LOOP: spec('compile', 422, 'user', '`Break` is reachable only from outside any loop body, so there is no loop for it to leave.'),
  PATTERN_TOO_COMPLEX: spec(
    'compile',
    422,
    'user',
    'The pattern nests too deeply for the compiler (branches inside branches thousands deep, or a chain of thousands of pure nodes). Split it into called patterns.',
  ),
  UNREACHABLE_NODE: spec(
    'compile',
    200,
    'user',
    'Warning: an impure node cannot be reached from the trigger or `OnError` by execution wires, so it never runs.',
  ),
  UNUSED_VARIABLE: spec('compile', 200, 'user', 'Warning: a declared variable is never read or written.'),
  // Run-time errors: what an execution's `error.code` can be.
  TYPE_CONVERSION: spec(
    'runtime',
    500,
    'user',
    'A value could not be converted to the type of the pin it flowed into (`"abc"` into an Integer pin). The error names the node and pin.',
  ),
  DIVISION_BY_ZERO: spec('runtime', 500, 'user', '`Divide` or `Modulo` was given a zero divisor.'),
  USER_ERROR: spec('runtime', 500, 'user', 'Raised on purpose by a `ThrowError` or a failed `Assert` node.'),
  NODE_ERROR: spec('runtime', 500, 'engine', 'A node failed in a way it did not classify; the message says how.'),
  LIMIT_EXCEEDED: spec(
    'runtime',
    500,
    'user',
    "A value grew past a safety limit (string length, array size, output size), or the execution's worker ran out of its heap (`--execution-memory-mb`): the limits keep one execution from exhausting the server's memory.",
  ),
  TIMEOUT: spec('runtime', 504, 'user', 'The execution ran past its deadline (`settings.timeoutMs`, default 300000) and was stopped with status `timeout`.'),
  BUDGET_EXCEEDED: spec(
    'runtime',
    429,
    'user',
    'An execution budget was used up: more pattern-call executions in one call tree (everything started from one webhook request, schedule tick or run) than the server allows (`--max-tree-executions`, default 1000), or pattern calls into one deployment faster than `--max-call-rate` per second (default 2000). Catchable with `TryCatch`; the call starts nothing.',
  ),
  CALL_DEPTH_EXCEEDED: spec(
    'runtime',
    500,
    'user',
    'Pattern calls nested deeper than the limit (default 16); usually two patterns calling each other in a circle.',
  ),
  PATTERN_NOT_FOUND: spec('runtime', 404, 'user', '`CallPattern` names a pattern that cannot be found.'),
  PATTERN_PAUSED: spec('runtime', 503, 'user', '`CallPattern` called a pattern whose deployment is paused. Catchable with `TryCatch`.'),
  PATTERN_NOT_DEPLOYED: spec('runtime', 404, 'user', '`CallPattern` called a pattern that is not deployed. Catchable with `TryCatch`.'),
  HTTP_REQUEST_FAILED: spec(
    'runtime',
    502,
    'external',
    "`HTTPRequest` could not get a response: network failure, refused connection, timeout, or a response over the size limit. A pack node also fails so when the service answers a status other than 2xx (after the pack's retries), or a page lacks its items. Catchable with `TryCatch`.",
  ),
  CONNECTION_ERROR: spec(
    'runtime',
    409,
    'user',
    "A connection cannot be used: its status is `error` (an OAuth token refresh was refused — the token was revoked or the grant expired: **Reconnect** it, `GET /api/connections/oauth/start?connectionId=…`), it is not authorized yet (`pending`), the pack that provides it is not installed, its provider is not the pack node's, or the base URL its fields make is not an http(s) URL. The connection is kept; nothing is deleted. In a pack node, catchable with `TryCatch`.",
  ),
  CONNECTION_REFRESH_FAILED: spec(
    'runtime',
    502,
    'external',
    "A connection's OAuth access token had expired and the provider's token endpoint could not be reached or answered a server error (5xx, 429). The connection stays `active`: the next use tries again.",
  ),
  // Command line.
  FILE_NOT_FOUND: spec('cli', 404, 'user', 'The file named on the command line does not exist or cannot be read.'),
  INVALID_JSON: spec(
    'cli',
    400,
    'user',
    "A file, an `--event` value or a webhook's JSON body is not valid JSON (the message gives the position), or a webhook body nests arrays and objects deeper than 512 levels.",
  ),
  INVALID_EVENT: spec('cli', 400, 'user', "The `--event` value does not fit the pattern's trigger (for example `inputs` that is not an object)."),
  INVALID_PACK: spec(
    'api',
    400,
    'user',
    'An integration pack (`*.dragops-pack.json`) does not match the pack format: a missing or unknown key, a template over anything but `inputs` the node declares, `credentials` (only in `connection.inject`) and `connection`, a duplicate node or pin id, a malformed output path. `details.errors` lists every problem with its JSON `path`.',
  ),
  COMPILE_FAILED: spec('api', 422, 'user', 'The pattern has compile errors, so it was not run or deployed; `details.errors` lists them.'),
  VALIDATION_ERROR: spec('api', 400, 'user', 'The request body, a parameter or a query string is malformed; `details` says which field and why.'),
  UNAUTHORIZED: spec(
    'api',
    401,
    'user',
    'No valid `Authorization: Bearer <token>` header, or the token has expired or was revoked (signed out, or `DELETE /api/tokens/:id`). Sign in again (`POST /api/auth/login`, `dragops login`) or use another API token.',
  ),
  INVALID_CREDENTIALS: spec('api', 401, 'user', 'Wrong email or password.'),
  FORBIDDEN: spec('api', 403, 'user', 'Signed in, but not allowed: for example creating users without being an admin.'),
  NOT_FOUND: spec('api', 404, 'user', 'No such resource, or it belongs to another user (the two are not told apart).'),
  CONFLICT: spec(
    'api',
    409,
    'user',
    "The request conflicts with the current state: an email already registered, a draft saved by someone else since you read it (`revision`), a deploy racing another, a pattern id that is not free (one of your patterns has it, or another user's has or had it).",
  ),
  RATE_LIMITED: spec(
    'api',
    429,
    'user',
    "Too many requests: login attempts, or webhook calls over the pattern's `settings.rateLimit`. `Retry-After` says when to try again.",
  ),
  WEBHOOK_NOT_FOUND: spec('api', 404, 'user', 'No pattern has this webhook id.'),
  NOT_DEPLOYED: spec('api', 404, 'user', 'The pattern of this webhook is not deployed (never, or undeployed), or is not started by webhooks.'),
  DEPLOYMENT_PAUSED: spec('api', 503, 'user', 'The deployment is paused (by hand or by the circuit breaker); webhooks start nothing until it is resumed.'),
  INVALID_SIGNATURE: spec(
    'api',
    401,
    'user',
    'The webhook requires a signature, keyed with the pattern\'s webhookSecret: `X-Dragops-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, or (unless its `signatureScheme` is `timestamped`) `X-Webhook-Signature` (HMAC-SHA256 hex of the raw body) or `X-Hub-Signature-256: sha256=<hex>`. It was missing, malformed or wrong, or its timestamp is further from now than the tolerance (300 s by default): sign each request when it is sent.',
  ),
  PAYLOAD_TOO_LARGE: spec(
    'api',
    413,
    'user',
    "The request body is over the limit (1 MiB by default), or a webhook's form or multipart body has more than 1000 fields or parts.",
  ),
  INVALID_BODY: spec(
    'api',
    400,
    'user',
    "A webhook's form or multipart body is malformed: a broken %-escape in an `application/x-www-form-urlencoded` body, or a `multipart/form-data` body without a boundary, without its closing boundary, or with a part that has no `Content-Disposition: form-data; name=…`. The message says which field or part.",
  ),
  METHOD_NOT_ALLOWED: spec('api', 405, 'user', 'Webhooks accept GET, POST, PUT, PATCH and DELETE.'),
  UNSUPPORTED_MEDIA_TYPE: spec('api', 415, 'user', 'The API takes JSON bodies: send `Content-Type: application/json`.'),
  INTERRUPTED: spec(
    'runtime',
    500,
    'engine',
    'The execution was stopped from outside: the server stopped while it ran (it was marked when the server started again), or the worker it ran in was stopped because another execution in it passed its deadline or memory limit. A queued execution interrupted this way is run again.',
  ),
  EXECUTION_CRASHED: spec(
    'runtime',
    500,
    'engine',
    "The process or worker running this queued execution died under it (killed, out of memory, a native crash), on each of its attempts up to the limit (`maxCrashAttempts`, default 3): it is `dead_letter` and is not run again; replay it once the cause is found. Also the error of one such attempt when a worker dies. Fault `engine` although the pattern or its input provoked it: containing any execution is dragops's job (no pattern can catch or fix a crash), and `engine` faults are what the circuit breaker counts, so a pattern whose requests keep crashing the server gets paused.",
  ),
  UNKNOWN_PROVIDER: spec(
    'api',
    400,
    'user',
    'A connection names a `provider` that no installed integration pack declares (`GET /api/packs` lists the packs; the provider is their `connection.provider`).',
  ),
  OAUTH_STATE_INVALID: spec(
    'api',
    400,
    'user',
    "The OAuth callback's `state` is unknown, was used already or is older than 10 minutes: start the authorization again (`GET /api/connections/oauth/start`).",
  ),
  OAUTH_FAILED: spec(
    'api',
    502,
    'external',
    'The provider refused the authorization (its `error`, such as `access_denied`, is in the message) or the code exchange at its token endpoint failed. Nothing was stored; a connection being reconnected keeps its state.',
  ),
  SERVER_STARTING: spec(
    'api',
    503,
    'engine',
    'The server is still starting (migrating the database, loading deployments): it answers only `/healthz` and `/readyz` until `/readyz` says `ready`. Try again after `Retry-After`.',
  ),
  INTERNAL_ERROR: spec('api', 500, 'engine', 'A bug in dragops. The server log has the details.'),
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;

/** Errors meaning the process or worker running an execution died under it: the queue runs such an
 * attempt again (with backoff) until `maxCrashAttempts`, whatever `settings.retries` says, then
 * records the run `dead_letter` with EXECUTION_CRASHED (triggers/queue.ts). An engine that runs
 * executions in workers resolves a run whose worker died with `status: 'failed'` and one of these. */
export const CRASH_CODES: ReadonlySet<string> = new Set<ErrorCode>(['EXECUTION_CRASHED', 'INTERRUPTED']);

export function errorSpec(code: string): ErrorSpec | undefined {
  return Object.hasOwn(ERRORS, code) ? ERRORS[code as ErrorCode] : undefined;
}

/** Whether an execution that ended with this error counts as a failure for the circuit breaker and
 * is retried (`settings.retries`): only faults of the outside world or of dragops (`external`,
 * `engine`). A `user` fault — the pattern's own ThrowError, a conversion, a timeout — would fail the
 * same way again and says nothing about an outage. A code outside the catalog counts (it can only
 * come from a bug). */
export function countsAsFailure(code: string | undefined): boolean {
  const s = code === undefined ? undefined : errorSpec(code);
  return s === undefined || s.fault !== 'user';
}
