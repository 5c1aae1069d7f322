/**
 * Reader for separator-framed objects: JsonFormat (`.json`, `.json.gz`, records end with "\n") and
 * ByteArrayFormat (`.bin` or the configured extension, optionally `.gz`, records end with
 * `format.bytearray.separator`). A record is the exact stored bytes between separators. The sink writes
 * a separator after every record, the last one included, so bytes after the last separator mean a
 * truncated object ("missing final separator"), as in Confluent's own source connector.
 */
import { MalformedBackupObjectError } from '../domain/errors';
import { CorruptGzipError, gunzipChunks } from './gunzip-chunks';
import { type RecordBatch, type RecordReader, type ReaderOptions, checkReaderOptions } from './record-batch';
import { SeparatorSplitter } from './separator-splitter';

export interface SeparatedReaderOptions extends ReaderOptions {
  /** The record separator (JSON: "\n"). */
  readonly separator: Buffer;
  /** Gunzip the object first; default: the object name ends with ".gz". */
  readonly gzip?: boolean;
}

export class SeparatedRecordsReader implements RecordReader {
  private readonly startAtRecord: number;
  private readonly maxBatchRecords: number;
  private readonly separator: Buffer;
  private readonly gzip: boolean;
  private iterated = false;
  private total?: number;

  constructor(
    private readonly source: AsyncIterable<Uint8Array>,
    readonly objectName: string,
    readonly format: 'json' | 'bytearray',
    opts: SeparatedReaderOptions,
  ) {
    ({ startAtRecord: this.startAtRecord, maxBatchRecords: this.maxBatchRecords } = checkReaderOptions(opts));
    if (opts.separator.length === 0) throw new RangeError('separator must not be empty');
    this.separator = opts.separator;
    this.gzip = opts.gzip ?? objectName.endsWith('.gz');
  }

  /** JSON and ByteArray objects carry no schema. */
  async writerSchema(): Promise<null> {
    return null;
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
    // Resume counts records, not bytes: a byte position inside a gzip stream is no place to restart.
    const splitter = new SeparatorSplitter(this.separator, this.startAtRecord);
    const input = this.gzip ? gunzipChunks(this.source) : this.source;
    let pending: Buffer[] = [];
    let firstIndex = this.startAtRecord;
    try {
      for await (const chunk of input) {
        splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength), pending);
        while (pending.length >= this.maxBatchRecords) {
          const records = pending.length === this.maxBatchRecords ? pending : pending.slice(0, this.maxBatchRecords);
          pending = records === pending ? [] : pending.slice(this.maxBatchRecords);
          yield { firstIndex, records };
          firstIndex += records.length;
        }
      }
    } catch (e) {
      if (e instanceof CorruptGzipError) {
        throw new MalformedBackupObjectError(this.objectName, splitter.recordCount, e.message, { cause: e });
      }
      throw e;
    }
    if (pending.length > 0) yield { firstIndex, records: pending };
    if (splitter.trailingBytes > 0) {
      const reason = `missing final separator: ${splitter.trailingBytes} byte(s) after the last separator (truncated object?)`;
      throw new MalformedBackupObjectError(this.objectName, splitter.recordCount, reason);
    }
    this.total = splitter.recordCount;
  }
}
