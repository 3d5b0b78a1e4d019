import { buildApp } from './app.ts';
import type { Connection } from './db/connect.ts';

export interface ServeOptions {
  port: number;
  host: string;
  connection: Connection;
  rateLimitPerMinute?: number;
}

export async function startServer(options: ServeOptions) {
  const app = await buildApp({
    connection: options.connection,
    rateLimitPerMinute: options.rateLimitPerMinute,
    logger: {
      level: process.env.LOG_LEVEL ?? 'info',
      // Credentials never reach the log.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    },
  });
  const close = async () => {
    await app.close();
    await options.connection.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().then(() => process.exit(0)));
  }
  const address = await app.listen({ port: options.port, host: options.host });
  return { app, address, close };
}
