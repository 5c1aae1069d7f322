/**
 * Entry point of the record codecs: open a reader for one backup object by format.
 * Pure Node (Buffer, zlib, avsc): no network, no Temporal, so activities and tools share it.
 */
import { AvroContainerReader } from './avro-container-reader';
import { type RecordReader, type BackupFormat, type ReaderOptions } from './record-batch';
import { SeparatedRecordsReader } from './separated-records-reader';

export { AvroContainerReader } from './avro-container-reader';
export type { AvroHeader } from './avro-container-reader';
export type { AvroCodec } from './avro-codecs';
export { decodeAvroDatum, AvroDatumError } from './avro-datum-decoder';
export { SeparatedRecordsReader } from './separated-records-reader';
export { parseSeparatorSetting } from './separator-setting';
export type { BackupFormat, RecordBatch, RecordReader, ReaderOptions } from './record-batch';

export interface OpenRecordReaderOptions extends ReaderOptions {
  readonly format: BackupFormat;
  /** The object's name in the bucket: named in every error; a ".gz" suffix turns on gunzip (JSON/ByteArray). */
  readonly objectName: string;
  /** The object's bytes, in any chunking (e.g. a GCS read stream). */
  readonly source: AsyncIterable<Uint8Array>;
  /** ByteArray only (JSON always uses "\n"); default "\n". See parseSeparatorSetting. */
  readonly separator?: Buffer;
  /** JSON/ByteArray only: override the ".gz" suffix rule. */
  readonly gzip?: boolean;
}

const NEWLINE = Buffer.from('\n');

export function openRecordReader(opts: OpenRecordReaderOptions): RecordReader {
  const { format, objectName, source } = opts;
  const common: ReaderOptions = { startAtRecord: opts.startAtRecord, maxBatchRecords: opts.maxBatchRecords };
  switch (format) {
    case 'avro':
      return new AvroContainerReader(source, objectName, common);
    case 'json':
      // The sink's JsonFormat always ends records with the line separator: not configurable.
      return new SeparatedRecordsReader(source, objectName, 'json', { ...common, separator: NEWLINE, gzip: opts.gzip });
    case 'bytearray':
      return new SeparatedRecordsReader(source, objectName, 'bytearray', {
        ...common,
        separator: opts.separator ?? NEWLINE,
        gzip: opts.gzip,
      });
    default:
      throw new RangeError(`unknown backup format ${String(format satisfies never)}`);
  }
}
