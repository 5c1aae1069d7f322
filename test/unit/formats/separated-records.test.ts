/**
 * JSON lines and ByteArray objects: exact record bytes between separators, in any chunking, with gzip,
 * multi-byte separators, resume by record index, and loud failures for truncation and corrupt gzip.
 */
import * as zlib from 'zlib';
import { encodeSeparatedObject } from '../../../dev/sink-simulator/encoders';
import { SeparatedRecordsReader, openRecordReader } from '../../../formats';
import { chunked, collect, collectUntilError, expectMalformed, fixture } from './helpers';

const reader = (body: Buffer, name: string, separator: Buffer, chunkSize?: number, startAtRecord?: number, maxBatchRecords?: number) =>
  new SeparatedRecordsReader(chunked(body, chunkSize), name, 'bytearray', { separator, startAtRecord, maxBatchRecords });

/** Values that contain every proper prefix of the separator (but never the separator itself). */
function trickyValues(sep: Buffer): Buffer[] {
  const values: Buffer[] = [Buffer.from('plain'), Buffer.alloc(0), Buffer.from([0, 255, 1])];
  for (let k = 1; k < sep.length; k++) {
    const prefix = sep.subarray(0, k);
    values.push(Buffer.concat([Buffer.from('x'), prefix]), Buffer.concat([prefix, Buffer.from('y')]), prefix);
  }
  values.push(Buffer.alloc(3000, 'z'));
  return values.filter((v) => v.indexOf(sep) === -1 && Buffer.concat([v, sep]).indexOf(sep) === v.length);
}

const SEPARATORS: Array<[string, Buffer]> = [
  ['\\n', Buffer.from('\n')],
  ['\\r\\n', Buffer.from('\r\n')],
  ['||', Buffer.from('||')],
  ['self-overlapping ABAB', Buffer.from('ABAB')],
  ['NUL + 0xFF', Buffer.from([0, 0xff])],
];

describe('records are the exact bytes between separators, in any chunking', () => {
  test.each(SEPARATORS.flatMap(([name, sep]) => [false, true].flatMap((gz) => [1, 2, 5, 65536].map((n) => [name, gz, n, sep] as const))))(
    'separator %s, gzip %s, %i-byte chunks',
    async (_name, gzip, chunkSize, sep) => {
      const values = trickyValues(sep);
      const body = encodeSeparatedObject(values, sep, gzip);
      const objectName = gzip ? 'topic+0+0000000000.bin.gz' : 'topic+0+0000000000.bin';
      const { records } = await collect(reader(body, objectName, sep, chunkSize));
      expect(records.map((r) => r.toString('hex'))).toEqual(values.map((v) => v.toString('hex')));
    },
  );
});

describe('JSON lines', () => {
  test('lenses 1.json: 200 compact documents, exactly the stored lines', async () => {
    const body = fixture('lensesio+stream-reactor/json/1.json');
    const r = openRecordReader({ format: 'json', objectName: '1.json', source: chunked(body, 1000) });
    expect(await r.writerSchema()).toBeNull();
    const { records } = await collect(r);
    expect(records).toHaveLength(200);
    expect(Buffer.concat(records.flatMap((rec) => [rec, Buffer.from('\n')]))).toEqual(body);
    expect(JSON.parse(records[0].toString())).toHaveProperty('name');
  });

  test('.json.gz is gunzipped by name; JSON ignores a configured separator', async () => {
    const lines = ['{"a":1}', '{"b":"x\\ny"}', '[]'].map((s) => Buffer.from(s));
    const body = encodeSeparatedObject(lines, Buffer.from('\n'), true);
    const r = openRecordReader({ format: 'json', objectName: 't+0+0000000000.json.gz', source: chunked(body, 3), separator: Buffer.from('|') });
    const { records } = await collect(r);
    expect(records.map(String)).toEqual(['{"a":1}', '{"b":"x\\ny"}', '[]']);
  });
});

describe('resume by record index', () => {
  const values = Array.from({ length: 30 }, (_, i) => Buffer.from(`rec-${i}`));
  test.each([0, 1, 7, 29, 30].flatMap((start) => [false, true].map((gz) => [start, gz] as const)))('startAtRecord %i (gzip %s)', async (start, gz) => {
    const sep = Buffer.from('\r\n');
    const { records, batches } = await collect(reader(encodeSeparatedObject(values, sep, gz), gz ? 'r.bin.gz' : 'r.bin', sep, 3, start, 4));
    expect(records.map(String)).toEqual(values.slice(start).map(String));
    if (batches.length > 0) expect(batches[0].firstIndex).toBe(start);
    expect(Math.max(0, ...batches.map((b) => b.records.length))).toBeLessThanOrEqual(4);
  });

  test('a start past the last record yields nothing; recordsInObject tells the caller the real count', async () => {
    const r = reader(encodeSeparatedObject(values, Buffer.from('\n'), true), 'r.bin.gz', Buffer.from('\n'), 8, 31);
    expect(r.recordsInObject).toBeUndefined();
    const { records } = await collect(r);
    expect(records).toEqual([]);
    expect(r.recordsInObject).toBe(30);
  });
});

