/**
 * What went wrong, in a form the HTTP layer, the CLI and the web app all read the same way.
 * `kind` picks the HTTP status (one table, in http/problem.ts); `code` is stable and translated by the web.
 */
export type ErrorKind =
  | 'invalid' // 400: malformed input
  | 'unauthenticated' // 401
  | 'forbidden' // 403: a right is missing
  | 'not_found' // 404: missing, or another store's
  | 'conflict' // 409: a duplicate code, a choice to make
  | 'precondition_failed' // 412: a stale If-Match
  | 'too_large' // 413
  | 'unprocessable' // 422: well-formed, but breaks a rule
  | 'rate_limited' // 429
  | 'internal'; // 500: says nothing internal; the log has the rest

export interface FieldError {
  /** JSON pointer into the request body, e.g. /contacts/0/email. */
  field?: string;
  row?: number;
  column?: string;
  code: string;
  message: string;
}

export interface ErrorDetails {
  field?: string;
  row?: number;
  column?: string;
  errors?: FieldError[];
  /** Extra members for the problem body, e.g. the missing right. */
  extra?: Record<string, unknown>;
}

export class ClienteleError extends Error {
  override readonly name = 'ClienteleError';

  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  static invalid(errors: FieldError[]): ClienteleError {
    const first = errors[0];
    const message = errors.length === 1 && first ? first.message : `${errors.length} fields are invalid.`;
    return new ClienteleError('invalid', 'request.invalid', message, { field: first?.field, errors });
  }

  static notFound(what: string): ClienteleError {
    return new ClienteleError('not_found', `${what}.not_found`, `No ${what.replace(/_/g, ' ')} with this id in this store.`);
  }
}
