/**
 * One interface over the five partitioners: how a directory path between the topic folder and the
 * file name is read back (restore side), and how a record's encoded partition is rendered (test
 * writer side).
 */
import type { BackupSettings, PartitionerSettings } from '../../restore-settings/types';
import { encodeDefaultPartition, parseDefaultDirectory } from './default';
import { encodeFieldPartition, nestedFieldValue, parseFieldDirectory } from './field';
import { compileTimeLayout, encodeTimePartition, parseTimeDirectory } from './time-based';
import { ConfigurationError } from '../../errors';

export interface DirectoryMatch {
  /** DefaultPartitioner: the partition the folder names (the file name still decides, §9.1). */
  folderPartition?: number;
  /** TimeBased/Daily/Hourly: the bucket start in UTC ms, used to order folders and spot non-monotone layouts. */
  bucketStartMs?: number;
  /** FieldPartitioner: the field values the folder names. */
  fieldValues?: Record<string, string>;
}

export interface RecordForPartitioning {
  kafkaPartition: number;
  /** Timestamp chosen by the timestamp extractor (ms since epoch). */
  timestampMs: number;
  /** Record value as a plain object (FieldPartitioner reads dotted fields from it). */
  value: unknown;
}

export interface PartitionerLayout {
  readonly settings: PartitionerSettings;
  /** undefined when the path is not this partitioner's structure. */
  parseDirectory(directoryPath: string): DirectoryMatch | undefined;
  /** The encoded partition the sink writes for a record. */
  encode(record: RecordForPartitioning): string;
}

export function partitionerLayout(settings: Pick<BackupSettings, 'partitioner' | 'directoryDelim'>): PartitionerLayout {
  const p = settings.partitioner;
  const delim = settings.directoryDelim;
  switch (p.kind) {
    case 'default':
      return {
        settings: p,
        parseDirectory: (dir) => {
          const n = parseDefaultDirectory(dir);
          return n === undefined ? undefined : { folderPartition: n };
        },
        encode: (r) => encodeDefaultPartition(r.kafkaPartition),
      };
    case 'field':
      return {
        settings: p,
        parseDirectory: (dir) => {
          const values = parseFieldDirectory(dir, p.fieldNames, delim);
          return values === undefined ? undefined : { fieldValues: values };
        },
        encode: (r) => {
          if (r.value === null || typeof r.value !== 'object' || r.value instanceof Uint8Array) {
            // §4.1: schemaless or non-struct values make the sink throw PartitionException.
            throw new ConfigurationError('partitioner.class', 'FieldPartitioner needs struct (record) values');
          }
          return encodeFieldPartition(
            p.fieldNames.map((name) => ({ name, value: nestedFieldValue(r.value, name) })),
            delim,
          );
        },
      };
    case 'time': {
      const layout = compileTimeLayout(p);
      return {
        settings: p,
        parseDirectory: (dir) => {
          const t = parseTimeDirectory(layout, dir);
          return t === undefined ? undefined : { bucketStartMs: t };
        },
        encode: (r) => {
          if (p.durationMs === undefined) {
            throw new ConfigurationError('partition.duration.ms', 'is required to render time-based paths');
          }
          return encodeTimePartition(layout, r.timestampMs, p.durationMs);
        },
      };
    }
  }
}
