import { type Kysely, sql } from 'kysely';

// What a running import job shows besides its counts: the options it was started with, which pass it is in
// (checking every row, then writing), why it failed when that is not a bad row, and when its process last
// wrote (a job whose process died stops writing, and is then marked failed so that it can be run again).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table import_jobs
      add column options jsonb not null default '{}',
      add column phase text check (phase in ('checking', 'writing')),
      add column failure jsonb,
      add column heartbeat_at timestamptz(3)
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table import_jobs drop column options, drop column phase, drop column failure, drop column heartbeat_at`.execute(db);
}
