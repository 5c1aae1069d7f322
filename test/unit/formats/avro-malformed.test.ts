/**
 * Malformed Avro objects must fail with MalformedBackupObjectError naming the object and the record,
 * and never yield part of a broken block; errors of the source stream must pass through unchanged.
 */
import * as snappy from 'snappyjs';
import * as zlib from 'zlib';
import { MalformedBackupObjectError } from '../../../domain/errors';
import { encodeAvroObject, zigzag } from '../../../dev/sink-simulator/encoders';
import { AvroContainerReader, decodeAvroDatum } from '../../../formats';
import { avroString, buildOcf, chunked, collect, collectUntilError, expectMalformed } from './helpers';

const SYNC = Buffer.from('SYNC-MARKER-0123');
const crc = (b: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(b) >>> 0);
  return out;
};
const strings = (...xs: string[]) => Buffer.concat(xs.map(avroString));

describe('truncation anywhere is detected', () => {
  test.each(['null', 'deflate', 'snappy'] as const)('every cut of a 3-block %s file', async (codec) => {
    const values = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee', 'ffff'];
    const file = encodeAvroObject('string', values, { codec, syncInterval: 10, syncMarker: SYNC }); // 2 per block
    // A cut right after a sync marker leaves a well-formed file with fewer blocks: no format can tell.
    const boundaries = new Map<number, number>(); // cut → records before it
    for (let at = file.indexOf(SYNC), n = 0; at !== -1; at = file.indexOf(SYNC, at + 1), n += 2) {
      boundaries.set(at + SYNC.length, n);
    }
    expect([...boundaries.values()]).toEqual([0, 2, 4, 6]);
    for (let cut = 0; cut < file.length; cut++) {
      const name = `cut-${cut}.avro`;
      const { records, error } = await collectUntilError(new AvroContainerReader(chunked(file.subarray(0, cut), 3), name));
      const complete = boundaries.get(cut);
      if (complete !== undefined) {
        expect(error).toBeUndefined();
        expect(records.map((r) => decodeAvroDatum('"string"', r))).toEqual(values.slice(0, complete));
      } else {
        const before = Math.max(0, ...[...boundaries].filter(([b]) => b < cut).map(([, n]) => n));
        expectMalformed(error, name, before, /ends inside/);
        expect(records).toHaveLength(before); // only whole blocks before the cut
      }
    }
  });
});

