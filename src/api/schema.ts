// Route schemas (issue 14): every route declares its params, query and body with TypeBox through
// Fastify's `schema` option, and the TypeBox type provider below types the handler's `req.params`,
// `req.query` and `req.body` from them — no hand casts. A schema that refuses a request answers
// 400 VALIDATION_ERROR in the API's envelope, naming the field (validationError below) and, when the
// schema carries one (`msg(…)`, the `x-message` keyword), with the route's own message.
import type { FastifyTypeProvider } from 'fastify';
import { Type, type Static, type TOptional, type TSchema, type TString } from '@sinclair/typebox';
import { ApiError } from './errors.js';

/** Fastify's type provider for TypeBox (what @fastify/type-provider-typebox does, in four lines). */
export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

/** The schema keyword with the message a route answers when that part of the request is refused. */
export const MESSAGE = 'x-message';
/** Ajv options for the keyword: registered (strict mode refuses unknown keywords), and `verbose` so
 * each error carries the schema it failed (where the message is). */
export const AJV_OPTIONS = { keywords: [MESSAGE], verbose: true };

/** `{ 'x-message': text }`: spread into a schema's options. */
export const msg = (text: string) => ({ [MESSAGE]: text });

/** A body that may be left out: the object, JSON `null` or no body at all (Fastify validates a
 * missing body as null). `message`: the answer when it is something else (an array, a number …). */
export function OptionalBody<T extends TSchema>(schema: T, message: string) {
  return Type.Unsafe<Static<T> | null | undefined>(Type.Union([schema, Type.Null()], msg(message)));
}

/** Params of a route with one string parameter per name (the route checks their form itself). */
export function Params<K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((n) => [n, Type.String()])) as { [P in K]: TString });
}

/** A query string: every parameter is a string (the parser keeps one value per name); the routes
 * read numbers from them themselves (pageQuery, …), with their own messages. */
export function Query<K extends string>(...names: K[]) {
  return Type.Object(Object.fromEntries(names.map((n) => [n, Type.Optional(Type.String())])) as { [P in K]: TOptional<TString> });
}

/** The paging parameters of a list. */
export const PAGE = ['limit', 'offset'] as const;

interface AjvError {
  instancePath: string;
  schemaPath?: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
  parentSchema?: Record<string, unknown>;
}

const messageOf = (schema: unknown): string | undefined => {
  if (typeof schema !== 'object' || schema === null || !(MESSAGE in schema)) return undefined;
  const m = schema[MESSAGE];
  return typeof m === 'string' ? m : undefined;
};
const propertySchema = (schema: unknown, name: string): unknown => {
  if (typeof schema !== 'object' || schema === null || !('properties' in schema)) return undefined;
  const props = schema.properties;
  return typeof props === 'object' && props !== null ? Object.getOwnPropertyDescriptor(props, name)?.value : undefined;
};

/** The field an Ajv error is about, dotted (`a.b`); undefined for the whole body. */
function fieldOf(e: AjvError): string | undefined {
  const path = e.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const name = e.keyword === 'required' ? e.params.missingProperty : e.keyword === 'additionalProperties' ? e.params.additionalProperty : undefined;
  if (typeof name === 'string') path.push(name);
  return path.length ? path.join('.') : undefined;
}

/** A schema validation failure (Fastify's `err.validation`; `fallback`: its message) as the API's
 * 400 VALIDATION_ERROR, in one of the two shapes the API has always answered:
 * - the schema has a message for what failed (`msg(…)`, the checks that used to be written by
 *   hand): that message, and `details: {field}` (none when the whole body is wrong);
 * - otherwise (register, login, tokens): `invalid request: <Ajv's message>` and `details`, Ajv's
 *   list of problems (`instancePath`, `keyword`, `params`, `message`), each with its `field`. */
export function validationError(errors: readonly AjvError[], fallback: string): ApiError {
  // The error about a field (missing, unknown or wrong) before the whole body's.
  const first = errors.find((e) => e.instancePath !== '' || e.keyword === 'required' || e.keyword === 'additionalProperties') ?? errors[0];
  if (!first) return new ApiError('VALIDATION_ERROR', `invalid request: ${fallback}`);
  const field = fieldOf(first);
  let message: string | undefined;
  if (first.keyword === 'required' && typeof first.params.missingProperty === 'string') {
    message = messageOf(propertySchema(first.parentSchema, first.params.missingProperty));
  } else if (first.keyword === 'additionalProperties') {
    const shape = messageOf(first.parentSchema);
    if (shape) message = `unknown field ${JSON.stringify(field)}: ${shape}`;
  } else {
    // A union's message is on the union, not on the branch that failed first.
    message = errors
      .filter((e) => e.instancePath === first.instancePath)
      .map((e) => messageOf(e.parentSchema))
      .find((m) => m !== undefined);
  }
  if (message !== undefined) return new ApiError('VALIDATION_ERROR', message, field === undefined ? undefined : { field });
  // A schema without messages of its own (register, login, tokens): Fastify's message and, as
  // before, every problem in Ajv's words — each now naming its field too.
  return new ApiError(
    'VALIDATION_ERROR',
    `invalid request: ${fallback}`,
    errors.map((e) => {
      const f = fieldOf(e);
      return {
        instancePath: e.instancePath,
        schemaPath: e.schemaPath,
        keyword: e.keyword,
        params: e.params,
        message: e.message,
        ...(f === undefined ? {} : { field: f }),
      };
    }),
  );
}
