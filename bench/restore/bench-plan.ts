/**
 * What one benchmark run writes and measures: one topic per format, each under its own topics.dir
 * (a backup has one format.class), all under one run root in the bucket so cleanup is one prefix.
 */
import { randomUUID } from 'node:crypto';
import { backupSettingsFromProperties } from '../../domain/restore-settings';
import type { BackupSettings } from '../../domain/restore-settings/types';
import type { BenchFormat } from './records';

export const BENCH_BUCKET = 'lifeboat-backups';

const FORMAT_CLASS: Record<BenchFormat, string> = {
  avro: 'io.confluent.connect.gcs.format.avro.AvroFormat',
  json: 'io.confluent.connect.gcs.format.json.JsonFormat',
  bytearray: 'io.confluent.connect.gcs.format.bytearray.ByteArrayFormat',
};

/** Share of the total records per format (the brief: ~400k Avro, ~300k JSON, ~300k ByteArray of 1M). */
export const FORMAT_SHARE: Record<BenchFormat, number> = { avro: 0.4, json: 0.3, bytearray: 0.3 };

export interface BenchTopic {
  format: BenchFormat;
  /** Source topic name as the backup names it. */
  topic: string;
  partitions: number;
  /** A multiple of flush.size, so the sink commits every record (no uncommitted tail to explain away). */
  recordsPerPartition: number;
  settings: BackupSettings;
}

export interface BenchPlan {
  runId: string;
  /** Prefix of every object this run writes: `<root>/`. */
  root: string;
  flushSize: number;
  topics: BenchTopic[];
}

export function benchPlan(options: { records: number; partitions: number; flushSize: number; formats: BenchFormat[] }): BenchPlan {
  const runId = randomUUID().slice(0, 8);
  const root = `bench-restore-${runId}`;
  const totalShare = options.formats.reduce((n, f) => n + FORMAT_SHARE[f], 0);
  const topics = options.formats.map((format): BenchTopic => {
    const wanted = (options.records * FORMAT_SHARE[format]) / totalShare / options.partitions;
    const recordsPerPartition = Math.max(1, Math.ceil(wanted / options.flushSize)) * options.flushSize;
    const settings = backupSettingsFromProperties({
      'gcs.bucket.name': BENCH_BUCKET,
      'topics.dir': `${root}/${format}`,
      'format.class': FORMAT_CLASS[format],
      'tasks.max': String(options.partitions),
    });
    return { format, topic: `bench-${runId}-${format}`, partitions: options.partitions, recordsPerPartition, settings };
  });
  return { runId, root, flushSize: options.flushSize, topics };
}

export const totalRecords = (topic: BenchTopic): number => topic.partitions * topic.recordsPerPartition;
