import { ClienteleError } from '../../lib/errors.ts';
import { readCsv } from '../../lib/csv.ts';
import { type Ctx, inTransaction, requireRight, type TxCtx } from '../access/context.ts';
import { type CustomerKey, type CustomerKeyKind, customerKeyString, customersByKey } from '../customers/service.ts';
import { changeTagsOfCustomers, listTagsWithCategories } from '../tags/assignments.ts';
import { createCategory, createTag, listCategories } from '../tags/service.ts';
import type { RowError, TagImportQuery, TagImportReport } from './schema.ts';

export const TAG_IMPORT_COLUMNS = ['category', 'tag', 'customer_id', 'customer_code', 'customer_email', 'external_system', 'external_id'] as const;
const KEY_COLUMNS: Record<CustomerKeyKind, string> = { id: 'customer_id', code: 'customer_code', email: 'customer_email', external: 'external_id' };
export const MAX_IMPORT_BYTES = 200_000_000;
const MAX_ERRORS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface ImportRow {
  row: number;
  category: string;
  tag: string;
  customer?: CustomerKey;
}

/** Thrown inside the transaction to undo a dry run after it has counted what it would do. */
class DryRunDone extends Error {
  constructor(readonly report: TagImportReport) {
    super('dry run');
  }
}

/**
 * Reads a CSV of tags and tag assignments (one per row: category, tag, and optionally the customer by id, code,
 * email or external id) and applies it in one transaction. Every row is checked before anything is written;
 * by default one bad row stops it all (422, nothing written), skip_invalid applies the good rows.
 * A tag the store lacks is created when the caller may manage tags; a tag of a single-choice category
 * replaces the customer's other tag of that category. A dry run reports exactly what would happen.
 */
export async function importTags(ctx: Ctx, file: AsyncIterable<Buffer | string>, options: TagImportQuery): Promise<TagImportReport> {
  requireRight(ctx, 'import_data');
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  const fail = (error: RowError) => errors.push(error);
  let read = 0;
  for await (const { row, values } of readCsv(file, { known: TAG_IMPORT_COLUMNS, required: ['category', 'tag'] }, MAX_IMPORT_BYTES)) {
    read++;
    const parsed = parseRow(row, values, fail);
    if (parsed) rows.push(parsed);
  }
  if (rows.some((row) => row.customer)) requireRight(ctx, 'assign_customer_tags');

  const mayCreate = ctx.rights.has('manage_customer_tags');
  const known = await listTagsWithCategories(ctx);
  // Categories apart from their tags: a category may have none yet.
  const categoryByName = new Map((await listCategories(ctx)).map((category) => [category.name.toLowerCase(), category]));
  const tagByName = new Map(known.map((tag) => [nameKey(tag.category_name, tag.name), tag]));
  const customerIds = await customersByKey(ctx, rows.flatMap((row) => (row.customer ? [row.customer] : [])));

  const valid: (ImportRow & { customerId?: string })[] = [];
  const singleChoicePicks = new Map<string, string>();
  for (const row of rows) {
    const tag = tagByName.get(nameKey(row.category, row.tag));
    if (!tag && !mayCreate) {
      fail({ row: row.row, column: 'tag', code: 'tag.unknown', message: `No tag "${row.tag}" in "${row.category}", and creating tags needs the right "Manage customer tags".` });
      continue;
    }
    if (tag?.archived && row.customer) {
      fail({ row: row.row, column: 'tag', code: 'tag.archived', message: `The tag "${tag.name}" is archived: it cannot be given to more customers.` });
      continue;
    }
    let customerId: string | undefined;
    if (row.customer) {
      const found = customerIds.get(customerKeyString(row.customer));
      const column = KEY_COLUMNS[row.customer.kind];
      if (!found || found.length === 0) {
        fail({ row: row.row, column, code: 'customer.unknown', message: `No customer with ${column} "${row.customer.value}".` });
        continue;
      }
      if (found.length > 1) {
        fail({ row: row.row, column, code: 'customer.ambiguous', message: `${found.length} customers have ${column} "${row.customer.value}"; name the customer by id or code.` });
        continue;
      }
      customerId = found[0]!;
      const category = categoryByName.get(row.category.toLowerCase());
      if (category?.single_choice) {
        const pick = `${customerId}|${row.category.toLowerCase()}`;
        const earlier = singleChoicePicks.get(pick);
        if (earlier !== undefined && earlier !== row.tag.toLowerCase()) {
          fail({ row: row.row, column: 'tag', code: 'tag.single_choice_conflict',
            message: `"${category.name}" allows one tag per customer, and an earlier row gives this customer "${earlier}".` });
          continue;
        }
        singleChoicePicks.set(pick, row.tag.toLowerCase());
      }
    }
    valid.push({ ...row, customerId });
  }
  errors.sort((a, b) => a.row - b.row);
  const report: TagImportReport = {
    dry_run: Boolean(options.dry_run), rows: read, rows_applied: 0,
    rows_invalid: new Set(errors.map((error) => error.row)).size, categories_created: 0, tags_created: 0,
    assignments_added: 0, assignments_unchanged: 0, assignments_replaced: 0, errors: errors.slice(0, MAX_ERRORS),
  };
  if (errors.length > 0 && !options.skip_invalid && !options.dry_run) {
    throw new ClienteleError('unprocessable', 'import.rows_invalid',
      `${report.rows_invalid} row(s) are invalid, so nothing was imported; the first: row ${errors[0]!.row}, column ${errors[0]!.column}: ${errors[0]!.message}`,
      { row: errors[0]!.row, column: errors[0]!.column, errors: report.errors });
  }

  try {
    return await inTransaction(ctx, async (tx) => {
      await apply(tx, valid, tagByName, new Map([...categoryByName].map(([name, category]) => [name, category.id])), report);
      if (options.dry_run) throw new DryRunDone(report);
      return report;
    });
  } catch (error) {
    if (error instanceof DryRunDone) return error.report;
    throw error;
  }
}

