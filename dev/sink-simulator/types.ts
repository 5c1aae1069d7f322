/** Inputs and outputs of the sink simulator (dev/test tooling that writes Confluent-sink-shaped objects). */
import type { BackupFormat, PartitionerSettings } from '../../domain/restore-settings/types';

export interface SinkSimulatorConfig {
  format: BackupFormat;
  partitioner: PartitionerSettings;
  /** flush.size: commit all open files of a topic-partition once they hold this many records together. */
  flushSize: number;
  /** rotate.interval.ms (time-based partitioners only, as in the sink); off when absent or ≤ 0. */
  rotateIntervalMs?: number;
  zeroPadWidth?: number;
  topicsDir?: string;
  directoryDelim?: string;
  fileDelim?: string;
  /** Separator bytes (already unescaped); default "\n". */
  byteArraySeparator?: Buffer;
  byteArrayExtension?: string;
  /** gcs.compression.type=gzip: JSON and ByteArray objects become one gzip member with `.gz` appended. */
  gzip?: boolean;
  avroCodec?: 'null' | 'deflate' | 'snappy';
  /** S3-sink store.kafka.keys / store.kafka.headers: adds `.keys.avro` / `.headers.avro` companions. */
  storeKeys?: boolean;
  storeHeaders?: boolean;
  /** behavior.on.null.values: `fail` (CP default) throws on a null value, `ignore` skips the record. */
  nullValues?: 'fail' | 'ignore';
  /** Fixed Avro sync marker, for byte-reproducible fixtures; random per object otherwise (as Java). */
  syncMarker?: Buffer;
}

export interface SimRecord {
  offset: number | bigint;
  /** Record timestamp (ms): what the Record timestamp extractor would use for time-based paths. */
  timestamp: number;
  /** Avro: the JS value for the writer schema. JSON: a Buffer of compact JSON, or any JS value to serialise. ByteArray: a Buffer. */
  value: unknown;
  /** Avro writer schema for this record's value; defaults to the topic-partition's valueSchema. A change rotates. */
  schema?: object | string;
  /** Key (Avro JS value for keySchema) when storeKeys is on. */
  key?: unknown;
  headers?: ReadonlyArray<{ key: string; value: string | null }>;
}

export interface SimTopicPartition {
  topic: string;
  partition: number;
  records: readonly SimRecord[];
  valueSchema?: object | string;
  keySchema?: object | string;
}

/** A committed file before encoding: where it goes and which records it holds. */
export interface SinkFile {
  key: string;
  topic: string;
  partition: number;
  encodedPartition: string;
  startOffset: bigint;
  records: SimRecord[];
  valueSchema?: object | string;
  keySchema?: object | string;
}

export interface SinkPlan {
  files: SinkFile[];
  /** Records still in open files when input ran out: the sink would not have written them yet (§3). */
  uncommitted: Array<{ topic: string; partition: number; offsets: bigint[] }>;
}

export interface SinkObject {
  key: string;
  body: Buffer;
}
