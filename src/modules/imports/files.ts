import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream';
import { pipeline as pipe } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { type CsvRecord, readCsv } from '../../lib/csv.ts';
import { ClienteleError } from '../../lib/errors.ts';

/** A sales file as sent (gzip or not): beyond this it is refused with 413. */
export const MAX_SALES_FILE_BYTES = 1_000_000_000;
/** The CSV inside it, once decompressed. */
const MAX_SALES_CSV_BYTES = 10_000_000_000;

/** gzip by its magic bytes (1f 8b), whatever the file's name or the request's content type says. */
export async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await file.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/**
 * The file's CSV records, decompressed when it is gzip, streamed: memory does not grow with the file.
 * `progress.bytes` counts the bytes of the file as stored (compressed) read so far.
 */
export async function* readFileRows(
  path: string, columns: { known: readonly string[]; required: readonly string[] }, progress: { bytes: number },
): AsyncGenerator<CsvRecord> {
  const gzip = await isGzip(path);
  async function* counted(source: AsyncIterable<Buffer>) {
    for await (const chunk of source) {
      progress.bytes += chunk.length;
      yield chunk;
    }
  }
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  const input = gzip ? pipeline(raw, counted, createGunzip(), () => {}) : counted(raw);
  // A gzip stream that breaks off ends the records with import.csv_invalid at the row it reached.
  try {
    yield* readCsv(input, columns, MAX_SALES_CSV_BYTES);
  } finally {
    raw.destroy();
  }
}

/** A request body saved to a temporary file (a job reads it twice, after the request has ended). */
export async function saveUpload(body: AsyncIterable<Buffer | string>): Promise<{ path: string; bytes: number; remove: () => Promise<void> }> {
  const folder = await mkdtemp(join(tmpdir(), 'clientele-import-'));
  const path = join(folder, 'upload');
  const remove = () => rm(folder, { recursive: true, force: true });
  let bytes = 0;
  try {
    await pipe(body, async function* (source: AsyncIterable<Buffer | string>) {
      for await (const chunk of source) {
        bytes += chunk.length;
        if (bytes > MAX_SALES_FILE_BYTES) {
          throw new ClienteleError('too_large', 'import.too_large', `The file is larger than ${MAX_SALES_FILE_BYTES / 1e6} MB.`);
        }
        yield chunk;
      }
    }, createWriteStream(path));
  } catch (error) {
    await remove();
    throw error;
  }
  if (bytes === 0) {
    await remove();
    throw new ClienteleError('invalid', 'import.file_empty', 'The request has no file: send it as the body.');
  }
  return { path, bytes, remove };
}
