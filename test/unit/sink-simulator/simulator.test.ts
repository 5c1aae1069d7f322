import * as avro from 'avsc';
import { gunzipSync, inflateRawSync } from 'zlib';
import { classifyBackupObjects, detectGapsAndOverlaps } from '../../../domain/backup-layout';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';
import {
  planSinkFiles,
  simulateSink,
  sinkConfigFromSettings,
  type SimRecord,
  type SinkSimulatorConfig,
} from '../../../dev/sink-simulator';

const MYRECORD = {
  type: 'record',
  name: 'myrecord',
  fields: [{ name: 'f1', type: 'string' }],
  'connect.version': 1,
  'connect.name': 'myrecord',
};
const avroDefault: SinkSimulatorConfig = { format: 'avro', partitioner: { kind: 'default' }, flushSize: 3 };
const hourly = {
  kind: 'time',
  variant: 'Hourly',
  pathFormat: "'year'=YYYY/'month'=MM/'day'=dd/'hour'=HH",
  durationMs: 3_600_000,
  timezone: 'UTC',
} as const;
const T0 = Date.parse('2024-01-05T13:00:00Z');
const MIN = 60_000;

const records = (n: number, first: number | bigint = 0, ts = (i: number) => T0 + i * MIN): SimRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    offset: BigInt(first) + BigInt(i),
    timestamp: ts(i),
    value: { f1: `value${i + 1}` },
  }));

function decodeAvro(body: Buffer): Promise<{ codec: string; schema: unknown; values: unknown[] }> {
  return new Promise((resolve, reject) => {
    const values: unknown[] = [];
    let codec = '';
    let schema: unknown;
    type Cb = (e: Error | null, d?: Buffer) => void;
    const codecs = {
      null: (b: Buffer, cb: Cb) => cb(null, b),
      deflate: (b: Buffer, cb: Cb) => cb(null, inflateRawSync(b)),
    };
    const decoder = new avro.streams.BlockDecoder({ codecs });
    decoder.on('metadata', (type: avro.Type, c: string) => {
      schema = type.schema();
      codec = c;
    });
    decoder.on('data', (v: unknown) => values.push(v));
    decoder.on('end', () => resolve({ codec, schema, values }));
    decoder.on('error', reject);
    decoder.end(body);
  });
}

