// Recording one sale over HTTP (POST /v1/sales: validation, products, the sale and its lines, the customer's
// tallies and loyalty points, one transaction) against a route doing one primary-key SELECT behind the same auth.
// autocannon over loopback, runs taken in turn; every sale has its own external id and cycles over customers.
import type { AddressInfo } from 'node:net';
import { openDataset, SIZES } from './generate.ts';
import {
  buildBenchApp, compareLoads, describeMachine, fixed, type Kind, label, machine, median, ms, p95, pairedRatio, parseFlags, reproduce, type Summary, table, today,
  writeSection,
} from './harness.ts';

const RUNS = 5;
const SECONDS = 4;
const CONNECTIONS = 10;

const flags = await parseFlags();

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const { manifest } = dataset;
  const app = await buildBenchApp(dataset.connection);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const headers = { authorization: `Bearer ${manifest.main.key}` };
  const ids = manifest.sampleIds;
  // A till's receipt: three lines, one paid by card; loyalty points on, as a store would run it.
  await app.inject({ method: 'PATCH', url: '/v1/store', headers, payload: { loyalty_points_per_unit: 1, default_margin_bp: 3500 } });
  const sale = JSON.stringify({
    external_id: 'bench-{{n}}', channel: 'bench-till', customer_id: '{{value}}', occurred_at: '2026-03-01T10:00:00Z',
    lines: [
      { sku: 'BENCH-MUG', description: 'Mug', quantity: 2, unit_price: 450, tax: 180 },
      { sku: 'BENCH-CANDLE', description: 'Candle', quantity: 1, unit_price: 1299, discount: 100, tax: 240 },
      { sku: 'POST', description: 'Postage', quantity: 1, unit_price: 395, is_product: false },
    ],
    payments: [{ method: 'card', amount: 900 + 1199 + 395 + 420 }],
  });
  const common = { headers, connections: CONNECTIONS, duration: SECONDS };
  const result = await compareLoads(
    { ...common, url, paths: ids.map((id) => `/v1/bench/customers/${id}`) },
    { ...common, url, paths: ['/v1/sales'], body: sale, values: ids }, RUNS);
  await app.close();

  const row = (side: string, s: Summary) => [side, fixed(median(s.runs), 0), ms(median(s.latencies)), ms(p95(s.latencies)), s.requests];
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size} (main store `
      + `${SIZES[flags.size].main.toLocaleString('en-GB')} customers; sales cycle over ${ids.length} of them). Load: autocannon in a child `
      + `process, ${CONNECTIONS} connections, ${RUNS} runs of ${SECONDS} s per side, taken in turn after a 2 s warm-up.`,
    '',
    table(['side', 'req/s', 'median ms', 'p95 ms', 'requests'], [
      row('baseline: one PK SELECT behind the same auth', result.baseline),
      row('POST /v1/sales, 3 lines, tallies and points', result.candidate),
    ]),
    '',
    `Ratio (req/s, median of run-by-run sale / baseline): ${fixed(pairedRatio(result.candidate, result.baseline))}; `
      + `p95 ratio: ${fixed(p95(result.candidate.latencies) / p95(result.baseline.latencies))}. The issue sets no goal for this one; it is the `
      + 'reference the frequency-group upkeep of issue 6 is measured against.',
    '',
    `Reproduce: ${reproduce('record-sale.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nRecording a sale — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `record-sale:${flags.size}:${kind}`, title: `Recording a sale — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

for (const kind of flags.kinds) await bench(kind);
