import { buildApp } from './app.ts';
import type { Connection } from './db/connect.ts';
import { loggerOptions } from './http/logging.ts';

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
    logger: loggerOptions(process.env.LOG_LEVEL ?? 'info'),
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
