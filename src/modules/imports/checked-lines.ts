// The good lines of a sales file, as the check pass read them, kept in a temporary file for the write pass. The
// file is read and parsed once: the write pass writes exactly what was checked, even if the file changes meanwhile,
// and spares the second parse (measured on Online Retail: 2.8 s of parsing against about 0.3 s to write and read
// these chunks back). Memory stays flat: a chunk of lines at a time.
import { createReadStream } from 'node:fs';
import { type FileHandle, mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InvoiceLine } from './formats/format.ts';

const CHUNK_LINES = 4096;
/** Each chunk is its length (4 bytes, little-endian), then the chunk as JSON. */
const LENGTH_BYTES = 4;

/** A chunk as stored: one array per field (far faster to write and read back than one object per line). */
interface StoredChunk {
  /** The bytes of the source file read when the chunk closed: the write pass's progress. */
  bytes: number;
  row: number[];
  invoice: string[];
  sku: string[];
  description: string[];
  quantity: number[];
  unitPrice: number[];
  occurredAt: number[];
  customer: (string | null)[];
  country: (string | null)[];
  isProduct: (0 | 1)[];
}

/** Lines read back, with the source file's bytes read when the last of them had been checked. */
export interface CheckedChunk {
  lines: InvoiceLine[];
  bytes: number;
}

function emptyChunk(): StoredChunk {
  return { bytes: 0, row: [], invoice: [], sku: [], description: [], quantity: [], unitPrice: [], occurredAt: [], customer: [], country: [], isProduct: [] };
}

export class CheckedLines {
  private chunk = emptyChunk();

  private constructor(private readonly folder: string, private readonly path: string, private readonly file: FileHandle) {}

  static async create(): Promise<CheckedLines> {
    const folder = await mkdtemp(join(tmpdir(), 'clientele-checked-lines-'));
    const path = join(folder, 'lines');
    return new CheckedLines(folder, path, await open(path, 'w'));
  }

  /**
   * Keeps a good line; `bytes` is how much of the source file has been read. Answers whether the chunk is full:
   * then `flush` it (a line is too small a step to wait on the disk for).
   */
  add(line: InvoiceLine, bytes: number): boolean {
    const { chunk } = this;
    chunk.row.push(line.row);
    chunk.invoice.push(line.invoice);
    chunk.sku.push(line.sku);
    chunk.description.push(line.description);
    chunk.quantity.push(line.quantity);
    chunk.unitPrice.push(line.unitPrice);
    chunk.occurredAt.push(line.occurredAt);
    chunk.customer.push(line.customer);
    chunk.country.push(line.country);
    chunk.isProduct.push(line.isProduct ? 1 : 0);
    chunk.bytes = bytes;
    return chunk.row.length >= CHUNK_LINES;
  }

  /** Writes what is buffered and closes the file for writing: call once, before `chunks`. */
  async finish(): Promise<void> {
    await this.flush();
    await this.file.close();
  }

  /** The lines in the order they were added, a chunk at a time. */
  async* chunks(): AsyncGenerator<CheckedChunk> {
    let pending: Buffer = Buffer.alloc(0);
    for await (const data of createReadStream(this.path, { highWaterMark: 1024 * 1024 })) {
      pending = pending.length === 0 ? (data as Buffer) : Buffer.concat([pending, data as Buffer]);
      let at = 0;
      while (pending.length - at >= LENGTH_BYTES) {
        const length = pending.readUInt32LE(at);
        if (pending.length - at - LENGTH_BYTES < length) break;
        yield linesOf(JSON.parse(pending.toString('utf8', at + LENGTH_BYTES, at + LENGTH_BYTES + length)) as StoredChunk);
        at += LENGTH_BYTES + length;
      }
      pending = pending.subarray(at);
    }
    if (pending.length > 0) throw new Error('The checked lines of the import end in the middle of a chunk.');
  }

  /** Removes the temporary file (and closes it if a failure came before `finish`). */
  async remove(): Promise<void> {
    await this.file.close().catch(() => {});
    await rm(this.folder, { recursive: true, force: true });
  }

  /** Writes the lines kept since the last flush. */
  async flush(): Promise<void> {
    if (this.chunk.row.length === 0) return;
    const json = Buffer.from(JSON.stringify(this.chunk));
    const length = Buffer.alloc(LENGTH_BYTES);
    length.writeUInt32LE(json.length);
    this.chunk = emptyChunk();
    await this.file.writev([length, json]);
  }
}

function linesOf(chunk: StoredChunk): CheckedChunk {
  const lines = chunk.row.map((row, i): InvoiceLine => ({
    row, invoice: chunk.invoice[i]!, sku: chunk.sku[i]!, description: chunk.description[i]!, quantity: chunk.quantity[i]!,
    unitPrice: chunk.unitPrice[i]!, occurredAt: chunk.occurredAt[i]!, customer: chunk.customer[i]!, country: chunk.country[i]!,
    isProduct: chunk.isProduct[i] === 1,
  }));
  return { lines, bytes: chunk.bytes };
}