describe('sink simulator: naming and rotation', () => {
  it('reproduces the §7.2 MinIO example: flush.size=3 over 10 records, offset 9 stays unwritten', async () => {
    const input = [{ topic: 'minio-topic', partition: 0, records: records(10), valueSchema: MYRECORD }];
    const objects = simulateSink(avroDefault, input);
    expect(objects.map((o) => o.key)).toEqual([
      'topics/minio-topic/partition=0/minio-topic+0+0000000000.avro',
      'topics/minio-topic/partition=0/minio-topic+0+0000000003.avro',
      'topics/minio-topic/partition=0/minio-topic+0+0000000006.avro',
    ]);
    const first = await decodeAvro(objects[0].body);
    expect(first.values.map((v) => ({ ...(v as object) }))).toEqual([
      { f1: 'value1' },
      { f1: 'value2' },
      { f1: 'value3' },
    ]);
    expect(first.codec).toBe('null');
    expect(planSinkFiles(avroDefault, input).uncommitted).toEqual([
      { topic: 'minio-topic', partition: 0, offsets: [9n] },
    ]);
  });

  it('pads 10-digit offsets and lets 11-digit ones grow (never truncated)', () => {
    const keys = planSinkFiles({ ...avroDefault, flushSize: 2 }, [
      { topic: 't', partition: 4, records: records(4, 9999999998n), valueSchema: MYRECORD },
    ]).files.map((f) => f.key);
    expect(keys).toEqual(['topics/t/partition=4/t+4+9999999998.avro', 'topics/t/partition=4/t+4+10000000000.avro']);
  });

  it('counts records across all open files of a topic-partition and commits them together', () => {
    // Record timestamps alternate between two hours, so two files are open at once.
    const input = [
      { topic: 'o', partition: 0, records: records(7, 0, (i) => T0 + (i % 2) * 60 * MIN), valueSchema: MYRECORD },
    ];
    const plan = planSinkFiles({ ...avroDefault, partitioner: hourly }, input);
    expect(plan.files.map((f) => [f.key, f.records.length])).toEqual([
      ['topics/o/year=2024/month=01/day=05/hour=13/o+0+0000000000.avro', 2],
      ['topics/o/year=2024/month=01/day=05/hour=14/o+0+0000000001.avro', 1],
      ['topics/o/year=2024/month=01/day=05/hour=14/o+0+0000000003.avro', 2],
      ['topics/o/year=2024/month=01/day=05/hour=13/o+0+0000000004.avro', 1],
    ]);
    expect(plan.uncommitted).toEqual([{ topic: 'o', partition: 0, offsets: [6n] }]);
  });

  it('rotate.interval.ms commits on record time and on an encoded-partition change', () => {
    const ts = [0, 5, 9, 10, 12, 70].map((m) => T0 + m * MIN);
    const input = [{ topic: 'o', partition: 0, records: records(6, 0, (i) => ts[i]), valueSchema: MYRECORD }];
    const plan = planSinkFiles(
      { ...avroDefault, partitioner: hourly, flushSize: 100, rotateIntervalMs: 10 * MIN },
      input,
    );
    expect(plan.files.map((f) => f.records.map((r) => Number(r.offset)))).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(plan.uncommitted[0].offsets).toEqual([5n]);
  });

  it('a value-schema change commits before the record with the new schema', () => {
    const v2 = {
      ...MYRECORD,
      fields: [...MYRECORD.fields, { name: 'f2', type: 'int', default: 0 }],
      'connect.version': 2,
    };
    const recs = records(4);
    recs[2] = { ...recs[2], schema: v2, value: { f1: 'x', f2: 1 } };
    recs[3] = { ...recs[3], schema: v2, value: { f1: 'y', f2: 2 } };
    const plan = planSinkFiles({ ...avroDefault, flushSize: 10 }, [
      { topic: 'o', partition: 0, records: recs, valueSchema: MYRECORD },
    ]);
    expect(plan.files.map((f) => [Number(f.startOffset), f.records.length, f.valueSchema])).toEqual([[0, 2, MYRECORD]]);
    expect(plan.uncommitted[0].offsets).toEqual([2n, 3n]);
  });

  it('field partitioner reads dotted fields from the value', () => {
    const recs: SimRecord[] = [
      { offset: 0, timestamp: T0, value: { customer: { country: 'DE' }, tier: 'gold' } },
      { offset: 1, timestamp: T0, value: { customer: { country: 'FR' }, tier: 'a/b' } },
    ];
    const keys = planSinkFiles(
      { format: 'json', partitioner: { kind: 'field', fieldNames: ['customer.country', 'tier'] }, flushSize: 2 },
      [{ topic: 'o', partition: 1, records: recs }],
    ).files.map((f) => f.key);
    expect(keys).toEqual([
      'topics/o/customer.country=DE/tier=gold/o+1+0000000000.json',
      'topics/o/customer.country=FR/tier=a/b/o+1+0000000001.json',
    ]);
  });

  it('refuses offsets that do not increase and null values under behavior.on.null.values=fail', () => {
    const bad = [{ topic: 'o', partition: 0, records: [...records(2, 5), ...records(1, 5)], valueSchema: MYRECORD }];
    expect(() => planSinkFiles(avroDefault, bad)).toThrow(/offsets must increase/);
    const nulls = [
      { topic: 'o', partition: 0, records: [{ offset: 0, timestamp: T0, value: null }], valueSchema: MYRECORD },
    ];
    expect(() => planSinkFiles(avroDefault, nulls)).toThrow(/behavior.on.null.values=fail/);
  });
});

