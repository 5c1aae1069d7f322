/**
 * Encoder → reader round trips over the schema shapes the Confluent sink writes, every codec the
 * encoder supports, block splitting, batching and resume.
 */
import * as zlib from 'zlib';
import { encodeAvroObject } from '../../../dev/sink-simulator/encoders';
import { AvroContainerReader, decodeAvroDatum, openRecordReader } from '../../../formats';
import { buildOcf, chunked, collect, collectUntilError, expectMalformed } from './helpers';

const CONNECT_DEFAULT = {
  type: 'record',
  name: 'ConnectDefault',
  namespace: 'io.confluent.connect.avro',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'name', type: ['null', 'string'], default: null },
    { name: 'kind', type: { type: 'int', 'connect.type': 'int16' } },
    { name: 'at', type: { type: 'long', 'connect.version': 1, 'connect.name': 'org.apache.kafka.connect.data.Timestamp', logicalType: 'timestamp-millis' } },
    {
      name: 'amount',
      type: { type: 'bytes', scale: 2, precision: 64, 'connect.version': 1, 'connect.parameters': { scale: '2' }, 'connect.name': 'org.apache.kafka.connect.data.Decimal', logicalType: 'decimal' },
    },
    { name: 'tags', type: { type: 'map', values: 'string' } },
    { name: 'nested', type: ['null', { type: 'record', name: 'ConnectDefault2', fields: [{ name: 'ok', type: 'boolean' }], 'connect.name': 'io.confluent.connect.avro.ConnectDefault2' }], default: null },
  ],
  'connect.version': 3,
  'connect.name': 'io.confluent.connect.avro.ConnectDefault',
};

const ANYTHING = {
  type: 'record',
  name: 'Anything',
  namespace: 'io.confluent.connect.avro',
  fields: [
    { name: 'boolean', type: ['null', 'boolean'], default: null },
    { name: 'bytes', type: ['null', 'bytes'], default: null },
    { name: 'double', type: ['null', 'double'], default: null },
    { name: 'float', type: ['null', 'float'], default: null },
    { name: 'int', type: ['null', 'int'], default: null },
    { name: 'long', type: ['null', 'long'], default: null },
    { name: 'string', type: ['null', 'string'], default: null },
    { name: 'array', type: ['null', { type: 'array', items: 'Anything' }], default: null },
    {
      name: 'map',
      type: ['null', { type: 'array', items: { type: 'record', name: 'MapEntry', namespace: 'io.confluent.connect.avro', fields: [{ name: 'key', type: 'Anything' }, { name: 'value', type: 'Anything' }] } }],
      default: null,
    },
  ],
};
const EMPTY_ANYTHING = { boolean: null, bytes: null, double: null, float: null, int: null, long: null, string: null, array: null, map: null };
const anyString = (s: string) => ({ ...EMPTY_ANYTHING, string: s });

const ENUM_FIXED = {
  type: 'record',
  name: 'Misc',
  fields: [
    { name: 'e', type: { type: 'enum', name: 'Color', symbols: ['RED', 'GREEN'] } },
    { name: 'f', type: { type: 'fixed', name: 'Four', size: 4 } },
    { name: 'xs', type: { type: 'array', items: 'double' } },
    { name: 'u', type: ['null', 'Color', 'string'] },
  ],
};

