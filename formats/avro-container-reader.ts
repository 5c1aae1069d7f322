/**
 * Streaming reader for Avro Object Container Files (what the Confluent sink's AvroFormat writes).
 *
 * Yields each record's exact stored datum bytes, sliced from the decompressed block, so a restore can
 * publish them unchanged (optionally behind a Schema Registry prefix). It is its own container parser,
 * not avsc's file decoder, because that decoder returns zero records and no error for a truncated file;
 * here every truncation, bad sync marker, bad block or datum that does not fit the writer schema is a
 * MalformedBackupObjectError naming the object and the record index, and a block is validated whole
 * before any of its records is yielded.
 */
import { constants as bufferConstants } from 'buffer';
import { MalformedBackupObjectError } from '../domain/errors';
import { AvroDatumError, type Cursor } from './avro-cursor';
import { decompressBlock } from './avro-codecs';
import { type AvroHeader, readAvroHeader, readStreamLong } from './avro-header';
import { minEncodedSize, parseAvroSchema } from './avro-schema';
import { type Skipper, checkCount, compileSkipper } from './avro-skip';
import { ByteSource } from './byte-source';
import { type RecordBatch, type RecordReader, type ReaderOptions, checkReaderOptions } from './record-batch';

export type { AvroHeader } from './avro-header';

const SYNC_SIZE = 16;
/** Java's DataFileStream rejects blocks over 2^31-1 bytes too; also caps what a corrupt size can make us buffer. */
const MAX_BLOCK_SIZE = Math.min(0x7fffffff, bufferConstants.MAX_LENGTH);

interface Walker {
  readonly skip: Skipper;
  readonly minDatumSize: number;
}

export class AvroContainerReader implements RecordReader {
  readonly format = 'avro' as const;
  private readonly src: ByteSource;
  private readonly startAtRecord: number;
  private readonly maxBatchRecords: number;
  private headerRead?: Promise<AvroHeader>;
  private iterated = false;
  private total?: number;
  /** Decompressed size of the last block, which sizes the next one's output buffer. */
  private lastBlockSize = 0;

  /**
   * @param source the object's bytes in any chunking; chunks must not be reused by the producer
   *   (records of null-codec blocks are views into them).
   */
  constructor(source: AsyncIterable<Uint8Array>, readonly objectName: string, opts: ReaderOptions = {}) {
    this.src = new ByteSource(source);
    ({ startAtRecord: this.startAtRecord, maxBatchRecords: this.maxBatchRecords } = checkReaderOptions(opts));
  }

  /** Reads the header on first call (iteration shares it), so the schema is known before any record. */
  header(): Promise<AvroHeader> {
    this.headerRead ??= readAvroHeader(this.src, this.objectName);
    return this.headerRead;
  }

  async writerSchema(): Promise<string> {
    return (await this.header()).writerSchema;
  }

  get recordsInObject(): number | undefined {
    return this.total;
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordBatch> {
    if (this.iterated) throw new Error(`${this.objectName}: a record reader can be iterated only once`);
    this.iterated = true;
    return this.batches();
  }

  private async *batches(): AsyncGenerator<RecordBatch, void, undefined> {
    try {
      const header = await this.header();
      const walker = this.compileWalker(header);
      let index = 0; // records in the blocks before the current one
      while (!(await this.src.atEnd())) {
        const { count, data } = await this.readBlock(header, index);
        if (index + count <= this.startAtRecord) {
          index += count; // resume: a block wholly before the start is neither decompressed nor walked
          continue;
        }
        const records = this.sliceRecords(this.decompress(header, data, index, count), count, index, walker);
        const first = index + (count - records.length);
        if (records.length <= this.maxBatchRecords) {
          yield { firstIndex: first, records };
        } else {
          for (let i = 0; i < records.length; i += this.maxBatchRecords) {
            yield { firstIndex: first + i, records: records.slice(i, i + this.maxBatchRecords) };
          }
        }
        index += count;
      }
      this.total = index;
    } finally {
      await this.src.close();
    }
  }

  private compileWalker(header: AvroHeader): Walker {
    try {
      const type = parseAvroSchema(header.writerSchema);
      return { skip: compileSkipper(type), minDatumSize: minEncodedSize(type) };
    } catch (e) {
      throw this.malformed(0, `writer schema is not usable: ${(e as Error).message}`, e);
    }
  }

  /** Reads `[count][byteSize][data][sync]` and checks the sync marker; the data is still compressed. */
  private async readBlock(header: AvroHeader, index: number): Promise<{ count: number; data: Buffer }> {
    const at = this.src.offset;
    const fail = (reason: string) => this.malformed(index, `block at byte ${at}: ${reason}`);
    const count = await readStreamLong(this.src, fail, 'block record count');
    const size = await readStreamLong(this.src, fail, 'block byte size');
    if (count < 0) throw fail(`negative record count ${count}`);
    if (size < 0 || size > MAX_BLOCK_SIZE) throw fail(`invalid byte size ${size}`);
    if (!(await this.src.fill(size + SYNC_SIZE))) {
      const where = this.src.available < size ? 'block data' : 'sync marker after the block';
      throw fail(`object ends inside the ${where} (${count} records, ${size} bytes declared)`);
    }
    // A compressed block is inflated before the next read, so when it spans chunks it needs no buffer of its own.
    const data = header.codec === 'null' ? this.src.take(size) : this.src.takeTransient(size);
    const sync = this.src.take(SYNC_SIZE);
    if (!sync.equals(header.syncMarker)) throw fail('sync marker after the block does not match the header');
    return { count, data };
  }

  private decompress(header: AvroHeader, data: Buffer, index: number, count: number): Buffer {
    try {
      const out = decompressBlock(header.codec, data, this.lastBlockSize);
      this.lastBlockSize = out.length;
      return out;
    } catch (e) {
      const reason = `cannot decompress the ${header.codec} block of ${count} records: ${(e as Error).message}`;
      throw this.malformed(index, reason, e);
    }
  }

  /** Walks every datum of a block (also those before the resume point) and slices those to yield. */
  private sliceRecords(raw: Buffer, count: number, firstIndex: number, walker: Walker): Buffer[] {
    const c: Cursor = { buf: raw, pos: 0, end: raw.length };
    const from = Math.max(0, this.startAtRecord - firstIndex);
    const records: Buffer[] = [];
    const skip = walker.skip;
    let i = 0;
    try {
      checkCount(c, count, walker.minDatumSize, 'block record');
      for (; i < count; i++) {
        const start = c.pos;
        skip(c);
        if (i >= from) records.push(raw.subarray(start, c.pos));
      }
    } catch (e) {
      if (!(e instanceof AvroDatumError)) throw e;
      const where = `offset within the decompressed block holding records ${firstIndex}..${firstIndex + count - 1}`;
      throw this.malformed(firstIndex + i, `${e.message} (${where})`, e);
    }
    if (c.pos !== c.end) {
      const reason = `block holding records ${firstIndex}..${firstIndex + count - 1} has ${c.end - c.pos} byte(s) left after its last record`;
      throw this.malformed(firstIndex, reason);
    }
    return records;
  }

  private malformed(recordIndex: number, reason: string, cause?: unknown): MalformedBackupObjectError {
    return new MalformedBackupObjectError(this.objectName, recordIndex, reason, cause ? { cause } : undefined);
  }
}

/** Convenience: an AvroContainerReader over `source`. */
export function readAvroContainer(
  source: AsyncIterable<Uint8Array>,
  objectName: string,
  opts?: ReaderOptions,
): AvroContainerReader {
  return new AvroContainerReader(source, objectName, opts);
}
