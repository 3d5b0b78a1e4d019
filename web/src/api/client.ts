// The one way the back office talks to the API: same-origin cookie, CSRF header on writes,
// problem+json turned into a ProblemError the forms can read.

import type { Static, TUnsafe } from 'typebox';
import type { List, Problem as ProblemBody } from '../../../src/http/schemas.ts';

type ProblemDetails = Static<typeof ProblemBody>;

/**
 * A problem as the server sends it, or as made here (a network failure) with less in it; extension
 * members the schema does not list (the stores of session.store_choice) stay readable.
 */
export type Problem = Partial<ProblemDetails> & Pick<ProblemDetails, 'status' | 'code'> & { [extension: string]: unknown };

export class ProblemError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title ?? problem.code);
    this.name = 'ProblemError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

export function isProblem(error: unknown, code?: string): error is ProblemError {
  return error instanceof ProblemError && (code === undefined || error.code === code);
}

let csrfToken: string | undefined;

/** The session hands out the token; every write sent with the cookie must echo it. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

let onUnauthenticated: (() => void) | undefined;

/** Lets the app drop its cached session when the server says the cookie is gone. */
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is instead of JSON, for files (a CSV import). */
  file?: { content: Blob | string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  data: T;
  headers: Headers;
}

export function buildPath(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/** Sends the request; an answer other than 2xx is thrown as a ProblemError. */
async function send(path: string, options: RequestOptions): Promise<Response> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.file) headers['content-type'] = options.file.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildPath(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.file ? options.file.content : options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ProblemError({ status: 0, code: 'network.unreachable', detail: String(cause) });
  }

  if (!response.ok) {
    const problem = await readProblem(response);
    // A session that expired mid-use sends the user back to the login page.
    if (problem.status === 401 && !path.startsWith('/v1/session')) onUnauthenticated?.();
    throw new ProblemError(problem);
  }
  return response;
}

/** A file the API answers (a CSV export), with the name it suggests in Content-Disposition. */
export async function apiDownload(path: string, options: RequestOptions = {}): Promise<{ blob: Blob; filename: string | null }> {
  const response = await send(path, options);
  const disposition = response.headers.get('content-disposition') ?? '';
  const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
  return { blob: await response.blob(), filename };
}

export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
  const response = await send(path, options);
  const text = response.status === 204 ? '' : await response.text();
  const data = (text ? JSON.parse(text) : undefined) as T;
  return { data, headers: response.headers };
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await apiRequest<T>(path, options)).data;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    status: response.status,
    code: `http.${response.status}`,
    title: response.statusText,
  };
  try {
    const body = (await response.json()) as Partial<Problem>;
    if (body && typeof body === 'object') {
      return { ...fallback, ...body, status: body.status ?? response.status, code: body.code ?? fallback.code };
    }
  } catch {
    // Not JSON (a proxy error page, say): the status alone has to do.
  }
  return fallback;
}

/** Every list answers the same envelope. */
export type Page<T> = Static<ReturnType<typeof List<TUnsafe<T>>>>;