/** [name, schema, values to encode, values the decoder must return (default: the same)] */
const CASES: Array<[string, object | string, unknown[], unknown[]?]> = [
  ['bare "string"', 'string', ['', 'a', 'héllo', 'x'.repeat(300)]],
  ['bare long beyond 2^53', 'long', [0n, 2n ** 53n + 1n, -(2n ** 63n), 2n ** 63n - 1n]],
  ['top-level union', ['null', 'int'], [null, 100, null, -1, 123456789, null, 2147483647, null]],
  [
    'ConnectDefault with connect.* props and logical types',
    CONNECT_DEFAULT,
    [0, 1, 2].map((i) => ({
      id: BigInt(i) * 10n ** 15n,
      name: i === 1 ? null : `n${i}`,
      kind: i,
      at: 1700000000000n + BigInt(i),
      amount: Buffer.from([i, 0x10]),
      tags: { a: `${i}`, __proto__x: 'y' },
      nested: i === 2 ? null : { ok: i === 0 },
    })),
  ],
  [
    'Anything (recursive, schemaless-in-Avro)',
    ANYTHING,
    [
      anyString('plain'),
      { ...EMPTY_ANYTHING, array: [anyString('a'), { ...EMPTY_ANYTHING, long: 2n ** 62n }] },
      { ...EMPTY_ANYTHING, map: [{ key: anyString('k'), value: { ...EMPTY_ANYTHING, array: [anyString('deep')] } }] },
    ],
  ],
  [
    'enum, fixed, array, 3-branch union (wrapped for avsc, unwrapped when decoded)',
    ENUM_FIXED,
    [
      { e: 'GREEN', f: Buffer.from('abcd'), xs: [1.5, -2], u: { Color: 'RED' } },
      { e: 'RED', f: Buffer.alloc(4), xs: [], u: { string: 'z' } },
    ],
    [
      { e: 'GREEN', f: Buffer.from('abcd'), xs: [1.5, -2], u: 'RED' },
      { e: 'RED', f: Buffer.alloc(4), xs: [], u: 'z' },
    ],
  ],
];

const CODECS = ['null', 'deflate', 'snappy'] as const;

describe('round trip through encodeAvroObject', () => {
  test.each(CASES.flatMap(([name, schema, values, decoded]) => CODECS.map((codec) => [name, codec, schema, values, decoded ?? values] as const)))(
    '%s, codec %s',
    async (_name, codec, schema, values, decoded) => {
      const file = encodeAvroObject(schema, values, { codec, syncInterval: 8 });
      const reader = openRecordReader({ format: 'avro', objectName: 'rt.avro', source: chunked(file, 5) });
      const writerSchema = await reader.writerSchema();
      expect(writerSchema).not.toBeNull();
      const { records, batches } = await collect(reader);
      expect(records.map((r) => decodeAvroDatum(writerSchema as string, r))).toEqual(decoded);
      expect(batches.length).toBeGreaterThan(1); // syncInterval 8 forces several blocks
    },
  );

  test('blocks are flushed at the sync interval (Java semantics: after the datum that reaches it)', async () => {
    const values = Array.from({ length: 10 }, (_, i) => `${i}`.padStart(9, '.')); // 10-byte datums
    const reader = new AvroContainerReader(chunked(encodeAvroObject('string', values, { syncInterval: 30 })), 'b.avro');
    const { batches } = await collect(reader);
    expect(batches.map((b) => b.records.length)).toEqual([3, 3, 3, 1]);
  });

  test('deflate blocks far larger or smaller than the block before them inflate whole', async () => {
    // Each block's output buffer is sized from the block before: these outgrow it (past its 1 MB cap too) and shrink.
    const values = ['small', 'x'.repeat(100_000), 'tiny', `${'0123456789'.repeat(250_000)}`, 'y'.repeat(70_000), 'end'];
    const file = encodeAvroObject('string', values, { codec: 'deflate', syncInterval: 1 }); // one datum per block
    const { records, batches } = await collect(new AvroContainerReader(chunked(file, 4096), 'sizes.avro'));
    expect(batches).toHaveLength(values.length);
    expect(records.map((r) => decodeAvroDatum('"string"', r))).toEqual(values);
  });

  test('a long beyond 2^53 keeps its exact stored bytes', async () => {
    const file = encodeAvroObject('long', [2n ** 63n - 1n]);
    const { records } = await collect(new AvroContainerReader(chunked(file), 'l.avro'));
    expect(records[0].toString('hex')).toBe('feffffffffffffffff01');
    expect(decodeAvroDatum('"long"', records[0])).toBe(9223372036854775807n);
  });

  test('an object with no records (header only) yields nothing', async () => {
    const { records } = await collect(new AvroContainerReader(chunked(encodeAvroObject('string', [])), 'e.avro'));
    expect(records).toEqual([]);
  });

  test('bzip2 codec (block compressed by the bzip2 tool)', async () => {
    // bzip2 -9 of the datums "alpha", "beta", "gamma" (0a616c7068610862657461 0a67616d6d61).
    const data = Buffer.from('QlpoOTFBWSZTWQHBxNEAAADBgABQMsZEACAAMQDTTQQAyaS+lYdFIiEvF3JFOFCQAcHE0Q==', 'base64');
    const file = buildOcf({ schema: '"string"', codec: 'bzip2', blocks: [{ count: 3, data }] });
    const { records } = await collect(new AvroContainerReader(chunked(file, 2), 'z.avro'));
    expect(records.map((r) => decodeAvroDatum('"string"', r))).toEqual(['alpha', 'beta', 'gamma']);
  });
});

