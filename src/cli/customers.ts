import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { checkJson } from '../http/validation.ts';
import { exportCustomers } from '../modules/customers/export.ts';
import { CustomerSearch } from '../modules/customers/schema.ts';
import { dataOption, parseStoreId, storeCtx, withDatabase } from './context.ts';

export function registerCustomerCommands(program: Command) {
  program.command('customers').description('customers')
    .command('export').description('write the customers a search matches as CSV (the search of POST /v1/customers/search)')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .option('--search <json>', 'the search as JSON, e.g. {"all":["<tag id>"],"country":"GB"}', parseSearch, {})
    .option('--columns <list>', 'comma-separated columns, e.g. name,email,tags')
    .option('--out <file>', 'write to this file instead of standard output')
    .addOption(dataOption())
    .action(async (flags: { store: string; search: CustomerSearch; columns?: string; out?: string; data: string }) => {
      await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        const columns = flags.columns?.split(',').map((column) => column.trim()).filter(Boolean) as CustomerSearch['columns'];
        const search = checkJson<CustomerSearch>(CustomerSearch, { ...flags.search, ...(columns && { columns }) });
        const csv = await exportCustomers(ctx, search);
        const out: Writable = flags.out ? createWriteStream(flags.out) : process.stdout;
        await pipeline(csv, out, { end: Boolean(flags.out) });
      });
    });
}

function parseSearch(value: string): CustomerSearch {
  try {
    const search: unknown = JSON.parse(value);
    if (search && typeof search === 'object' && !Array.isArray(search)) return search as CustomerSearch;
  } catch {
    // falls through
  }
  throw new InvalidArgumentError('a search is a JSON object, such as {"any":["<tag id>"]}.');
}
