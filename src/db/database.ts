import type { Readable } from 'node:stream';
import { type CompiledQuery, type Kysely, sql, type Transaction } from 'kysely';
import type {
  ApiKeysTable, RolesTable, SessionsTable, StoresTable, UserRolesTable, UsersTable,
} from '../modules/access/tables.ts';
import type {
  CustomFieldsTable, CustomerAddressesTable, CustomerContactsTable, CustomerFacetBitsTable, CustomersTable, CustomerTalliesTable,
  SavedSearchesTable,
} from '../modules/customers/tables.ts';
import type { BalanceEntriesTable } from '../modules/balances/tables.ts';
import type { EventCountersTable, EventsTable } from '../modules/events/tables.ts';
import type {
  CustomerGroupsTable, GroupLevelsTable, GroupMembersTable, GroupMembershipChangesTable, GroupTagsTable,
} from '../modules/groups/tables.ts';
import type { ImportJobsTable } from '../modules/imports/tables.ts';
import type { ProductsTable } from '../modules/products/tables.ts';
import type { IdempotencyKeysTable } from '../modules/idempotency/tables.ts';
import type { SaleLinesTable, SalesTable } from '../modules/sales/tables.ts';
import type { CustomerTagBitsTable, CustomerTagsTable, TagCategoriesTable, TagsTable } from '../modules/tags/tables.ts';

export interface Database {
  stores: StoresTable;
  roles: RolesTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  custom_fields: CustomFieldsTable;
  customers: CustomersTable;
  customer_contacts: CustomerContactsTable;
  customer_addresses: CustomerAddressesTable;
  customer_tallies: CustomerTalliesTable;
  tag_categories: TagCategoriesTable;
  tags: TagsTable;
  customer_tags: CustomerTagsTable;
  customer_tag_bits: CustomerTagBitsTable;
  customer_facet_bits: CustomerFacetBitsTable;
  saved_searches: SavedSearchesTable;
  products: ProductsTable;
  sales: SalesTable;
  sale_lines: SaleLinesTable;
  balance_entries: BalanceEntriesTable;
  idempotency_keys: IdempotencyKeysTable;
  import_jobs: ImportJobsTable;
  customer_groups: CustomerGroupsTable;
  group_levels: GroupLevelsTable;
  group_tags: GroupTagsTable;
  group_members: GroupMembersTable;
  group_membership_changes: GroupMembershipChangesTable;
  event_counters: EventCountersTable;
  events: EventsTable;
}

/** A database handle or an open transaction: what queries.ts functions take first. */
export type Db = Kysely<Database> | Transaction<Database>;
export type Tx = Transaction<Database>;

/** A statement's rows as CSV with a header, written by PostgreSQL's COPY ... TO STDOUT and streamed as it comes. */
export type CopyOut = (statement: CompiledQuery) => Promise<Readable>;

/**
 * The databases that write a long CSV themselves (a server: db/connect.ts adds them): one statement, one
 * snapshot, no row crossing into JavaScript. PGlite is not one: its COPY writes a whole file before answering,
 * and its one connection would be held from every other request meanwhile, so its exports read keyset batches,
 * each its own statement, and write them with csvStream (lib/csv.ts).
 */
export const copiesOut = new WeakMap<Db, CopyOut>();

/**
 * In a statement of a transaction: the transaction commits without waiting for its write-ahead log to reach the
 * disk (synchronous_commit off, for this transaction only). For writes that can be done again: a crash of the
 * database may lose the last such commits, whole, never part of one. Each caller says how it recovers.
 */
export const relaxedCommit = sql`set_config('synchronous_commit', 'off', true)`;

/**
 * Runs `work` in a transaction whose planner takes `settings` for that transaction only (set_config(..., true), in
 * one statement), for the reads whose plan it gets wrong left to itself; each caller says why. Given a transaction
 * already, `work` runs in it unchanged: settings made there would hold for the rest of its statements too.
 */
export function withPlannerSettings<T>(db: Db, settings: Readonly<Record<string, string>>, work: (db: Db) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db);
  return db.transaction().execute(async (tx) => {
    await sql`select ${sql.join(Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`))}`.execute(tx);
    return work(tx);
  });
}

export const PREPARED_MARK = '/* prepared */ ';
/**
 * Put first in a statement, it is prepared once per connection, under a name made from its text, and executed
 * by that name afterwards, so PostgreSQL can plan it once instead of every time (db/connect.ts: named
 * statements on a server, PREPARE and EXECUTE on PGlite). For the few statements run often whose planning
 * costs more than running them: a sale's group upkeep took 0.6 ms to plan and 0.1 ms to run. Their text must
 * not vary with each call (values go in parameters). A pooler in front of the server must run in session mode.
 */
export const PREPARED = sql.raw(PREPARED_MARK);
