import { type Insertable, sql, type Updateable } from 'kysely';
import { type Db, relaxedCommit, type Tx } from '../../db/database.ts';
import type { ImportJobsTable } from './tables.ts';

export function insertJob(db: Db, job: Insertable<ImportJobsTable>) {
  return db.insertInto('import_jobs').values(job).returningAll().executeTakeFirstOrThrow();
}

export function findJob(db: Db, tenantId: string, id: string) {
  return db.selectFrom('import_jobs').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** Newest first, by (created_at, id) keyset, which import_jobs_created answers. */
export function listJobPage(db: Db, tenantId: string, limit: number, before?: [string, string]) {
  let query = db.selectFrom('import_jobs').selectAll().where('tenant_id', '=', tenantId);
  if (before) query = query.where(sql`(created_at, id)`, '<', sql`(${before[0]}::timestamptz, ${before[1]}::uuid)`);
  return query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

export async function countJobs(db: Db, tenantId: string): Promise<number> {
  const row = await db.selectFrom('import_jobs').select((eb) => eb.fn.countAll<number>().as('n')).where('tenant_id', '=', tenantId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Progress and result; every write is also a heartbeat. */
export function updateJob(db: Db, tenantId: string, id: string, changes: Updateable<ImportJobsTable>) {
  return db.updateTable('import_jobs').set({ ...changes, heartbeat_at: new Date() })
    .where('tenant_id', '=', tenantId).where('id', '=', id).execute();
}

/**
 * Opens a batch of a sales import, in one round trip. One sales import at a time per store writes a batch: the lock
 * is held to the end of the batch's transaction, so two imports naming the same new customer cannot both create
 * it (external ids have no unique index). On a server the batch commits without waiting for its WAL to reach the
 * disk (synchronous_commit off, for this transaction only): a crash of the database server may lose the last
 * batches committed, with the job's progress written in them, and a rerun writes them again; a crash of the
 * import's own process loses nothing committed. PGlite runs inside the import's process, so there the two crashes
 * are one and every batch waits for its WAL.
 */
export async function startSalesImportBatch(tx: Tx, tenantId: string, onServer: boolean): Promise<void> {
  const relaxed = onServer ? sql`, ${relaxedCommit}` : sql``;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`sales-import:${tenantId}`}, 0))${relaxed}`.execute(tx);
}

/**
 * Jobs whose process stopped: queued or running, with no write since `staleBefore`. This one statement spans
 * every store, because a process runs the jobs of all of them; import_jobs stays small, so it reads the table.
 */
export async function failAbandonedJobs(db: Db, staleBefore: Date, failure: { code: string; message: string }): Promise<number> {
  const result = await db.updateTable('import_jobs')
    .set({ state: 'failed', phase: null, failure: JSON.stringify(failure), finished_at: new Date() })
    .where('state', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('heartbeat_at', '<', staleBefore), eb.and([eb('heartbeat_at', 'is', null), eb('created_at', '<', staleBefore)])]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Fresh statistics for the tables a sales import fills. PostgreSQL plans each foreign-key check once per
 * connection and keeps the plan; planned while sales looked empty, a check against sales (that of sale_lines, since
 * removed) used sales_occurred (tenant_id only) and read every sale of the store for each line: measured, an
 * import's batches went from 0.2 s to 36 s as the table grew. ANALYZE replaces such plans in every session. It spans
 * stores (statistics are per table); without the right to analyze it only warns. PGlite runs no autovacuum.
 * group_members too: frequency groups are kept current batch by batch and read the customers' sales. Nothing an
 * import runs reads sale_lines, the largest and slowest to analyze, so `lines` says whether to include it: at the
 * end, for the reports.
 */
export async function analyzeSalesTables(db: Db, options: { lines: boolean }): Promise<void> {
  if (options.lines) await sql`analyze sales, sale_lines, customers, products, group_members`.execute(db);
  else await sql`analyze sales, customers, products, group_members`.execute(db);
}