describe('sink simulator: bodies and round trip through the restore layout', () => {
  it('JSON with gzip: .json.gz, one member, one compact document per line', () => {
    const cfg: SinkSimulatorConfig = { format: 'json', partitioner: { kind: 'default' }, flushSize: 2, gzip: true };
    const [obj] = simulateSink(cfg, [
      {
        topic: 'j',
        partition: 0,
        records: [
          { offset: 0, timestamp: T0, value: Buffer.from('{"a":1}') },
          { offset: 1, timestamp: T0, value: { b: 'x\ny' } },
        ],
      },
    ]);
    expect(obj.key).toBe('topics/j/partition=0/j+0+0000000000.json.gz');
    expect(gunzipSync(obj.body).toString()).toBe('{"a":1}\n{"b":"x\\ny"}\n');
  });

  it('ByteArray with a custom separator and extension, derived from restore settings', () => {
    const settings = backupSettingsFromProperties({
      'gcs.bucket.name': 'b',
      'format.class': 'bytearray',
      'format.bytearray.separator': '\\r\\n',
      'format.bytearray.extension': '.dat',
    });
    const [obj] = simulateSink(sinkConfigFromSettings(settings, { flushSize: 2 }), [
      {
        topic: 'b',
        partition: 2,
        records: [
          { offset: 7, timestamp: T0, value: Buffer.from('one') },
          { offset: 8, timestamp: T0, value: Buffer.from('two') },
        ],
      },
    ]);
    expect(obj.key).toBe('topics/b/partition=2/b+2+0000000007.dat');
    expect(obj.body.toString()).toBe('one\r\ntwo\r\n');
  });

  it('keys and headers companions are named by stem and decode to the records in order', async () => {
    const keySchema = 'string';
    const recs: SimRecord[] = records(2).map((r, i) => ({
      ...r,
      key: `k${i}`,
      headers: [{ key: 'h', value: `v${i}` }],
    }));
    const objects = simulateSink(
      { ...avroDefault, flushSize: 2, storeKeys: true, storeHeaders: true, avroCodec: 'deflate' },
      [{ topic: 'o', partition: 0, records: recs, valueSchema: MYRECORD, keySchema }],
    );
    expect(objects.map((o) => o.key)).toEqual([
      'topics/o/partition=0/o+0+0000000000.avro',
      'topics/o/partition=0/o+0+0000000000.keys.avro',
      'topics/o/partition=0/o+0+0000000000.headers.avro',
    ]);
    const keys = await decodeAvro(objects[1].body);
    expect(keys.values).toEqual(['k0', 'k1']);
    expect(keys.codec).toBe('deflate');
    const headers = await decodeAvro(objects[2].body);
    expect(headers.values.map((hs) => (hs as Array<{ key: string; value: string }>).map((h) => ({ ...h })))).toEqual([
      [{ key: 'h', value: 'v0' }],
      [{ key: 'h', value: 'v1' }],
    ]);
    expect(() =>
      simulateSink({ ...avroDefault, storeKeys: true }, [
        { topic: 'o', partition: 0, records: records(3), valueSchema: MYRECORD, keySchema },
      ]),
    ).toThrow(/null key/);
  });

  it('what the simulator writes, the layout scan reads back in order with companions paired', () => {
    const settings = backupSettingsFromProperties({
      'gcs.bucket.name': 'b',
      'format.class': 'avro',
      'partitioner.class': 'HourlyPartitioner',
      timezone: 'America/New_York',
    });
    const cfg = sinkConfigFromSettings(settings, { flushSize: 2, storeKeys: true });
    const recs = records(9, 9999999995n, (i) => T0 + i * 20 * MIN).map((r) => ({ ...r, key: `k${r.offset}` }));
    const objects = simulateSink(cfg, [
      { topic: 'orders', partition: 3, records: recs, valueSchema: MYRECORD, keySchema: 'string' },
    ]);
    const layout = classifyBackupObjects(
      settings,
      objects.map((o) => ({ name: o.key, size: o.body.length })).reverse(),
    );
    expect(layout.errors.count).toBe(0);
    expect(layout.ignored).toEqual([]);
    const [p] = layout.partitions;
    // 20-minute spacing: the 2-record flush sometimes closes an 08:xx and a 09:00 file together.
    expect(p.objects.map((o) => o.startOffset)).toEqual([
      '9999999995',
      '9999999997',
      '9999999998',
      '9999999999',
      '10000000001',
    ]);
    expect(p.objects.every((o) => o.keysObject === o.name.replace(/\.avro$/, '.keys.avro'))).toBe(true);
    expect(p.ordering).toBe('offset');
    expect(p.objects[0].name).toContain('/hour=08/'); // 13:00Z is 08:00 in New York in January
  });

  it('skipped null values leave a gap the offset check reports', () => {
    const recs: SimRecord[] = [...records(2), { offset: 2, timestamp: T0, value: null }, ...records(3, 3)];
    const plan = planSinkFiles({ ...avroDefault, flushSize: 2, nullValues: 'ignore' }, [
      { topic: 'o', partition: 0, records: recs, valueSchema: MYRECORD },
    ]);
    const counted = plan.files.map((f) => ({
      name: f.key,
      startOffset: f.startOffset.toString(),
      recordCount: f.records.length,
    }));
    expect(detectGapsAndOverlaps(counted)).toMatchObject({ gaps: 1, overlaps: 0, gapOffsets: '1' });
  });
});
