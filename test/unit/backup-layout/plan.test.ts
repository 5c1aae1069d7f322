import { BackupLayoutError } from '../../../domain/errors';
import {
  checkPartitionListing,
  classifyBackupObjects,
  objectsWithin,
  selectPartitionObjects,
  summarizeLayout,
  throwIfLayoutErrors,
} from '../../../domain/backup-layout';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';

const settings = backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro' });
const hourlySettings = backupSettingsFromProperties({
  'gcs.bucket.name': 'b',
  'format.class': 'avro',
  'partitioner.class': 'HourlyPartitioner',
  timezone: 'UTC',
});
const P = 'topics/orders/partition=0/';
const listing = [
  { name: `${P}orders+0+10000000000.avro`, size: 30 },
  { name: `${P}orders+0+0000000000.avro`, size: 10 },
  { name: `${P}orders+0+0000000000.keys.avro`, size: 1 },
  { name: `${P}orders+0+9999999999.avro`, size: 20 },
  { name: 'topics/orders/partition=1/orders+1+0000000000.avro', size: 5 },
  { name: 'topics/payments/partition=0/payments+0+0000000000.avro', size: 7 },
  { name: 'elsewhere/x', size: 99 },
];

describe('layout summary for workflows', () => {
  const layout = classifyBackupObjects(settings, listing);
  const summary = summarizeLayout(layout);

  it('carries one line per topic-partition, no object names', () => {
    expect(summary.partitions.map(({ digest, ...rest }) => rest)).toEqual([
      {
        topic: 'orders',
        partition: 0,
        ordering: 'offset',
        objectCount: 3,
        bytes: 60,
        firstStartOffset: '0',
        lastStartOffset: '10000000000',
        withKeys: 1,
        withHeaders: 0,
        listingPrefixes: [P],
      },
      {
        topic: 'orders',
        partition: 1,
        ordering: 'offset',
        objectCount: 1,
        bytes: 5,
        firstStartOffset: '0',
        lastStartOffset: '0',
        withKeys: 0,
        withHeaders: 0,
        listingPrefixes: ['topics/orders/partition=1/'],
      },
      {
        topic: 'payments',
        partition: 0,
        ordering: 'offset',
        objectCount: 1,
        bytes: 7,
        firstStartOffset: '0',
        lastStartOffset: '0',
        withKeys: 0,
        withHeaders: 0,
        listingPrefixes: ['topics/payments/partition=0/'],
      },
    ]);
    expect(summary.totals).toEqual({ objects: 5, bytes: 72, partitions: 3, topics: 2 });
    expect(JSON.stringify(summary)).not.toContain('orders+0+9999999999');
  });

  it('is plain JSON (survives the Temporal payload converter unchanged)', () => {
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it('lets an activity re-list a partition and confirm it found the planned objects', () => {
    const expected = summary.partitions[0];
    const relisted = listing.filter((o) => o.name.startsWith(expected.listingPrefixes[0])).reverse();
    const { partition, errors } = selectPartitionObjects(settings, { topic: 'orders', partition: 0 }, relisted);
    expect(errors.count).toBe(0);
    expect(partition.objects.map((o) => o.startOffset)).toEqual(['0', '9999999999', '10000000000']);
    expect(partition.objects[0].keysObject).toBe(`${P}orders+0+0000000000.keys.avro`);
    expect(checkPartitionListing(expected, partition.objects)).toBeUndefined();

    const grown = selectPartitionObjects(settings, { topic: 'orders', partition: 0 }, [
      ...relisted,
      { name: `${P}orders+0+10000000005.avro`, size: 1 },
    ]);
    expect(checkPartitionListing(expected, grown.partition.objects)).toMatch(/expected 3 objects, found 4/);
    const resized = selectPartitionObjects(
      settings,
      { topic: 'orders', partition: 0 },
      relisted.map((o) => ({ ...o, size: o.size + 1 })),
    );
    expect(checkPartitionListing(expected, resized.partition.objects)).toMatch(/changed since planning/);
  });

  it('returns an empty partition when the re-listing has none of its objects', () => {
    expect(selectPartitionObjects(settings, { topic: 'orders', partition: 7 }, listing).partition.objects).toEqual([]);
  });

  it('bounds objects by start offset for follow mode', () => {
    const objects = layout.partitions[0].objects;
    expect(objectsWithin(objects, { after: '0' }).map((o) => o.startOffset)).toEqual(['9999999999', '10000000000']);
    expect(objectsWithin(objects, { upTo: '9999999999' }).map((o) => o.startOffset)).toEqual(['0', '9999999999']);
  });

  it('lists a time-partitioned partition by its topic folder (its objects span many folders)', () => {
    const h = classifyBackupObjects(hourlySettings, [
      { name: 'topics/orders/year=2024/month=01/day=05/hour=13/orders+0+0000000000.avro', size: 1 },
      { name: 'topics/orders/year=2024/month=01/day=05/hour=14/orders+0+0000000003.avro', size: 1 },
      { name: 'topics/payments/year=2024/month=01/day=05/hour=14/orders+0+0000000006.avro', size: 1 },
    ]);
    expect(h.partitions[0].listingPrefixes).toEqual(['topics/orders/', 'topics/payments/']);
  });
});

describe('throwIfLayoutErrors', () => {
  it('throws a BackupLayoutError naming the first bad object and counting the rest', () => {
    const layout = classifyBackupObjects(settings, [
      { name: `${P}bad-1.avro`, size: 1 },
      { name: `${P}bad-2.avro`, size: 1 },
    ]);
    expect(() => throwIfLayoutErrors(layout)).toThrow(BackupLayoutError);
    expect(() => throwIfLayoutErrors(layout)).toThrow(
      expect.objectContaining({ objectName: `${P}bad-1.avro`, message: expect.stringMatching(/and 1 more/) }),
    );
    expect(() => throwIfLayoutErrors(summarizeLayout(classifyBackupObjects(settings, listing)))).not.toThrow();
  });
});
