import type { Command } from 'commander';
import { ClienteleError } from '../lib/errors.ts';
import { getGroup, listGroups, queueRecompute } from '../modules/groups/service.ts';
import { runQueuedRecompute } from '../modules/groups/upkeep.ts';
import { dataOption, parseStoreId, storeCtx, withDatabase } from './context.ts';

export function registerGroupCommands(program: Command) {
  const groups = program.command('groups').description('customer groups');

  groups.command('list').description('list the store\'s groups with their member counts')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .option('--json', 'print the groups as JSON')
    .addOption(dataOption())
    .action(async (flags: { store: string; json?: boolean; data: string }) => {
      const items = await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        const all = [];
        let cursor: string | undefined;
        do {
          const page = await listGroups(ctx, { sort: 'number', limit: 500, cursor });
          all.push(...page.items);
          cursor = page.next_cursor ?? undefined;
        } while (cursor);
        return all;
      });
      if (flags.json) {
        console.log(JSON.stringify(items));
        return;
      }
      for (const g of items) {
        const rule = g.kind === 'frequency' ? ` ${g.metric} ${g.window} from ${g.active_from}, ${g.levels.length} levels` : '';
        console.log(`${g.number}\t${g.id}\t${g.code ?? '-'}\t${g.name}\t${g.kind}${rule}\t${g.member_count} members${g.vip ? '\tVIP' : ''}`);
      }
    });

  groups.command('recompute').description('recompute a frequency group now, from every sale (what a change of its rules does in the background)')
    .argument('<group-id>', 'the group\'s id')
    .requiredOption('--store <id>', 'store id', parseStoreId)
    .option('--json', 'print the result as JSON')
    .addOption(dataOption())
    .action(async (groupId: string, flags: { store: string; json?: boolean; data: string }) => {
      if (!/^[0-9a-f-]{36}$/i.test(groupId)) throw new ClienteleError('invalid', 'cli.group_id', `<group-id>: "${groupId}" is not a group id (a UUID).`);
      const result = await withDatabase(flags, async (connection) => {
        const ctx = await storeCtx(connection, flags.store);
        await queueRecompute(ctx, groupId);
        const started = Date.now();
        const moves = await runQueuedRecompute(ctx, groupId, 'rule');
        return { group: await getGroup(ctx, groupId), moves, seconds: (Date.now() - started) / 1000 };
      });
      if (flags.json) {
        console.log(JSON.stringify(result));
        return;
      }
      const { group, moves } = result;
      console.log(`${group.name}: ${group.member_count} members after evaluating ${group.recompute?.total ?? 0} customers in ${result.seconds.toFixed(1)} s `
        + `(${moves?.entered ?? 0} entered, ${moves?.level_changed ?? 0} changed level, ${moves?.left ?? 0} left).`);
    });
}
