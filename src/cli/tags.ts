import { createReadStream, existsSync } from 'node:fs';
import type { Command } from 'commander';
import { ClienteleError } from '../lib/errors.ts';
import { importTags } from '../modules/imports/tags.ts';
import { dataOption, parseStoreId, storeCtx, withDatabase } from './context.ts';

export function registerTagCommands(program: Command) {
  program.command('tags').description('customer tags')
    .command('import').description('import tags and tag assignments from a CSV file (the columns of POST /v1/tag-imports)')
    .argument('<file>', 'the CSV file, or - for standard input')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .option('--dry-run', 'check every row and report what would change, writing nothing')
    .option('--skip-invalid', 'apply the good rows and report the bad ones (default: one bad row stops it all)')
    .option('--json', 'print the report as JSON')
    .addOption(dataOption())
    .action(async (file: string, flags: { store: string; dryRun?: boolean; skipInvalid?: boolean; json?: boolean; data: string }) => {
      if (file !== '-' && !existsSync(file)) throw new ClienteleError('invalid', 'cli.file', `<file>: ${file} does not exist.`);
      const report = await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        return importTags(ctx, file === '-' ? process.stdin : createReadStream(file), { dry_run: flags.dryRun, skip_invalid: flags.skipInvalid });
      });
      if (flags.json) {
        console.log(JSON.stringify(report));
        return;
      }
      console.log(`${report.dry_run ? 'Dry run: would apply' : 'Applied'} ${report.rows_applied} of ${report.rows} rows: `
        + `${report.assignments_added} tags given, ${report.assignments_unchanged} already there, ${report.assignments_replaced} replaced, `
        + `${report.tags_created} tags and ${report.categories_created} categories created.`);
      for (const error of report.errors) console.log(`row ${error.row}, column ${error.column}: ${error.message}`);
      if (report.errors.length > 0) process.exitCode = 1;
    });
}
