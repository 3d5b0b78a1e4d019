import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type ErrorObject, type Options } from 'ajv';
import type { TSchema } from 'typebox';
import { ClienteleError, type FieldError } from '../lib/errors.ts';
import addFormats from 'ajv-formats';

// Query strings and path parameters arrive as text, so "50" must become 50 there; a JSON body must be
// taken as sent, or a custom field's 12 would silently become "12".
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };
const forText = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
const forJson = addFormats.default(new Ajv({ ...common, coerceTypes: false }));

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? forJson : forText).compile(schema);


/** Ajv's issues as one error per field, each with its JSON pointer (`part` prefixes it: '/query' for a query). */
export function fieldErrors(issues: ErrorObject[], part = ''): FieldError[] {
  // One error per field: a nullable field's failed branches would otherwise repeat it three times.
  const byField = new Map<string, FieldError>();
  for (const issue of issues) {
    const params = issue.params as Record<string, string>;
    const leaf = params.missingProperty ?? params.additionalProperty;
    const field = `${part}${issue.instancePath}${leaf ? `/${leaf}` : ''}`;
    if (byField.has(field)) continue;
    const message = issue.keyword === 'required' ? `${field} is required`
      : issue.keyword === 'additionalProperties' ? `${field} is not a known field`
      : `${field || '/'} ${issue.message ?? 'is invalid'}`;
    byField.set(field, { field, code: `request.${issue.keyword}`, message });
  }
  return [...byField.values()];
}

const compiled = new WeakMap<TSchema, ReturnType<typeof forJson.compile>>();

/** Checks a JSON value that did not come through a route (a CLI flag) against the route's own schema. */
export function checkJson<T>(schema: TSchema, value: unknown): T {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = forJson.compile(schema)));
  if (!validate(value)) throw ClienteleError.invalid(fieldErrors(validate.errors ?? []));
  return value as T;
}
