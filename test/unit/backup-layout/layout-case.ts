/** Shared harness for the backup-layout case tables: one typed row per scenario. */
import {
  type ClassifyOptions,
  type IgnoreReason,
  type LayoutWarningCode,
  type PartitionOrdering,
  classifyBackupObjects,
} from '../../../domain/backup-layout';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';

/** One scenario: a sink configuration, a bucket listing, and everything the scan must report. */
export interface LayoutCase {
  name: string;
  props?: Record<string, string>;
  options?: ClassifyOptions;
  objects: string[];
  /** `topic-partition` → value object names in restore order (all partitions, exactly). */
  partitions?: Record<string, string[]>;
  ignored?: Partial<Record<IgnoreReason, number>>;
  /** Object names reported as errors, in listing order. */
  errors?: string[];
  warnings?: LayoutWarningCode[];
  ordering?: Record<string, PartitionOrdering>;
  companions?: Record<string, { keysObject?: string; headersObject?: string }>;
}

export const D = 'topics/orders/partition=0/';
export const H = (hour: string): string => `topics/orders/year=2024/month=01/day=05/hour=${hour}/`;
export const hourly = {
  'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
  timezone: 'UTC',
  locale: 'en',
};
export const field = (names: string) => ({
  'partitioner.class': 'io.confluent.connect.storage.partitioner.FieldPartitioner',
  'partition.field.name': names,
});
export const timeBased = (pathFormat: string, timezone: string) => ({
  'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
  'path.format': pathFormat,
  'partition.duration.ms': '3600000',
  timezone,
  locale: 'en',
});

/** Classifies the row's listing (Avro unless the row says otherwise) and checks every report exactly. */
export function expectLayout(c: LayoutCase): void {
  const settings = backupSettingsFromProperties({ 'gcs.bucket.name': 'bucket', 'format.class': 'avro', ...c.props });
  const layout = classifyBackupObjects(
    settings,
    c.objects.map((name) => ({ name, size: 100 })),
    c.options,
  );

  expect({
    partitions: Object.fromEntries(
      layout.partitions.map((p) => [`${p.topic}-${p.partition}`, p.objects.map((o) => o.name)]),
    ),
    ignored: Object.fromEntries(layout.ignored.map((i) => [i.reason, i.count])),
    errors: layout.errors.examples.map((e) => e.objectName),
    warnings: layout.warnings.map((w) => w.code).sort(),
  }).toEqual({
    partitions: c.partitions ?? {},
    ignored: c.ignored ?? {},
    errors: c.errors ?? [],
    warnings: [...(c.warnings ?? [])].sort(),
  });
  expect(layout.errors.count).toBe(c.errors?.length ?? 0);

  for (const [tp, ordering] of Object.entries(c.ordering ?? {})) {
    expect(layout.partitions.find((p) => `${p.topic}-${p.partition}` === tp)?.ordering).toBe(ordering);
  }
  const byName = new Map(layout.partitions.flatMap((p) => p.objects).map((o) => [o.name, o]));
  for (const [name, expected] of Object.entries(c.companions ?? {})) {
    const o = byName.get(name);
    expect({ keysObject: o?.keysObject, headersObject: o?.headersObject }).toEqual({
      keysObject: undefined,
      headersObject: undefined,
      ...expected,
    });
  }
}
