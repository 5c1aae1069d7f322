/**
 * The reader against Avro files written by other implementations (Java, C, JS): shared fixtures copied
 * into test/fixtures/avro. Values must come out exactly; bad files must fail loudly, never yield 0 records.
 */
import { AvroContainerReader, decodeAvroDatum } from '../../../formats';
import { chunked, collect, collectUntilError, expectMalformed, fixture } from './helpers';

const WEATHER = [
  { station: '011990-99999', time: -619524000000n, temp: 0 },
  { station: '011990-99999', time: -619506000000n, temp: 22 },
  { station: '011990-99999', time: -619484400000n, temp: -11 },
  { station: '012650-99999', time: -655531200000n, temp: 111 },
  { station: '012650-99999', time: -655509600000n, temp: 78 },
];

async function readAll(file: string, chunkSize?: number) {
  const bytes = fixture(file);
  const reader = new AvroContainerReader(chunked(bytes, chunkSize), file);
  const header = await reader.header();
  const { records, batches } = await collect(reader);
  const values = records.map((r) => decodeAvroDatum(header.writerSchema, r));
  return { bytes, header, records, batches, values };
}

describe('Apache Avro weather files: every codec yields the same 5 records', () => {
  test.each([
    ['apache-avro/weather.avro', 'null'],
    ['apache-avro/weather-deflate.avro', 'deflate'],
    ['apache-avro/weather-snappy.avro', 'snappy'],
    ['apache-avro/weather-zstd.avro', 'zstandard'],
  ])('%s (codec %s)', async (file, codec) => {
    const { header, values, batches } = await readAll(file);
    expect(header.codec).toBe(codec);
    expect(JSON.parse(header.writerSchema).name).toBe('Weather');
    expect(values).toEqual(WEATHER);
    expect(batches[0].firstIndex).toBe(0);
  });

  test('weather-sorted holds the same set in another order', async () => {
    const { values } = await readAll('apache-avro/weather-sorted.avro');
    expect(values).not.toEqual(WEATHER);
    const byTime = (a: { time: bigint }, b: { time: bigint }) => (a.time < b.time ? -1 : 1);
    expect([...(values as typeof WEATHER)].sort(byTime)).toEqual([...WEATHER].sort(byTime));
  });
});

describe('record counts and exact values', () => {
  test.each([
    ['apache-avro/syncInMeta.avro', 6001, { ID: 1n, First: 'Dante', Last: 'Hicks', Phone: '(0)', Age: 32 }],
    ['apache-avro/person-10.avro', 10, { name: 'r', age: 906, gender: 'MALE', address: { zipcode: 631 } }],
    [
      'lensesio+stream-reactor/avro/1.avro',
      200,
      { name: 'qkdfNkidzreMaxtgjtbjiphpksshcxuhjj', title: 'zvhnzWjlskAccsjjlbpvbqpstcovrKhoqbdjzlGqfrVzkVimfyxlvwzo', salary: 6.431861629645819 },
    ],
  ])('%s holds %i records', async (file, count, first) => {
    const { values } = await readAll(file);
    expect(values).toHaveLength(count);
    expect(values[0]).toEqual(first);
  });

  test('syncInMeta: sync bytes inside the metadata do not confuse the reader; all metadata is kept', async () => {
    const { header, values } = await readAll('apache-avro/syncInMeta.avro');
    expect([...header.metadata.keys()].sort()).toEqual(['avro.codec', 'avro.schema', 'avro.sync']);
    expect(values[6000]).toMatchObject({ ID: 6001n });
  });

  test('lenses 1.avro has no avro.codec key: treated as the null codec, 200 one-record blocks', async () => {
    const { header, batches } = await readAll('lensesio+stream-reactor/avro/1.avro');
    expect(header.metadata.has('avro.codec')).toBe(false);
    expect(header.codec).toBe('null');
    expect(batches).toHaveLength(200);
    expect(JSON.parse(header.writerSchema).name).toBe('ConnectDefault');
  });

  test('avro-1279: longs at ±2^63 come out exactly, and their stored bytes unchanged', async () => {
    const { values, records, bytes } = await readAll('apache-avro/avro-1279-codec.avro');
    expect(values.map((v) => (v as { longField: bigint }).longField.toString())).toEqual([
      '0',
      '-9223372036854775808',
      '9223372036854775807',
    ]);
    expect(values[2]).toMatchObject({ intField: 2147483647, stringField: 'MAX VALUES' });
    // The max-long varint (fe ff … ff 01) sits in record 2's bytes, as in the file.
    const maxLong = Buffer.from('feffffffffffffffff01', 'hex');
    expect(records[2].subarray(6, 16)).toEqual(maxLong);
    expect(bytes.indexOf(records[2])).toBeGreaterThan(0);
  });

  test('avro-1238-good: top-level union; a null datum is a record (null, then 100)', async () => {
    const { values, records } = await readAll('apache-avro/avro-1238-good.avro');
    expect(values).toEqual([null, 100]);
    expect(records.map((r) => r.toString('hex'))).toEqual(['00', '02c801']);
  });

  test.each(['apache-avro/weather.avro', 'apache-avro/avro-1279-codec.avro', 'apache-avro/person-10.avro', 'lensesio+stream-reactor/avro/1.avro'])(
    'null codec %s: records are exactly the stored block bytes, in order',
    async (file) => {
      const { bytes, records } = await readAll(file);
      let at = 0;
      for (const r of records) {
        const found = bytes.indexOf(r, at);
        expect(found).toBeGreaterThanOrEqual(at);
        at = found + r.length;
      }
      expect(Buffer.concat(records).length).toBeLessThan(bytes.length);
    },
  );
});

describe('chunked input: the stream may be cut anywhere', () => {
  const files = ['apache-avro/weather-snappy.avro', 'apache-avro/syncInMeta.avro', 'apache-avro/avro-1279-codec.avro', 'apache-avro/person-10.avro'];
  test.each(files.flatMap((f) => [1, 3, 17, 4096].map((n) => [f, n] as const)))('%s in %i-byte chunks', async (file, size) => {
    const whole = await readAll(file);
    const pieces = await readAll(file, size);
    expect(pieces.records.map((r) => r.toString('hex'))).toEqual(whole.records.map((r) => r.toString('hex')));
    expect(pieces.header.writerSchema).toBe(whole.header.writerSchema);
  });
});

describe('bad input is rejected, naming the object and the record', () => {
  test.each([
    ['apache-avro/avro-1238-truncated.avro', 0, /sync marker/],
    ['apache-avro/avro-1237-bad-union-discriminant.avro', 1, /union branch index 2 .*2 branches/],
  ])('%s fails at record %i', async (file, recordIndex, reason) => {
    for (const size of [1, 1000]) {
      const reader = new AvroContainerReader(chunked(fixture(file), size), file);
      const { records, error } = await collectUntilError(reader);
      expectMalformed(error, file, recordIndex, reason);
      expect(records).toHaveLength(0); // the broken block yields nothing, not a half
    }
  });
});
