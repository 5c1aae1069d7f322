/**
 * Recognised format and partitioner class names. The source connector takes the sink's own FQCNs on
 * purpose (§6.1), so both GCS and S3/storage spellings are accepted, plus short aliases for the CLI.
 */
import { ConfigurationError } from '../errors';
import type { BackupFormat, PartitionerKind, TimePartitionerVariant } from './types';

const FORMAT_CLASSES: Record<string, BackupFormat | 'parquet'> = {};
for (const pkg of ['io.confluent.connect.gcs.format', 'io.confluent.connect.s3.format']) {
  FORMAT_CLASSES[`${pkg}.avro.AvroFormat`] = 'avro';
  FORMAT_CLASSES[`${pkg}.json.JsonFormat`] = 'json';
  FORMAT_CLASSES[`${pkg}.bytearray.ByteArrayFormat`] = 'bytearray';
  FORMAT_CLASSES[`${pkg}.parquet.ParquetFormat`] = 'parquet';
}
const FORMAT_ALIASES: Record<string, BackupFormat | 'parquet'> = {
  avro: 'avro',
  json: 'json',
  bytearray: 'bytearray',
  bytes: 'bytearray',
  parquet: 'parquet',
};

export function formatFromClass(value: string, setting = 'format.class'): BackupFormat {
  const v = value.trim();
  const format = FORMAT_CLASSES[v] ?? FORMAT_ALIASES[v.toLowerCase()];
  if (format === 'parquet') {
    throw new ConfigurationError(
      setting,
      'Parquet backups are not supported by Lifeboat; restore needs Avro, JSON or ByteArray objects',
    );
  }
  if (!format) {
    throw new ConfigurationError(
      setting,
      `"${v}" is not a supported format; use io.confluent.connect.gcs.format.{avro.AvroFormat,json.JsonFormat,bytearray.ByteArrayFormat} or avro|json|bytearray`,
    );
  }
  return format;
}

type PartitionerChoice = { kind: 'default' } | { kind: 'field' } | { kind: 'time'; variant: TimePartitionerVariant };

const PARTITIONERS: Record<string, PartitionerChoice> = {
  DefaultPartitioner: { kind: 'default' },
  FieldPartitioner: { kind: 'field' },
  TimeBasedPartitioner: { kind: 'time', variant: 'TimeBased' },
  DailyPartitioner: { kind: 'time', variant: 'Daily' },
  HourlyPartitioner: { kind: 'time', variant: 'Hourly' },
};
const PARTITIONER_ALIASES: Record<string, string> = {
  default: 'DefaultPartitioner',
  field: 'FieldPartitioner',
  time: 'TimeBasedPartitioner',
  timebased: 'TimeBasedPartitioner',
  daily: 'DailyPartitioner',
  hourly: 'HourlyPartitioner',
};
const PARTITIONER_PACKAGE = 'io.confluent.connect.storage.partitioner.';

export function partitionerFromClass(
  value: string,
  setting = 'partitioner.class',
): PartitionerChoice & { kind: PartitionerKind } {
  const v = value.trim();
  const simple = v.startsWith(PARTITIONER_PACKAGE) ? v.slice(PARTITIONER_PACKAGE.length) : v;
  const choice = PARTITIONERS[simple] ?? PARTITIONERS[PARTITIONER_ALIASES[simple.toLowerCase()] ?? ''];
  if (!choice) {
    throw new ConfigurationError(
      setting,
      `"${v}" is not supported; use ${PARTITIONER_PACKAGE}{Default,Field,TimeBased,Daily,Hourly}Partitioner (custom partitioners cannot be read back)`,
    );
  }
  return choice;
}
