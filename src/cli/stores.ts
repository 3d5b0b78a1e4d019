import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import { ClienteleError } from '../lib/errors.ts';
import { createApiKey } from '../modules/access/api-keys.ts';
import { isRight, RIGHTS } from '../modules/access/rights.ts';
import { listRoles } from '../modules/access/roles.ts';
import { createStore } from '../modules/access/stores.ts';
import { createUser } from '../modules/access/users.ts';
import { dataOption, parseStoreId, storeCtx, withDatabase } from './context.ts';

export function registerStoreCommands(program: Command) {
  program.command('store').description('stores (tenants)')
    .command('create').description('create a store and print its id and an owner API key (shown once)')
    .argument('<name>', 'the store name')
    .addOption(new Option('--currency <code>', 'ISO 4217 currency').default('GBP'))
    .addOption(new Option('--locale <locale>', 'language of the store').choices(['en', 'fr']).default('en'))
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (name: string, flags: { currency: string; locale: 'en' | 'fr'; json?: boolean; data: string }) => {
      const created = await withDatabase(flags, (connection) =>
        createStore(connection.db, { name, currency: flags.currency.toUpperCase(), locale: flags.locale }));
      const output = { store_id: created.store.id, api_key: created.api_key };
      console.log(flags.json ? JSON.stringify(output) : `Store ${created.store.id}\nOwner API key (shown once): ${created.api_key}`);
    });

  program.command('user').description('users of a store')
    .command('create').description('create a user; prints the password when none is given')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--role <role>', 'role name: owner, manager, cashier, viewer or a role of the store')
    .option('--name <name>', 'display name (default: the email)')
    .option('--password <password>', 'password (default: generated; or set CLIENTELE_PASSWORD)')
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (flags: { store: string; email: string; role: string; name?: string; password?: string; json?: boolean; data: string }) => {
      const password = flags.password ?? process.env.CLIENTELE_PASSWORD ?? randomBytes(12).toString('base64url');
      const user = await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        const role = (await listRoles(ctx)).find((r) => r.name.toLowerCase() === flags.role.toLowerCase());
        if (!role) throw new ClienteleError('invalid', 'cli.role', `--role: no role named "${flags.role}" in this store.`);
        return createUser(ctx, { email: flags.email, name: flags.name ?? flags.email, password, role_ids: [role.id] });
      });
      const shown = flags.password ? undefined : password;
      console.log(flags.json ? JSON.stringify({ user_id: user.id, ...(shown && { password: shown }) })
        : `User ${user.id}${shown ? `\nPassword (shown once): ${shown}` : ''}`);
    });

  program.command('key').description('API keys of a store')
    .command('create').description('create an API key and print it (shown once)')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .requiredOption('--rights <rights>', 'comma-separated rights, e.g. view_customers,record_sales')
    .option('--name <name>', 'what the key is for', 'CLI key')
    .option('--json', 'print JSON')
    .addOption(dataOption())
    .action(async (flags: { store: string; rights: string; name: string; json?: boolean; data: string }) => {
      const rights = flags.rights.split(',').map((right) => right.trim()).filter(Boolean);
      const unknown = rights.filter((right) => !isRight(right));
      if (unknown.length > 0 || rights.length === 0) {
        throw new ClienteleError('invalid', 'cli.rights', `--rights: unknown right "${unknown[0] ?? ''}"; the rights are ${Object.keys(RIGHTS).join(', ')}.`);
      }
      const key = await withDatabase(flags, async (connection) =>
        createApiKey(await storeCtx(connection, flags.store), { name: flags.name, rights: rights.filter(isRight) }));
      console.log(flags.json ? JSON.stringify({ api_key_id: key.id, api_key: key.secret }) : `API key (shown once): ${key.secret}`);
    });
}