describe('empty objects and empty records', () => {
  test.each([
    ['empty .bin', Buffer.alloc(0), 'e.bin'],
    ['zero-byte .bin.gz', Buffer.alloc(0), 'e.bin.gz'],
    ['gzip of an empty body', zlib.gzipSync(Buffer.alloc(0)), 'e.bin.gz'],
  ])('%s → zero records, no error', async (_what, body, name) => {
    const { records, error } = await collectUntilError(reader(body, name, Buffer.from('\n')));
    expect(error).toBeUndefined();
    expect(records).toEqual([]);
  });

  test('consecutive separators are empty records, kept', async () => {
    const { records } = await collect(reader(Buffer.from('a\n\n\nb\n'), 'x.bin', Buffer.from('\n'), 1));
    expect(records.map(String)).toEqual(['a', '', '', 'b']);
  });
});

describe('malformed objects fail loudly', () => {
  test.each([
    ['plain', false, 'm.bin'],
    ['gzip', true, 'm.bin.gz'],
  ])('missing final separator (%s): earlier records are yielded, then the error names the record', async (_what, gz, name) => {
    const sep = Buffer.from('||');
    const body = Buffer.concat([Buffer.from('a||b||c|')]);
    const { records, error } = await collectUntilError(reader(gz ? zlib.gzipSync(body) : body, name, sep, 1));
    expect(records.map(String)).toEqual(['a', 'b']);
    expectMalformed(error, name, 2, /missing final separator: 2 byte\(s\)/);
  });

  test.each([
    ['truncated gzip', (gz: Buffer) => gz.subarray(0, gz.length - 12)],
    ['flipped bytes in the deflate data', (gz: Buffer) => Buffer.concat([gz.subarray(0, 12), Buffer.alloc(8, 0xff), gz.subarray(20)])],
    ['bad CRC trailer', (gz: Buffer) => Buffer.concat([gz.subarray(0, gz.length - 8), Buffer.alloc(4), gz.subarray(gz.length - 4)])],
    ['not gzip at all', () => Buffer.from('definitely not gzip\n')],
  ])('corrupt gzip: %s', async (_what, corrupt) => {
    const values = Array.from({ length: 50 }, (_, i) => Buffer.from(`line ${i} ${'q'.repeat(i)}`));
    const body = corrupt(encodeSeparatedObject(values, Buffer.from('\n'), true));
    const { error } = await collectUntilError(reader(body, 'c.json.gz', Buffer.from('\n'), 16));
    expectMalformed(error, 'c.json.gz', undefined, /corrupt gzip data/);
  });
});

describe('the source stream', () => {
  test.each([false, true])('a source error passes through unchanged (gzip %s)', async (gz) => {
    const body = encodeSeparatedObject([Buffer.from('a'), Buffer.from('b')], Buffer.from('\n'), gz);
    const boom = new Error('socket hang up');
    async function* failing() {
      yield body.subarray(0, 6);
      throw boom;
    }
    const r = new SeparatedRecordsReader(failing(), gz ? 's.bin.gz' : 's.bin', 'bytearray', { separator: Buffer.from('\n') });
    const { error } = await collectUntilError(r);
    expect(error).toBe(boom);
  });

  test.each([false, true])('stopping early closes the source (gzip %s)', async (gz) => {
    const values = Array.from({ length: 100 }, (_, i) => Buffer.from(`v${i}`));
    const body = encodeSeparatedObject(values, Buffer.from('\n'), gz);
    let closed = false;
    async function* source() {
      try {
        for (let i = 0; i < body.length; i += 4) yield body.subarray(i, i + 4);
      } finally {
        closed = true;
      }
    }
    const r = new SeparatedRecordsReader(source(), gz ? 'x.bin.gz' : 'x.bin', 'bytearray', { separator: Buffer.from('\n'), maxBatchRecords: 5 });
    for await (const batch of r) {
      expect(batch.records).toHaveLength(5);
      break;
    }
    await new Promise((resolve) => setImmediate(resolve)); // stream teardown is asynchronous
    expect(closed).toBe(true);
  });
});

describe('agrees with a naive split on random data and random chunk boundaries', () => {
  /** Deterministic PRNG (mulberry32) so a failure can be replayed. */
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  async function* randomChunks(buf: Buffer, next: () => number) {
    for (let i = 0; i < buf.length; ) {
      const n = 1 + Math.floor(next() * 6);
      yield buf.subarray(i, i + n);
      i += n;
    }
  }
  test.each(['AA', 'ABA', 'ABAB', 'AAB'])('separator %s, 200 random objects', async (sepText) => {
    const sep = Buffer.from(sepText);
    for (let seed = 1; seed <= 200; seed++) {
      const next = rng(seed);
      const body = Buffer.from(Array.from({ length: Math.floor(next() * 60) }, () => 'ABx'[Math.floor(next() * 3)]).join('') + sepText);
      const expected: string[] = [];
      let from = 0;
      for (let at = body.indexOf(sep); at !== -1; from = at + sep.length, at = body.indexOf(sep, from)) {
        expected.push(body.subarray(from, at).toString());
      }
      const r = new SeparatedRecordsReader(randomChunks(body, next), `rand-${seed}.bin`, 'bytearray', { separator: sep });
      const { records, error } = await collectUntilError(r);
      expect(records.map(String)).toEqual(expected);
      // e.g. "…A" + "AA": the leftmost match leaves one byte over, which the reader must report.
      if (from < body.length) expectMalformed(error, `rand-${seed}.bin`, expected.length, /missing final separator/);
      else expect(error).toBeUndefined();
    }
  });
});