describe('batching and resume', () => {
  const values = Array.from({ length: 25 }, (_, i) => `value-${i}`); // 8–9 byte datums
  const file = encodeAvroObject('string', values, { codec: 'deflate', syncInterval: 45 }); // 5 per block
  const read = (startAtRecord: number, maxBatchRecords?: number) =>
    collect(new AvroContainerReader(chunked(file, 7), 'r.avro', { startAtRecord, maxBatchRecords }));

  test.each([
    ['start', 0],
    ['middle of the first block', 2],
    ['a block boundary', 5],
    ['middle of a later block (skips whole blocks before)', 13],
    ['the last record', 24],
    ['the end (nothing left)', 25],
  ])('startAtRecord at %s (%i)', async (_where, start) => {
    const { records, batches } = await read(start);
    expect(records.map((r) => decodeAvroDatum('"string"', r))).toEqual(values.slice(start));
    if (batches.length > 0) expect(batches[0].firstIndex).toBe(start);
  });

  test('a start past the last record yields nothing; recordsInObject tells the caller the real count', async () => {
    const reader = new AvroContainerReader(chunked(file), 'r.avro', { startAtRecord: 26 });
    expect(reader.recordsInObject).toBeUndefined();
    const { records } = await collect(reader);
    expect(records).toEqual([]);
    expect(reader.recordsInObject).toBe(25);
  });

  test('skipped blocks are not decompressed (a corrupt block before the resume point is not read)', async () => {
    const good = Buffer.concat(values.slice(5, 10).map((v) => Buffer.concat([Buffer.from([v.length * 2]), Buffer.from(v)])));
    const file2 = buildOcf({ schema: '"string"', codec: 'deflate', blocks: [{ count: 5, data: Buffer.from('not deflate at all') }, { count: 5, data: zlib.deflateRawSync(good) }] });
    const resumed = await collect(new AvroContainerReader(chunked(file2), 'c.avro', { startAtRecord: 5 }));
    expect(resumed.records.map((r) => decodeAvroDatum('"string"', r))).toEqual(values.slice(5, 10));
    const fromStart = await collectUntilError(new AvroContainerReader(chunked(file2), 'c.avro'));
    expectMalformed(fromStart.error, 'c.avro', 0, /cannot decompress the deflate block/);
  });

  test('maxBatchRecords splits a block into batches with consecutive firstIndex', async () => {
    const { batches, records } = await read(3, 2);
    expect(Math.max(...batches.map((b) => b.records.length))).toBe(2);
    expect(batches[0].firstIndex).toBe(3);
    expect(records).toHaveLength(22);
  });

  test('a reader is iterated once', async () => {
    const reader = new AvroContainerReader(chunked(file), 'once.avro');
    await collect(reader);
    expect(() => reader[Symbol.asyncIterator]()).toThrow(/only once/);
  });
});
