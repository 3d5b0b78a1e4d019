// npm run bench -- [--size small|full] [--db pglite|postgres|both] [--only generate,api-overhead,customer-lookup,long-work,tag-search,customer-export,groups-scale,groups-sale,groups-recompute]
// Runs every bench file in turn, each in its own process and on one database at a time, so one run's memory, pool
// or PGlite folder never weighs on the next. Each file prints its table and rewrites its section of BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR, parseFlags } from './harness.ts';

const BENCHES: Record<string, string[]> = {
  // Makes the data set when it is missing (and records how long that took); reuses it otherwise.
  generate: ['generate.ts', '--reuse'],
  'api-overhead': ['api-overhead.bench.ts'],
  'customer-lookup': ['customer-lookup.bench.ts'],
  'long-work': ['long-work.bench.ts'],
  'tag-search': ['tag-search.bench.ts'],
  'customer-export': ['customer-export.bench.ts'],
  'record-sale': ['record-sale.bench.ts'],
  'sales-import': ['sales-import.bench.ts'],
  'sales-report': ['sales-report.bench.ts'],
  'groups-scale': ['groups-scale.bench.ts'],
  'groups-sale': ['groups-sale.bench.ts'],
  'groups-recompute': ['groups-recompute.bench.ts'],
};

const flags = await parseFlags();
const unknown = flags.only.filter((name) => !(name in BENCHES));
if (unknown.length > 0) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
const names = flags.only.length > 0 ? flags.only : Object.keys(BENCHES);
if (!names.includes('generate')) names.unshift('generate');

const failed: string[] = [];
for (const kind of flags.kinds) {
  for (const name of names) {
    const [file, ...extra] = BENCHES[name]!;
    console.log(`\n== ${name} — ${flags.size} — ${kind}`);
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', 'tsx', join(BENCH_DIR, file!), '--size', flags.size, '--db', kind, ...extra], {
      stdio: 'inherit',
    });
    console.log(`== ${name} — ${kind}: ${result.status === 0 ? 'done' : `failed (${result.status ?? result.signal})`} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    if (result.status !== 0) failed.push(`${name} on ${kind}`);
  }
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
console.log('\nall benches done; results are in BENCHMARKS.md');
