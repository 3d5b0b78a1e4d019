import type { FastifySchemaCompiler } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';

// Query strings and path parameters arrive as text, so "50" must become 50 there; a JSON body must be
// taken as sent, or a custom field's 12 would silently become "12".
const common: Options = { allErrors: true, removeAdditional: false, useDefaults: true, strict: false };
const forText = addFormats.default(new Ajv({ ...common, coerceTypes: 'array' }));
const forJson = addFormats.default(new Ajv({ ...common, coerceTypes: false }));

export const validatorCompiler: FastifySchemaCompiler<any> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? forJson : forText).compile(schema);

