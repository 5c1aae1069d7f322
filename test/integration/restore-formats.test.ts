import { restoreProgressGroup } from '../../domain/ids';
import type { SimTopicPartition } from '../../dev/sink-simulator';
import type { ConsumedRecord } from '../../dev/kafka-records';
import { SchemaRegistryClient } from '../../activities/schema-registry/client';
import { BackupFixture } from '../helpers/backup';
import { decodeWireFormat, plain } from '../helpers/destination';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { readOffsetMapEntries } from '../../activities/kafka/offset-map-reader';
import { offsetMapKeyPrefix } from '../../domain/offset-map';
import { restoreRequest, runRestore } from '../helpers/restore';
import { RunbookHarness } from '../helpers/temporal';

const VALUE_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
  'connect.version': 1,
  'connect.name': 'com.acme.Order',
};

type Encoding = 'avro' | 'json' | 'bytes';

interface Scenario {
  name: string;
  properties: Record<string, string>;
  encoding: Encoding;
  valueSerializer?: 'schema-registry' | 'avro';
  avroCodec?: 'null' | 'deflate' | 'snappy';
  partitions: number;
  recordsPerPartition: number;
  firstOffset?: bigint;
  flushSize: number;
  rename?: boolean;
  delivery?: 'exactly-once' | 'at-least-once';
}

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 27, 22, 0, 0);

/** Every format and partitioner the sink writes, each restored end to end through the real runbook. */
const scenarios: Scenario[] = [
  { name: 'Avro, DefaultPartitioner, deflate, Confluent wire format', properties: { 'format.class': 'io.confluent.connect.gcs.format.avro.AvroFormat' }, encoding: 'avro', avroCodec: 'deflate', partitions: 3, recordsPerPartition: 40, flushSize: 7 },
  { name: 'Avro, HourlyPartitioner, snappy, plain Avro, offsets past 10 digits', properties: { 'format.class': 'avro', 'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner', locale: 'en', timezone: 'UTC' }, encoding: 'avro', valueSerializer: 'avro', avroCodec: 'snappy', partitions: 2, recordsPerPartition: 30, firstOffset: 9_999_999_990n, flushSize: 4 },
  { name: 'JSON gzip, DailyPartitioner in America/New_York, renamed', properties: { 'format.class': 'io.confluent.connect.gcs.format.json.JsonFormat', 'partitioner.class': 'DailyPartitioner', locale: 'en', timezone: 'America/New_York', 'gcs.compression.type': 'gzip' }, encoding: 'json', partitions: 2, recordsPerPartition: 25, flushSize: 6, rename: true },
  { name: 'ByteArray, TimeBasedPartitioner, custom separator and extension, at-least-once', delivery: 'at-least-once', properties: { 'format.class': 'bytearray', 'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner', 'path.format': "'dt'=YYYY-MM-dd/'h'=HH", 'partition.duration.ms': String(HOUR), locale: 'en', timezone: '+05:30', 'format.bytearray.separator': '\\r\\n', 'format.bytearray.extension': '.dat' }, encoding: 'bytes', partitions: 2, recordsPerPartition: 25, flushSize: 5 },
];

