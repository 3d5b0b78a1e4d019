import { sql } from 'kysely';
import type { Connection } from './connect.ts';

/**
 * PGlite runs no autovacuum. Without it a long-running embedded server would plan with the statistics of the day
 * its tables were small (a plan that reads every sale of the store for each new line, see docs/sales-import.md),
 * would keep every dead row an update or delete leaves, and would never mark pages all-visible, so a scan that
 * could read an index alone (a till's lookup walking the name index) reads every row as well. So the embedded
 * server vacuums and analyses each table every hour, one table a statement so that requests take turns with it
 * (VACUUM skips the pages it found all-visible last time, and ANALYZE samples, so each stays short once the first
 * has run). A PostgreSQL server has autovacuum for this. Answers a function that stops it.
 */
export function keepTablesTidy(connection: Connection, log: (error: unknown) => void): () => void {
  if (connection.kind !== 'pglite') return () => {};
  const timer = setInterval(() => void tidyTables(connection).catch(log), 3_600_000);
  timer.unref();
  return () => clearInterval(timer);
}

/** VACUUM ANALYZE of each table of the schema, in turn. */
async function tidyTables(connection: Connection): Promise<void> {
  const { rows } = await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = 'public' order by tablename`.execute(connection.db);
  for (const { name } of rows) await sql`vacuum (analyze) ${sql.table(name)}`.execute(connection.db);
}
