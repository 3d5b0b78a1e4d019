import { sql } from 'kysely';
import type { Connection } from './connect.ts';

/**
 * PGlite runs no autovacuum, so a long-running embedded server would plan with the statistics of the day its
 * tables were small (a plan that reads every sale of the store for each new line, see docs/sales-import.md).
 * The embedded server analyses the whole database every hour (ANALYZE samples, so it stays short). A
 * PostgreSQL server has autovacuum for this. Answers a function that stops it.
 */
export function keepStatisticsFresh(connection: Connection, log: (error: unknown) => void): () => void {
  if (connection.kind !== 'pglite') return () => {};
  const analyze = () => void sql`analyze`.execute(connection.db).catch(log);
  const timer = setInterval(analyze, 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}
