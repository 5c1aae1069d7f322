/** Types shared by every backup-object reader. */

export type BackupFormat = 'avro' | 'json' | 'bytearray';

export interface RecordBatch {
  /** Index (0-based, within the object) of records[0]; record i of the batch is record firstIndex + i. */
  readonly firstIndex: number;
  /**
   * The exact stored value bytes of each record, in object order. They are views into larger buffers
   * (no copy on the hot path), so copy one only to keep it long after the batch is published.
   */
  readonly records: Buffer[];
}

/** Reads one backup object once, as batches of records. */
export interface RecordReader extends AsyncIterable<RecordBatch> {
  readonly format: BackupFormat;
  readonly objectName: string;
  /**
   * The Avro writer schema (`avro.schema` text as stored) for Avro objects, read from the header on
   * first call without consuming any record; null for JSON and ByteArray objects.
   */
  writerSchema(): Promise<string | null>;
  /**
   * Records in the whole object (skipped ones included) once iteration has reached its end; undefined
   * before. A start past the end yields nothing rather than failing (skipping records already restored
   * by a duplicate-overlap rule can legitimately ask for that); a caller that resumes from a checkpoint
   * can compare its start with this count to notice an object that shrank since.
   */
  readonly recordsInObject?: number;
}

export interface ReaderOptions {
  /** Skip this many records first (resume from a checkpoint taken as a record index). Default 0. */
  readonly startAtRecord?: number;
  /** Upper bound on records per batch. Default 4096. */
  readonly maxBatchRecords?: number;
}

export const DEFAULT_MAX_BATCH_RECORDS = 4096;

export function checkReaderOptions(opts: ReaderOptions): { startAtRecord: number; maxBatchRecords: number } {
  const startAtRecord = opts.startAtRecord ?? 0;
  const maxBatchRecords = opts.maxBatchRecords ?? DEFAULT_MAX_BATCH_RECORDS;
  if (!Number.isSafeInteger(startAtRecord) || startAtRecord < 0) {
    throw new RangeError(`startAtRecord must be a non-negative integer, got ${startAtRecord}`);
  }
  if (!Number.isSafeInteger(maxBatchRecords) || maxBatchRecords < 1) {
    throw new RangeError(`maxBatchRecords must be a positive integer, got ${maxBatchRecords}`);
  }
  return { startAtRecord, maxBatchRecords };
}
