import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { fromDatabaseError } from '../db/errors.ts';
import type { ErrorObject } from 'ajv';
import { ClienteleError, type ErrorKind } from '../lib/errors.ts';
import { fieldErrors } from './validation.ts';

/** The one table that chooses an error's HTTP status. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
};

const TITLE: Record<ErrorKind, string> = {
  invalid: 'Invalid request',
  unauthenticated: 'Not signed in',
  forbidden: 'Missing right',
  not_found: 'Not found',
  conflict: 'Conflict',
  precondition_failed: 'Changed since you read it',
  too_large: 'Too large',
  unprocessable: 'Breaks a rule',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
};

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: ClienteleError) {
  const status = STATUS[error.kind];
  const { field, row, column, errors, extra } = error.details;
  return reply.status(status).type('application/problem+json').send({
    type: `/problems/${error.code}`,
    title: TITLE[error.kind],
    status,
    detail: error.message,
    instance: request.url.split('?')[0],
    code: error.code,
    ...(field !== undefined && { field }),
    ...(row !== undefined && { row }),
    ...(column !== undefined && { column }),
    ...(errors && { errors }),
    ...extra,
  });
}

/** Fastify's own errors (validation, bad JSON, body too large) become ClienteleErrors. */
export function toClienteleError(error: FastifyError): ClienteleError | undefined {
  if (error instanceof ClienteleError) return error;
  const fromDatabase = fromDatabaseError(error);
  if (fromDatabase) return fromDatabase;
  if (error.validation) {
    const part = error.validationContext === 'body' ? '' : `/${error.validationContext === 'querystring' ? 'query' : error.validationContext}`;
    return ClienteleError.invalid(fieldErrors(error.validation as ErrorObject[], part));
  }
  if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new ClienteleError('invalid', 'request.malformed_json', 'The body is not valid JSON.');
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new ClienteleError('invalid', 'request.media_type', 'Send the body as application/json.');
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new ClienteleError('too_large', 'request.too_large', 'The body is larger than this endpoint accepts.');
  }
  if (error.statusCode === 400) return new ClienteleError('invalid', 'request.invalid', error.message);
  return undefined;
}
