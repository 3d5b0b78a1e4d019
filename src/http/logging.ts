import type { FastifyServerOptions } from 'fastify';

/** pino options for the server: credentials never reach the log, whatever the level. */
export function loggerOptions(level: string, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    ...(stream && { stream }),
  };
}
