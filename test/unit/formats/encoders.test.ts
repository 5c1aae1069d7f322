/** The sink-simulator encoders must write what the Confluent sink writes (backup-format.md §5, §9.14). */
import * as zlib from 'zlib';
import { encodeAvroObject, encodeJsonValue, encodeSeparatedObject } from '../../../dev/sink-simulator/encoders';
import { AvroContainerReader } from '../../../formats';
import { chunked, collect } from './helpers';

const MYRECORD = { type: 'record', name: 'myrecord', fields: [{ name: 'f1', type: 'string' }], 'connect.version': 1, 'connect.name': 'myrecord' };

describe('encodeAvroObject', () => {
  test.each(['null', 'deflate', 'snappy'] as const)('header carries avro.schema (compact JSON) and avro.codec=%s', async (codec) => {
    const reader = new AvroContainerReader(chunked(encodeAvroObject(MYRECORD, [{ f1: 'value1' }], { codec })), 'h.avro');
    const header = await reader.header();
    expect(header.metadata.get('avro.codec')?.toString()).toBe(codec);
    expect(header.writerSchema).toBe(
      '{"type":"record","name":"myrecord","fields":[{"name":"f1","type":"string"}],"connect.version":1,"connect.name":"myrecord"}',
    );
  });

  test('the sync marker is random per object (16 bytes)', async () => {
    const syncOf = async (b: Buffer) => (await new AvroContainerReader(chunked(b), 's.avro').header()).syncMarker;
    const a = await syncOf(encodeAvroObject('string', ['x']));
    const b = await syncOf(encodeAvroObject('string', ['x']));
    expect(a).toHaveLength(16);
    expect(a.equals(b)).toBe(false);
  });

  test('default sync interval is 64 000 bytes, like Java DataFileWriter: few blocks', async () => {
    const values = Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(499, '.')); // 501-byte datums
    const { batches } = await collect(new AvroContainerReader(chunked(encodeAvroObject('string', values)), 'big.avro'));
    // 128 datums reach 64 128 ≥ 64 000 bytes, so blocks hold 128 records, the last one the rest.
    expect(batches.map((b) => b.records.length)).toEqual([128, 128, 128, 128, 128, 128, 128, 104]);
  });

  test('a schema that avsc rejects is an error, not a silently wrong file', () => {
    expect(() => encodeAvroObject({ type: 'record', name: 'R', fields: [{ name: 'x', type: 'nope' }] }, [])).toThrow(/nope/);
    expect(() => encodeAvroObject('int', ['not an int'])).toThrow();
  });
});

describe('encodeSeparatedObject', () => {
  test('a separator after every record, the last one included', () => {
    expect(encodeSeparatedObject([Buffer.from('a'), Buffer.from('b')], Buffer.from('\r\n'), false).toString()).toBe('a\r\nb\r\n');
    expect(encodeSeparatedObject([], Buffer.from('\n'), false)).toHaveLength(0);
  });

  test('gzip is one member covering the whole body', () => {
    const body = 'x\n'.repeat(10000);
    const gz = encodeSeparatedObject(Array.from({ length: 10000 }, () => Buffer.from('x')), Buffer.from('\n'), true);
    expect(gz.subarray(0, 2).toString('hex')).toBe('1f8b');
    expect(zlib.gunzipSync(gz).toString()).toBe(body);
    expect(gz.readUInt32LE(gz.length - 4)).toBe(body.length); // ISIZE of the only member = whole body
  });
});

describe('encodeJsonValue', () => {
  test.each([
    [{ f1: 'value1' }, '{"f1":"value1"}'],
    [{ a: [1, 2], b: null, c: 'x"\n' }, '{"a":[1,2],"b":null,"c":"x\\"\\n"}'],
    [{ big: 2n ** 63n - 1n, neg: -(2n ** 60n) }, '{"big":9223372036854775807,"neg":-1152921504606846976}'],
    ['just a string', '"just a string"'],
  ])('%p → %s', (value, json) => {
    expect(encodeJsonValue(value).toString()).toBe(json);
  });
});
