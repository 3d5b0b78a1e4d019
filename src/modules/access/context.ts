import type { Db, Tx } from '../../db/database.ts';
import { ClienteleError } from '../../lib/errors.ts';
import { RIGHTS, type Right } from './rights.ts';

export type Actor = { kind: 'user'; id: string } | { kind: 'api_key'; id: string } | { kind: 'system' };

/** Who acts, for which store, with which rights: the first argument of every service function. */
export interface Ctx {
  db: Db;
  tenantId: string;
  actor: Actor;
  rights: ReadonlySet<Right>;
}

export function requireRight(ctx: Pick<Ctx, 'rights'>, right: Right): void {
  if (!ctx.rights.has(right)) {
    throw new ClienteleError('forbidden', 'auth.right_missing', `This needs the right "${RIGHTS[right]}".`, {
      extra: { right },
    });
  }
}

export type TxCtx = Ctx & { db: Tx };

/** Runs `work` in one transaction, with a ctx whose db is that transaction. */
export async function inTransaction<T>(ctx: Ctx, work: (ctx: TxCtx) => Promise<T>): Promise<T> {
  if (ctx.db.isTransaction) return work(ctx as TxCtx);
  return ctx.db.transaction().execute((tx) => work({ ...ctx, db: tx }));
}
