import { type RawBuilder, type SqlBool, sql } from 'kysely';

/** One key of a sort, as an SQL expression that is never null (so a keyset cursor can compare it). */
export interface SortExpression {
  expression: RawBuilder<unknown>;
  descending: boolean;
}

/**
 * Ties break on id, in the sort's direction when every key shares one (so the keyset is one row comparison,
 * below), else ascending.
 */
export function idOrder(sort: readonly SortExpression[]): 'asc' | 'desc' {
  return sort.every((term) => term.descending) ? 'desc' : 'asc';
}

// (a, b, id) after (x, y, z). When every key runs one way it is the row comparison (a, b, id) > (x, y, z), which
// an index on (a, b, id) answers by seeking: each page, and each batch of an export, starts where the last
// ended. Mixed directions need a > x or (a = x and (b < y or (b = y and id > z))), which the planner can only
// filter, so deep pages in a mixed sort read the rows before them.
/** The rows after `after` (the last row's sort values, then its id) in `sort` order then `id`. */
export function keysetAfter(sort: readonly SortExpression[], id: RawBuilder<unknown>, after: readonly unknown[]): RawBuilder<SqlBool> {
  const lastId = after[sort.length];
  if (sort.every((term) => term.descending === sort[0]!.descending)) {
    const columns = sql.join([...sort.map((term) => term.expression), id]);
    const values = sql.join([...sort.map((_, i) => sql`${after[i]}`), sql`${lastId}`]);
    return sort[0]!.descending ? sql<SqlBool>`(${columns}) < (${values})` : sql<SqlBool>`(${columns}) > (${values})`;
  }
  let condition = sql<SqlBool>`${id} > ${lastId}`;
  for (let i = sort.length - 1; i >= 0; i--) {
    const { expression, descending } = sort[i]!;
    const value = after[i];
    const beyond = descending ? sql`${expression} < ${value}` : sql`${expression} > ${value}`;
    condition = sql<SqlBool>`(${beyond} or (${expression} = ${value} and ${condition}))`;
  }
  return condition;
}

/**
 * The ids of one page of a CTE that holds ids and their sort values as sort_0, sort_1 ...: the rows after `after`
 * in `sort` order then id, at most `limit`. A list that sorts a few hundred matches rather than walk an index in
 * order reads its page from such a CTE.
 */
export function pageOf(cte: string, sort: readonly SortExpression[], limit: number, after?: readonly unknown[]): RawBuilder<{ id: string }> {
  const id = sql.ref(`${cte}.id`);
  const columns = sort.map((term, i) => ({ ...term, expression: sql.ref(`${cte}.sort_${i}`) as RawBuilder<unknown> }));
  const order = sql.join([...columns.map((column) => sql`${column.expression} ${sql.raw(column.descending ? 'desc' : 'asc')}`), sql`${id} ${sql.raw(idOrder(sort))}`]);
  const where = after ? sql`where ${keysetAfter(columns, id, after)}` : sql``;
  return sql`select ${id} as id from ${sql.table(cte)} ${where} order by ${order} limit ${limit}`;
}