describe('corrupt structure', () => {
  const okBlock = { count: 2, data: strings('a', 'b') };
  test.each([
    ['not an Avro file', Buffer.from('PAR1 not avro'), 0, /not an Avro object container file/],
    ['no avro.schema', buildOcf({ blocks: [okBlock] }), 0, /no avro.schema/],
    ['schema is not JSON', buildOcf({ schema: '{"type":', blocks: [okBlock] }), 0, /writer schema is not usable/],
    ['schema names an unknown type', buildOcf({ schema: '{"type":"nope"}', blocks: [okBlock] }), 0, /writer schema is not usable/],
    ['unsupported codec', buildOcf({ schema: '"string"', codec: 'xz', blocks: [okBlock] }), 0, /unsupported avro.codec "xz"/],
    [
      'sync marker of the second block is wrong',
      Buffer.concat([buildOcf({ schema: '"string"', blocks: [okBlock] }), zigzag(2), zigzag(4), strings('c', 'd'), Buffer.from('WRONG-SYNC-01234')]),
      2,
      /sync marker after the block does not match/,
    ],
    ['negative block count', buildOcf({ schema: '"string"', blocks: [{ count: -1, data: strings('a') }] }), 0, /negative record count/],
    ['block holds more datums than its count', buildOcf({ schema: '"string"', blocks: [{ count: 1, data: strings('a', 'b') }] }), 0, /2 byte\(s\) left after its last record/],
    ['block holds fewer datums than its count', buildOcf({ schema: '"string"', blocks: [{ count: 3, data: strings('a', 'b') }] }), 2, /past the end of its block/],
    ['string length runs past the block', buildOcf({ schema: '"string"', blocks: [{ count: 2, data: Buffer.concat([avroString('a'), zigzag(50), Buffer.from('xy')]) }] }), 1, /past the end of its block/],
    ['negative string length', buildOcf({ schema: '"string"', blocks: [{ count: 2, data: Buffer.concat([avroString('a'), zigzag(-3)]) }] }), 1, /negative length -3/],
    [
      'enum index out of range',
      buildOcf({ schema: '{"type":"enum","name":"E","symbols":["A","B"]}', blocks: [{ count: 3, data: Buffer.concat([zigzag(0), zigzag(1), zigzag(2)]) }] }),
      2,
      /enum index 2 .*2 symbols/,
    ],
    ['union index negative', buildOcf({ schema: '["null","int"]', blocks: [{ count: 1, data: zigzag(-1) }] }), 0, /union branch index -1/],
    ['varint longer than 10 bytes', buildOcf({ schema: '"long"', blocks: [{ count: 1, data: Buffer.alloc(11, 0xff) }] }), 0, /longer than 10 bytes/],
    ['int longer than 5 bytes', buildOcf({ schema: '"int"', blocks: [{ count: 1, data: Buffer.from('ffffffffff01', 'hex') }] }), 0, /longer than 5 bytes/],
    ['absurd array count', buildOcf({ schema: '{"type":"array","items":"long"}', blocks: [{ count: 1, data: Buffer.concat([zigzag(1e12), zigzag(1)]) }] }), 0, /array item count 1000000000000 .*cannot fit/],
    ['absurd count of zero-width records', buildOcf({ schema: '"null"', blocks: [{ count: 2 ** 40, data: Buffer.alloc(0) }] }), 0, /block record count .*cannot fit/],
    ['corrupt deflate block', buildOcf({ schema: '"string"', codec: 'deflate', blocks: [{ count: 2, data: Buffer.from('garbage!') }] }), 0, /cannot decompress the deflate block/],
    [
      'snappy CRC mismatch',
      buildOcf({ schema: '"string"', codec: 'snappy', blocks: [{ count: 2, data: Buffer.concat([snappy.compress(strings('a', 'b')), crc(strings('a', 'c'))]) }] }),
      0,
      /CRC32 mismatch/,
    ],
    ['snappy block too short for its CRC', buildOcf({ schema: '"string"', codec: 'snappy', blocks: [{ count: 1, data: Buffer.from('ab') }] }), 0, /no room for its CRC32/],
    ['corrupt bzip2 block', buildOcf({ schema: '"string"', codec: 'bzip2', blocks: [{ count: 1, data: Buffer.from('BZh9garbage') }] }), 0, /cannot decompress the bzip2 block/],
  ])('%s', async (_what, file, recordIndex, reason) => {
    const { records, error } = await collectUntilError(new AvroContainerReader(chunked(file, 4), 'bad.avro'));
    expectMalformed(error, 'bad.avro', recordIndex, reason);
    expect(records.length).toBeLessThanOrEqual(recordIndex); // nothing of the broken block
  });

  test('a correct snappy block passes its CRC check (the negative case above is not vacuous)', async () => {
    const data = Buffer.concat([snappy.compress(strings('a', 'b')), crc(strings('a', 'b'))]);
    const { records } = await collect(new AvroContainerReader(chunked(buildOcf({ schema: '"string"', codec: 'snappy', blocks: [{ count: 2, data }] })), 'ok.avro'));
    expect(records.map((r) => decodeAvroDatum('"string"', r))).toEqual(['a', 'b']);
  });

  test('the header can be read (and fail) before iterating', async () => {
    const reader = new AvroContainerReader(chunked(buildOcf({ schema: '"string"', codec: 'xz', blocks: [] })), 'h.avro');
    await expect(reader.header()).rejects.toThrow(MalformedBackupObjectError);
    await expect(reader.writerSchema()).rejects.toThrow(/h\.avro: malformed at record 0: .*"xz"/);
  });
});

describe('the source stream', () => {
  test('a source error passes through unchanged (it may be retryable; corruption is not)', async () => {
    const file = encodeAvroObject('string', ['a', 'b', 'c'], { syncInterval: 1 });
    const boom = new Error('ECONNRESET');
    async function* failing() {
      yield file.subarray(0, file.length - 5);
      throw boom;
    }
    const { records, error } = await collectUntilError(new AvroContainerReader(failing(), 'net.avro'));
    expect(error).toBe(boom);
    expect(records.length).toBeGreaterThan(0);
  });

  test('stopping early closes the source', async () => {
    const file = encodeAvroObject('string', ['a', 'b', 'c'], { syncInterval: 1 });
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < file.length; i += 8) yield file.subarray(i, i + 8);
      } finally {
        closed = true;
      }
    }
    for await (const batch of new AvroContainerReader(source(), 'stop.avro')) {
      expect(batch.firstIndex).toBe(0);
      break;
    }
    expect(closed).toBe(true);
  });
});
