/**
 * The restore-side view of a Confluent GCS-sink backup: everything needed to find, name and order
 * the objects, and nothing secret. Plain JSON data so it can travel in Temporal payloads.
 * Property names mirror the Confluent GCS source connector (backup-format.md §6.1), which in turn
 * mirrors the sink, so users can reuse their sink configuration.
 */

export type BackupFormat = 'avro' | 'json' | 'bytearray';

export type TimePartitionerVariant = 'TimeBased' | 'Daily' | 'Hourly';

export type PartitionerSettings =
  | { kind: 'default' }
  | { kind: 'field'; fieldNames: string[] }
  | {
      kind: 'time';
      variant: TimePartitionerVariant;
      /** Joda pattern with the trailing directory.delim stripped; fixed for Daily/Hourly (§4). */
      pathFormat: string;
      /** partition.duration.ms; absent when not configured (restore only parses paths, so it is optional). */
      durationMs?: number;
      /** Joda zone id as configured: IANA name, `UTC`, or a fixed offset like `+05:30`. */
      timezone: string;
      /** Kept for reference; all supported pattern letters are numeric, so it never changes a path. */
      locale?: string;
      /** timestamp.extractor (Wallclock | Record | RecordField | FQCN) when known: predicts ordering risks. */
      timestampExtractor?: string;
    };

export type PartitionerKind = PartitionerSettings['kind'];

export interface BackupSettings {
  /** gcs.bucket.name */
  bucket: string;
  /** topics.dir: may contain `/`, may be blank (then keys start with the topic); not normalised, as in the sink. */
  topicsDir: string;
  /** directory.delim */
  directoryDelim: string;
  /** file.delim: not configurable in the source connector, kept for sinks that changed it. */
  fileDelim: string;
  format: BackupFormat;
  partitioner: PartitionerSettings;
  /** format.bytearray.separator, raw as configured (escape sequences still escaped); decoded elsewhere. */
  byteArraySeparator: string;
  /** format.bytearray.extension */
  byteArrayExtension: string;
  /** gcs.compression.type: says whether `.gz` objects are expected; both are accepted when reading. */
  compression: 'none' | 'gzip';
  /** tasks.max: restore parallelism hint. */
  tasksMax: number;
  /**
   * record.batch.max.size: records decoded per read batch (the connector's records per poll). Produce requests
   * are filled by bytes across batches, as a Connect worker's producer batches by bytes too.
   */
  recordBatchMaxSize: number;
  /** filename.offset.zero.pad.width */
  zeroPadWidth: number;
}

/** The naming subset of the settings that object-key parsing needs. */
export type KeyNaming = Pick<BackupSettings, 'topicsDir' | 'directoryDelim' | 'fileDelim'>;

export const DEFAULTS = {
  topicsDir: 'topics',
  directoryDelim: '/',
  fileDelim: '+',
  byteArraySeparator: '\n', // System.lineSeparator() on the Linux workers the sink runs on
  byteArrayExtension: '.bin',
  compression: 'none',
  tasksMax: 1,
  recordBatchMaxSize: 200,
  zeroPadWidth: 10,
} as const;
