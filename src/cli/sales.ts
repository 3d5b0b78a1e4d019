import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type Command, Option } from 'commander';
import { ClienteleError } from '../lib/errors.ts';
import type { ImportJob } from '../modules/imports/schema.ts';
import { SALES_IMPORT_FORMATS } from '../modules/imports/schema.ts';
import { importSalesFile } from '../modules/imports/sales.ts';
import { dataOption, parseStoreId, storeCtx, withDatabase } from './context.ts';
import { importProgress } from './progress.ts';

interface ImportFlags {
  store: string;
  format: (typeof SALES_IMPORT_FORMATS)[number];
  channel?: string;
  dryRun?: boolean;
  skipInvalid?: boolean;
  json?: boolean;
  data: string;
}

export function registerSalesCommands(program: Command) {
  program.command('sales').description('sales')
    .command('import').description('import a sales history (.csv or .csv.gz) as an import job: every row checked, then written in batches; '
      + 'running it again adds nothing and finishes an import that stopped')
    .argument('<file>', 'the file: CSV, or CSV compressed with gzip')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .addOption(new Option('--format <format>', 'the file\'s layout').choices(SALES_IMPORT_FORMATS).default('online-retail'))
    .option('--channel <channel>', 'the channel the sales are recorded in (default: the format\'s, online-retail)')
    .option('--dry-run', 'check every row and report the counts, writing nothing')
    .option('--skip-invalid', 'write the invoices whose rows are all good and report the bad rows (default: one bad row stops it all)')
    .option('--json', 'print the finished job as JSON')
    .addOption(dataOption())
    .action(async (file: string, flags: ImportFlags) => {
      if (!existsSync(file)) throw new ClienteleError('invalid', 'cli.file', `<file>: ${file} does not exist.`);
      const started = performance.now();
      const job = await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        const { size } = await stat(file);
        const progress = importProgress(size);
        try {
          return await importSalesFile(ctx, connection.kind, file, {
            format: flags.format, channel: flags.channel, dry_run: flags.dryRun, skip_invalid: flags.skipInvalid, file_name: basename(file),
          }, (at) => progress.update(at));
        } finally {
          progress.stop();
        }
      });
      if (flags.json) console.log(JSON.stringify(job));
      else console.log(describeJob(job, (performance.now() - started) / 1000));
      if (!flags.json) for (const error of job.errors) console.log(`row ${error.row}, column ${error.column}: ${error.message}`);
      if (job.errors.length > 0) process.exitCode = 1;
    });
}

export function describeJob(job: ImportJob, seconds: number): string {
  const n = (value: number | undefined) => (value ?? 0).toLocaleString('en-GB');
  const c = job.counts;
  const kinds = `${n(c.cancellations)} cancellations, ${n(c.returns)} returns, ${n(c.walk_in_sales)} walk-in`;
  const invalid = c.rows_invalid ? `; ${n(c.rows_invalid)} bad rows, ${n(c.invoices_invalid)} invoices left out` : '';
  if (job.dry_run) {
    return `Dry run (job ${job.id}): ${n(c.rows)} rows checked: ${n(c.invoices)} invoices (${kinds}) naming ${n(c.customers)} customers `
      + `and ${n(c.products)} products${invalid}; nothing written.`;
  }
  return `Imported ${job.file_name ?? 'the file'} (job ${job.id}) in ${seconds.toFixed(1)} s: ${n(c.sales_added)} sales added (${kinds}), `
    + `${n(c.lines)} lines; ${n(c.sales_skipped)} invoices already recorded${c.sales_different ? ` (${n(c.sales_different)} of them recorded differently)` : ''}; `
    + `${n(c.customers_created)} customers and ${n(c.products_created)} products created${invalid}.`;
}
