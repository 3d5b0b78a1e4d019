// What the API adds to a request. (a) A hello route with every plugin on (API key auth, response schema, pino at info,
// rate limit) against bare node:http answering the same JSON. (b) GET /v1/customers/{id} against a route that runs
// one primary-key SELECT behind the same auth. (c) To explain (a): Fastify with the hello route alone against the
// same bare node:http, the ceiling of any Fastify app. autocannon over loopback, 10 connections, runs taken in turn.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { openDataset, SIZES } from './generate.ts';
import {
  buildBenchApp, compareLoads, describeMachine, pairedRatio, fixed, type Kind, label, machine, median, ms, p95, parseFlags, reproduce, type Summary, table, today,
  writeSection,
} from './harness.ts';

const RUNS = 5;
const SECONDS = 4;
const CONNECTIONS = 10;
const GOAL = 0.8;

const flags = await parseFlags();

async function bench(kind: Kind) {
  const dataset = await openDataset(flags.size, kind);
  const { manifest } = dataset;
  const app = await buildBenchApp(dataset.connection);
  app.get('/v1/bench/hello', {
    config: { right: 'view_customers' },
    schema: { response: { 200: Type.Object({ hello: Type.String(), store_id: Type.String() }) } },
  }, async (request) => ({ hello: 'world', store_id: request.ctx.tenantId }));
  // The same route without credentials: what the API key lookup (one SELECT per request) costs of the hello.
  app.get('/v1/bench/hello-open', {
    config: { auth: false },
    schema: { response: { 200: Type.Object({ hello: Type.String(), store_id: Type.String() }) } },
  }, async () => ({ hello: 'world', store_id: manifest.main.id }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const appUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  const hello = JSON.stringify({ hello: 'world', store_id: manifest.main.id });
  const bare = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    response.end(hello);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  // The ceiling: Fastify with this one route and nothing else (no plugin, hook or log), the same JSON through
  // the same response schema. What it loses to bare node:http, the app cannot win back.
  const plain = Fastify({ logger: false });
  plain.get('/v1/bench/hello', { schema: { response: { 200: Type.Object({ hello: Type.String(), store_id: Type.String() }) } } },
    async () => ({ hello: 'world', store_id: manifest.main.id }));
  await plain.listen({ port: 0, host: '127.0.0.1' });
  const plainUrl = `http://127.0.0.1:${(plain.server.address() as AddressInfo).port}`;

  const headers = { authorization: `Bearer ${manifest.main.key}` };
  const common = { headers, connections: CONNECTIONS, duration: SECONDS };
  const ids = manifest.sampleIds;
  const comparisons = [
    {
      name: 'hello', baselineName: 'bare node:http, same JSON', candidateName: 'GET /v1/bench/hello, every plugin',
      ...(await compareLoads(
        { ...common, url: bareUrl, paths: ['/v1/bench/hello'] },
        { ...common, url: appUrl, paths: ['/v1/bench/hello'] }, RUNS)),
    },
    {
      name: 'hello, bare Fastify (the ceiling)', baselineName: 'bare node:http, same JSON', candidateName: 'Fastify, one route, no plugin',
      ...(await compareLoads(
        { ...common, url: bareUrl, paths: ['/v1/bench/hello'] },
        { ...common, url: plainUrl, paths: ['/v1/bench/hello'] }, RUNS)),
    },
    {
      name: 'hello, no auth (to explain)', baselineName: 'bare node:http, same JSON', candidateName: 'GET /v1/bench/hello-open, auth: false',
      ...(await compareLoads(
        { ...common, url: bareUrl, paths: ['/v1/bench/hello'] },
        { ...common, url: appUrl, paths: ['/v1/bench/hello-open'] }, RUNS)),
    },
    {
      name: 'customer by id', baselineName: 'one PK SELECT behind the same auth', candidateName: 'GET /v1/customers/{id}',
      ...(await compareLoads(
        { ...common, url: appUrl, paths: ids.map((id) => `/v1/bench/customers/${id}`) },
        { ...common, url: appUrl, paths: ids.map((id) => `/v1/customers/${id}`) }, RUNS)),
    },
  ];
  await app.close();
  await plain.close();
  bare.close();

  const row = (name: string, side: string, s: Summary) => [name, side, fixed(median(s.runs), 0), ms(median(s.latencies)), ms(p95(s.latencies)), s.requests,
    fixed(median(s.cpu ?? []), 1)];
  const rows = comparisons.flatMap((c) => [
    row(c.name, `baseline: ${c.baselineName}`, c.baseline),
    row(c.name, c.candidateName, c.candidate),
  ]);
  const ratios = comparisons.map((c) => {
    const ratio = pairedRatio(c.candidate, c.baseline);
    const goal = c.name.includes('explain') || c.name.includes('ceiling') ? 'none' : `>= ${GOAL}`;
    const result = goal === 'none' ? '-' : ratio >= GOAL ? 'met' : `missed by ${fixed((GOAL - ratio) / GOAL * 100, 0)}%`;
    return [c.name, fixed(ratio), goal, result, fixed(pairedRatio({ ...c.baseline, runs: c.baseline.cpu ?? [] }, { ...c.candidate, runs: c.candidate.cpu ?? [] })),
      c.candidate.runs.map((r) => fixed(r, 0)).join(' / '), c.baseline.runs.map((r) => fixed(r, 0)).join(' / ')];
  });
  const body = [
    `Date: ${today()}. Machine: ${describeMachine(machine(dataset.version))}. Data: ${flags.size} (main store `
      + `${SIZES[flags.size].main.toLocaleString('en-GB')} customers). Load: autocannon in a child process, ${CONNECTIONS} connections, `
      + `${RUNS} runs of ${SECONDS} s per side, taken in turn after a 2 s warm-up; ids cycle over ${ids.length} customers.`,
    '',
    table(['comparison', 'side', 'req/s', 'median ms', 'p95 ms', 'requests', 'CPU µs/request'], rows),
    '',
    table(['comparison', 'ratio (req/s, median of run-by-run candidate / baseline)', 'goal', 'result', 'CPU ratio (baseline / candidate µs)', 'candidate runs', 'baseline runs'], ratios),
    '',
    'CPU µs/request: this process\'s CPU time (every thread: the app, PGlite, the log writer) over the requests answered, '
      + 'median of the runs; the database server\'s time is not in it. It moves much less than req/s when other work shares '
      + 'the two cores, so it says which way a change went when req/s ratios swing.',
    '',
    `Reproduce: ${reproduce('api-overhead.bench.ts', flags, kind)}.`,
  ].join('\n');
  console.log(`\nAPI overhead — ${flags.size} — ${label(kind)}\n${body}\n`);
  writeSection({ key: `api-overhead:${flags.size}:${kind}`, title: `API overhead — ${flags.size} — ${label(kind)}`, body });
  await dataset.close();
}

// Last, so every declaration above is initialised before the first bench runs.
for (const kind of flags.kinds) await bench(kind);
