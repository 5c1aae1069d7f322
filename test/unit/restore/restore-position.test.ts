import { decodePosition, encodePosition, MAX_ENCODED_POSITION_BYTES, recordDiscontinuity, resumePointFor, type PartitionPosition } from '../../../domain/restore-position';

const position = (overrides: Partial<PartitionPosition> = {}): PartitionPosition => ({
  objectStart: '100',
  objectName: 'hour=01/t+0+0000000100.json',
  recordIndex: 7,
  objectComplete: false,
  objectsCompleted: 3,
  recordsRead: 40,
  recordsPublished: 47,
  bytesPublished: 4700,
  duplicatesSkipped: 0,
  gaps: 0,
  overlaps: 0,
  discontinuities: [],
  ...overrides,
});

describe('resumePointFor', () => {
  const object = (startOffset: string, name = 'hour=01/t+0+0000000100.json') => ({ startOffset, name });
  test.each([
    { name: 'nothing committed yet: every object from its first record', object: object('0'), committed: undefined, expected: 0 },
    { name: 'an object before the committed one is done', object: object('99'), committed: position(), expected: 'done' },
    { name: 'the committed object resumes after its published records', object: object('100'), committed: position(), expected: 7 },
    { name: 'a finished committed object is done', object: object('100'), committed: position({ objectComplete: true }), expected: 'done' },
    { name: 'an object after it starts from 0', object: object('101'), committed: position(), expected: 0 },
    { name: 'numeric, not alphabetical: 10000000000 comes after 9999999999', object: object('10000000000'), committed: position({ objectStart: '9999999999', objectComplete: true }), expected: 0 },
    { name: 'same start offset, earlier name (a sink re-run in another folder): done', object: object('100', 'hour=00/t+0+0000000100.json'), committed: position(), expected: 'done' },
    { name: 'same start offset, later name: not the committed object, starts from 0', object: object('100', 'hour=02/t+0+0000000100.json'), committed: position({ objectComplete: true }), expected: 0 },
  ])('$name', ({ object: o, committed, expected }) => {
    expect(resumePointFor(o, committed)).toBe(expected);
  });
});

describe('position encoding (consumer-group offset metadata)', () => {
  test('round-trips and stays far below the 4 KB metadata limit', () => {
    const full = position({ discontinuities: Array.from({ length: 5 }, () => `gap: ${'topics/orders/year=2026/'.repeat(4)}orders+0+0000000100.avro starts at 100, the previous object ended before 90`) });
    const encoded = encodePosition(full);
    expect(decodePosition(encoded)).toEqual(full);
    expect(Buffer.byteLength(encoded)).toBeLessThan(4096);
  });

  test('with 249-character topics, examples are dropped (last first) to fit the limit; counts stay', () => {
    const topic = 't'.repeat(249);
    const name = `kafka-backups/production/europe-west1/topics/${topic}/year=2026/month=11/day=27/hour=13/${topic}+0+0000000100.avro`;
    const full = position({ objectName: name, gaps: 5, discontinuities: Array.from({ length: 5 }, (_, i) => `gap ${i}: ${name} starts at 100, the previous object ended before 90`) });
    expect(Buffer.byteLength(JSON.stringify(full))).toBeGreaterThan(4096); // what used to be committed
    const encoded = encodePosition(full);
    expect(Buffer.byteLength(encoded)).toBeLessThanOrEqual(MAX_ENCODED_POSITION_BYTES);
    const decoded = decodePosition(encoded)!;
    expect(decoded).toMatchObject({ objectName: name, gaps: 5 });
    expect(decoded.discontinuities).toEqual(full.discontinuities.slice(0, decoded.discontinuities.length));
    expect(decoded.discontinuities.length).toBeGreaterThan(0);
  });

  test.each([null, undefined, '', 'not json', '{"v":2,"objectStart":"1"}', '{"v":1}'])('%p is no position', (metadata) => {
    expect(decodePosition(metadata)).toBeUndefined();
  });
});

describe('recordDiscontinuity', () => {
  test('a later start is a gap, an earlier one an overlap; examples are capped', () => {
    let p = position();
    p = { ...p, ...recordDiscontinuity(p, 'b.avro', '110', '105') };
    p = { ...p, ...recordDiscontinuity(p, 'c.avro', '108', '112') };
    p = { ...p, ...recordDiscontinuity(p, 'd.avro', '112', '112') };
    expect(p).toMatchObject({ gaps: 1, overlaps: 1 });
    expect(p.discontinuities).toEqual([
      'gap: b.avro starts at 110, the previous object ended before 105',
      'overlap: c.avro starts at 108, the previous object ended before 112',
    ]);
    for (let i = 0; i < 10; i++) p = { ...p, ...recordDiscontinuity(p, `x${i}`, '1', '2') };
    expect(p.overlaps).toBe(11);
    expect(p.discontinuities).toHaveLength(5);
  });
});
