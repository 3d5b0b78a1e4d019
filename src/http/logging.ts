import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { LogController } from 'fastify';
import pino from 'pino';

/** pino options for the server: credentials never reach the log, whatever the level. */
export function loggerOptions(level: string, stream?: pino.DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    ...(stream && { stream }),
  };
}

/**
 * Where the server's log goes (stdout, or a file), written asynchronously: lines gather in a buffer that is
 * written once it holds 32 KiB, or after at most a second, so a busy server makes one write for a few hundred
 * requests instead of blocking on one per request. What is still buffered is written when the app closes and
 * when the process exits (pino flushes on exit), so only a kill -9 can lose the last second of lines.
 *
 * Measured on the hello route (BENCHMARKS.md, API overhead): each write costs the event loop about 25-40 µs to
 * hand to the thread pool, so at 4 KiB (20 lines) the writes were 1.3-1.7 µs a request, at 32 KiB 0.3. Lines
 * reach sonic-boom as bytes: given strings, it measures the byte length of the whole string it holds on every
 * line, about 1.6 µs a line against 0.5 µs for the bytes.
 */
export function logDestination(dest: number | string = 1): pino.DestinationStream & { flush(callback: (error?: Error) => void): void } {
  const boom = pino.destination({ dest, sync: false, minLength: 32_768, maxWrite: 65_536, periodicFlush: 1000, contentMode: 'buffer' });
  return {
    // boom.write is looked up on each line: pino replaces it with a no-op once the reader has gone (EPIPE). Its
    // types name strings only; in buffer mode it takes bytes.
    write: (line: string) => boom.write(Buffer.from(line) as unknown as string),
    flush: (callback) => boom.flush(callback),
  };
}

/**
 * One line per request, written when it completes, instead of Fastify's two: method, url, status and
 * milliseconds, with the request's reqId and (once authenticated) its store. Written from here rather than
 * from an onResponse hook, which would cost a promise per request. Fastify's other request lines stay off.
 * The store is a field of the line, not a binding of the request's logger: setBindings serialises the
 * bindings again, about 1 µs a request, for the one other line a request may write (app.ts, unexpected error).
 */
export class RequestLines extends LogController {
  constructor() {
    super({ disableRequestLogging: true });
  }

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply) {
    request.log.info({ method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, store: request.credentials?.tenantId }, 'request');
  }
}
