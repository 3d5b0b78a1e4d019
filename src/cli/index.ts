import { Command } from 'commander';
import { fromDatabaseError } from '../db/errors.ts';
import { ClienteleError } from '../lib/errors.ts';
import { isServing } from './context.ts';
import { registerServeCommands } from './serve.ts';
import { registerCustomerCommands } from './customers.ts';
import { registerGroupCommands } from './groups.ts';
import { registerSalesCommands } from './sales.ts';
import { registerStoreCommands } from './stores.ts';
import { registerTagCommands } from './tags.ts';

const program = new Command('clientele')
  .description('Clientele: customers, tags and customer groups for shops, tills and B2B sellers')
  // Usage errors on one line that names the flag or value.
  .configureOutput({ outputError: (message, write) => write(`${message.split('\n')[0]} (see --help)\n`) });

registerServeCommands(program);
registerStoreCommands(program);
registerCustomerCommands(program);
registerTagCommands(program);
registerSalesCommands(program);
registerGroupCommands(program);

try {
  await program.parseAsync();
  // A one-shot command ends here, even if a library left a timer or a handle open.
  if (!isServing()) process.exit(process.exitCode ?? 0);
} catch (caught) {
  // The same code, field and message the API would answer, on one line.
  const error = caught instanceof ClienteleError ? caught : (fromDatabaseError(caught) ?? caught);
  if (error instanceof ClienteleError) {
    const where = [error.details.field && `field ${error.details.field}`, error.details.row && `row ${error.details.row}`,
      error.details.column && `column ${error.details.column}`].filter(Boolean).join(', ');
    const errors = error.details.errors ?? [];
    const first = errors[0];
    const detail = first?.field && errors.length > 1 ? ` (first: ${first.field} ${first.message})` : '';
    console.error(`error: ${error.code}: ${error.message}${where ? ` [${where}]` : ''}${detail}`);
    // A file's bad rows, one line each, as the API lists them.
    for (const rowError of errors.filter((e) => e.row !== undefined).slice(0, 50)) {
      console.error(`row ${rowError.row}${rowError.column ? `, column ${rowError.column}` : ''}: ${rowError.message}`);
    }
    process.exit(error.kind === 'invalid' ? 2 : 1);
  }
  throw error;
}
