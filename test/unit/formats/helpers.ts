/** Shared helpers for the record-codec tests (not a test file itself). */
import * as fs from 'fs';
import * as path from 'path';
import { MalformedBackupObjectError } from '../../../domain/errors';
import { type RecordBatch } from '../../../formats';
import { zigzag } from '../../../dev/sink-simulator/encoders';

export const FIXTURES = path.join(__dirname, '../../fixtures/avro');

export function fixture(relative: string): Buffer {
  return fs.readFileSync(path.join(FIXTURES, relative));
}

/** The buffer as a stream of chunks of `size` bytes (1 = the hardest case for boundary handling). */
export async function* chunked(buf: Buffer, size = buf.length || 1): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/** Reads everything; checks that batches are contiguous and non-empty. */
export async function collect(reader: AsyncIterable<RecordBatch>): Promise<{ records: Buffer[]; batches: RecordBatch[] }> {
  const records: Buffer[] = [];
  const batches: RecordBatch[] = [];
  for await (const batch of reader) {
    expect(batch.records.length).toBeGreaterThan(0);
    if (batches.length > 0) {
      const prev = batches[batches.length - 1];
      expect(batch.firstIndex).toBe(prev.firstIndex + prev.records.length);
    }
    batches.push(batch);
    records.push(...batch.records);
  }
  return { records, batches };
}

/** Reads until failure; returns the records yielded before it and the error. */
export async function collectUntilError(reader: AsyncIterable<RecordBatch>): Promise<{ records: Buffer[]; error: unknown }> {
  const records: Buffer[] = [];
  try {
    for await (const batch of reader) records.push(...batch.records);
  } catch (error) {
    return { records, error };
  }
  return { records, error: undefined };
}

/** Asserts a MalformedBackupObjectError that names the object (and the record index, when given). */
export function expectMalformed(error: unknown, objectName: string, recordIndex?: number, reason?: RegExp): void {
  expect(error).toBeInstanceOf(MalformedBackupObjectError);
  const e = error as MalformedBackupObjectError;
  expect(e.retryable).toBe(false);
  expect(e.objectName).toBe(objectName);
  expect(e.message).toContain(objectName);
  if (recordIndex !== undefined) expect(e.recordIndex).toBe(recordIndex);
  if (reason) expect(e.message).toMatch(reason);
}

/** Hand-built container file, for shapes the encoder never writes (bad counts, bzip2, odd metadata). */
export function buildOcf(opts: {
  schema?: string;
  codec?: string | null;
  blocks: Array<{ count: number; data: Buffer }>;
  sync?: Buffer;
  extraMetadata?: Record<string, string>;
}): Buffer {
  const sync = opts.sync ?? Buffer.from('0123456789abcdef');
  const meta: Array<[string, string]> = [];
  if (opts.schema !== undefined) meta.push(['avro.schema', opts.schema]);
  if (opts.codec !== null) meta.push(['avro.codec', opts.codec ?? 'null']);
  for (const [k, v] of Object.entries(opts.extraMetadata ?? {})) meta.push([k, v]);
  const parts: Buffer[] = [Buffer.from('Obj\x01', 'latin1'), zigzag(meta.length)];
  for (const [k, v] of meta) parts.push(zigzag(Buffer.byteLength(k)), Buffer.from(k), zigzag(Buffer.byteLength(v)), Buffer.from(v));
  parts.push(zigzag(0), sync);
  for (const b of opts.blocks) parts.push(zigzag(b.count), zigzag(b.data.length), b.data, sync);
  return Buffer.concat(parts);
}

/** Avro binary of a string datum. */
export function avroString(s: string): Buffer {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([zigzag(b.length), b]);
}