describe('restore from GCS: formats and partitioners', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backups: BackupFixture[] = [];
  const registry = new SchemaRegistryClient('http://127.0.0.1:8081');

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    await Promise.all(backups.map((b) => b.cleanup()));
    await kafka.cleanup();
    await harness?.close();
  });

  test.each(scenarios)('$name: every record back in its partition, in order', async (scenario) => {
    const backup = new BackupFixture();
    backups.push(backup);
    const topic = kafka.uniqueName('orders');
    const settings = backup.settings({ ...scenario.properties, 'tasks.max': '2' });
    const inputs = makeInputs(topic, scenario);
    const { committed } = await backup.write(settings, { flushSize: scenario.flushSize, avroCodec: scenario.avroCodec }, inputs);
    const expectedTotal = inputs.reduce((n, i) => n + committed(topic, i.partition).length, 0);
    expect(expectedTotal).toBeGreaterThan(scenario.partitions * (scenario.recordsPerPartition - scenario.flushSize));

    const destination = scenario.rename ? `restored-${topic}` : topic;
    kafka.adopt('destination', destination);
    const request = restoreRequest(settings, {
      valueSerializer: scenario.valueSerializer ?? 'schema-registry',
      delivery: scenario.delivery ?? 'exactly-once',
      rename: scenario.rename ? { regex: '(orders-.*)', replacement: 'restored-$1' } : undefined,
    });
    const report = await runRestore(harness, request);

    expect(report.verified).toBe(true);
    expect(report.totals.records).toBe(expectedTotal);
    expect(report.partitions.map((p) => p.recordsOnDestination)).toEqual(report.partitions.map((p) => p.recordsWritten)); // read back
    expect(report.createdTopics).toEqual([destination]);
    const restoredPartitions: ConsumedRecord[][] = [];
    for (const input of inputs) {
      const records = committed(topic, input.partition);
      const restored = await readPartition(kafka.kafka('destination'), destination, input.partition, records.length);
      restoredPartitions[input.partition] = restored;
      expect(restored).toHaveLength(records.length); // nothing extra
      const expected = records.map((r) => expectedValue(scenario.encoding, r.value));
      const actual = await Promise.all(restored.map((r) => actualValue(scenario, registry, r.value!)));
      expect(actual).toEqual(expected);
      expect(restored.every((r) => r.key === null)).toBe(true); // the GCS sink keeps values only
    }
    const partitionReport = report.partitions.find((p) => p.partition === 0)!;
    expect(partitionReport).toMatchObject({ destinationTopic: destination, gaps: 0, overlaps: 0, recordsRead: committed(topic, 0).length });
    expect(partitionReport.destinationOffsets?.first).toBe('0');
    // The offset map: one entry per object, each naming where the object's first record landed.
    expect(partitionReport.offsetMap.keyPrefix).toBe(offsetMapKeyPrefix(request.restoreId, destination, 0));
    const target = { restoreId: request.restoreId, destinationTopic: destination, partition: 0 };
    const map = await readOffsetMapEntries(kafka.kafka('destination'), await kafka.admin('destination'), target, () => undefined);
    expect(map).toHaveLength(partitionReport.objects);
    expect(map[0]).toMatchObject({ destinationTopic: destination, partition: 0, destinationOffset: '0' });
    expect(map.reduce((n, e) => n + e.records, 0)).toBe(committed(topic, 0).length);
    // Small objects share sends: each entry still names where its own first and last records landed.
    let recordsBefore = 0;
    for (const entry of map) {
      expect(entry.destinationOffset).toBe(restoredPartitions[0][recordsBefore].offset);
      recordsBefore += entry.records;
      expect(entry.destinationLastOffset).toBe(restoredPartitions[0][recordsBefore - 1].offset);
    }
    // The position the restore committed on the destination is what a re-run resumes from.
    const [positions] = await (await kafka.admin('destination')).fetchOffsets({ groupId: restoreProgressGroup(request.restoreId), topics: [destination] });
    expect(positions.partitions.map((p) => Number(p.offset)).sort()).toEqual(inputs.map((i) => committed(topic, i.partition).length).sort());
  });
});

function makeInputs(topic: string, scenario: Scenario): SimTopicPartition[] {
  return Array.from({ length: scenario.partitions }, (_, partition) => ({
    topic,
    partition,
    valueSchema: VALUE_SCHEMA,
    records: Array.from({ length: scenario.recordsPerPartition }, (_, i) => {
      const id = partition * 1000 + i;
      const order = { id, customer: `customer-${id}`, note: i % 3 === 0 ? null : `note ${i}` };
      const value =
        scenario.encoding === 'avro' ? order : scenario.encoding === 'json' ? Buffer.from(JSON.stringify(order)) : Buffer.from(`order|${id}|${order.customer}`);
      return { offset: (scenario.firstOffset ?? 0n) + BigInt(i), timestamp: T0 + i * 20 * 60_000, value };
    }),
  }));
}

function expectedValue(encoding: Encoding, value: unknown): unknown {
  if (encoding === 'avro') return plain({ ...(value as object), id: String((value as { id: number }).id) }); // longs decode exactly, as bigint
  return (value as Buffer).toString('utf8');
}

async function actualValue(scenario: Scenario, registry: SchemaRegistryClient, value: Buffer): Promise<unknown> {
  if (scenario.encoding !== 'avro') return value.toString('utf8');
  if ((scenario.valueSerializer ?? 'schema-registry') === 'schema-registry') return plain((await decodeWireFormat(registry, value)).value);
  const { decodeAvroDatum } = await import('../../formats');
  return plain(decodeAvroDatum(VALUE_SCHEMA, value));
}
