import { buildApp } from './app.ts';
import type { Connection } from './db/connect.ts';
import { keepTablesTidy } from './db/maintenance.ts';
import { logDestination, loggerOptions } from './http/logging.ts';
import { sweepGroups } from './modules/groups/upkeep.ts';
import { sweepAbandonedJobs } from './modules/imports/jobs.ts';

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
    logger: loggerOptions(process.env.LOG_LEVEL ?? 'info', logDestination()),
  });
  // Import jobs a dead process left running are marked failed (run again to finish), now and every minute.
  const stopSweeping = await sweepAbandonedJobs(options.connection.db, options.connection.kind);
  // Rolling-window groups move once a day; recomputes a dead process left unfinished run again.
  const stopGroupSweep = await sweepGroups(options.connection.db, options.connection.kind, (error) => app.log.error({ err: error }, 'group sweep failed'));
  const stopTidying = keepTablesTidy(options.connection, (error) => app.log.error({ err: error }, 'vacuum failed'));
  const close = async () => {
    stopTidying();
    stopSweeping();
    await stopGroupSweep();
    await app.close();
    await options.connection.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void close().then(() => process.exit(0)));
  }
  const address = await app.listen({ port: options.port, host: options.host });
  return { app, address, close };
}
