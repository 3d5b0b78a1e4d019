// The server of the export bench, forked by customer-export.bench.ts: the app listening on a port in a process of
// its own, so its memory (VmRSS, VmHWM in /proc/<pid>/status) is the server's alone. On PGlite it also runs the COPY
// baseline in the same process, on the same database (PGlite is one process: COPY TO '/dev/blob' is its COPY TO STDOUT).
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../src/app.ts';
import { openDataset } from './generate.ts';
import { parseFlags } from './harness.ts';

// Ends with its parent, whatever happens to it.
process.on('disconnect', () => process.exit(1));

// The app opens PGlite inside connect(); the COPY needs the same instance (a second one on the folder would corrupt it).
let pglite: PGlite | undefined;
const create = PGlite.create.bind(PGlite);
(PGlite as unknown as { create: typeof PGlite.create }).create = (async (...args: Parameters<typeof PGlite.create>) => {
  pglite = await create(...args);
  return pglite;
}) as typeof PGlite.create;

const flags = await parseFlags();
const dataset = await openDataset(flags.size, flags.kinds[0]!);
const app = await buildApp({ connection: dataset.connection, rateLimitPerMinute: 1_000_000_000 });
await app.listen({ port: 0, host: '127.0.0.1' });

process.on('message', async (message: { copy?: string; close?: boolean }) => {
  if (message.copy) {
    const started = performance.now();
    const result = await pglite!.query(`copy (${message.copy}) to '/dev/blob' with (format csv)`);
    const ms = performance.now() - started;
    const bytes = new Uint8Array(await result.blob!.arrayBuffer());
    let rows = 0;
    for (const byte of bytes) if (byte === 10) rows++;
    process.send!({ ms, bytes: bytes.length, rows });
  }
  if (message.close) {
    await app.close();
    await dataset.close();
    process.send!({ closed: true }, () => process.exit(0));
  }
});
process.send!({ port: (app.server.address() as AddressInfo).port });