async function apply(
  tx: TxCtx, rows: (ImportRow & { customerId?: string })[], tagByName: Map<string, { id: string }>, categoryIds: Map<string, string>,
  report: TagImportReport,
) {
  const customersByTag = new Map<string, Set<string>>();
  let pairs = 0;
  for (const row of rows) {
    let tag = tagByName.get(nameKey(row.category, row.tag));
    if (!tag) {
      let categoryId = categoryIds.get(row.category.toLowerCase());
      if (!categoryId) {
        categoryId = (await createCategory(tx, { name: row.category })).id;
        categoryIds.set(row.category.toLowerCase(), categoryId);
        report.categories_created++;
      }
      tag = await createTag(tx, { category_id: categoryId, name: row.tag });
      tagByName.set(nameKey(row.category, row.tag), tag);
      report.tags_created++;
    }
    report.rows_applied++;
    if (!row.customerId) continue;
    pairs++;
    const customers = customersByTag.get(tag.id) ?? new Set();
    customers.add(row.customerId);
    customersByTag.set(tag.id, customers);
  }
  let added = 0;
  for (const [tagId, customers] of customersByTag) {
    const ids = [...customers];
    const result = await changeTagsOfCustomers(tx, ids, [tagId], []);
    added += result.added;
    report.assignments_replaced += result.replaced;
  }
  report.assignments_added = added;
  report.assignments_unchanged = pairs - added;
}

/** A row as the import understands it, or undefined after reporting why it cannot be. */
function parseRow(row: number, values: Record<string, string>, fail: (error: RowError) => void): ImportRow | undefined {
  const problem = rowProblem(values);
  if (problem) {
    fail({ row, ...problem });
    return undefined;
  }
  return { row, category: values.category!, tag: values.tag!, customer: customerKeyOf(values) };
}

function rowProblem(values: Record<string, string>): Omit<RowError, 'row'> | undefined {
  for (const column of ['category', 'tag'] as const) {
    if (!values[column]) return { column, code: 'import.value_missing', message: `The ${column} is empty.` };
    if (values[column].length > 100) return { column, code: 'import.value_too_long', message: `The ${column} is longer than 100 characters.` };
  }
  const given = (['customer_id', 'customer_code', 'customer_email', 'external_id'] as const).filter((column) => values[column]);
  if (given.length > 1) return { column: given[1], code: 'import.customer_keys', message: `Name the customer once: ${given.join(' and ')} are all filled.` };
  if (values.customer_id && !UUID.test(values.customer_id)) {
    return { column: 'customer_id', code: 'import.value_invalid', message: `"${values.customer_id}" is not a customer id (a UUID).` };
  }
  if (values.external_id && !values.external_system) {
    return { column: 'external_system', code: 'import.value_missing', message: 'external_id needs the system it belongs to in external_system (e.g. shopify).' };
  }
  if (values.external_system && !values.external_id) {
    return { column: 'external_id', code: 'import.value_missing', message: 'external_system is filled but external_id is empty.' };
  }
  return undefined;
}

function customerKeyOf(values: Record<string, string>): CustomerKey | undefined {
  if (values.customer_id) return { kind: 'id', value: values.customer_id.toLowerCase() };
  if (values.customer_code) return { kind: 'code', value: values.customer_code };
  if (values.customer_email) return { kind: 'email', value: values.customer_email.toLowerCase() };
  if (values.external_id) return { kind: 'external', system: values.external_system!, value: values.external_id };
  return undefined;
}

function nameKey(category: string, tag: string): string {
  return `${category.toLowerCase()}\u0000${tag.toLowerCase()}`;
}
