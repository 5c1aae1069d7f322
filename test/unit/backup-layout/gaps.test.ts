import { detectGapsAndOverlaps } from '../../../domain/backup-layout';

const o = (startOffset: string, recordCount: number) => ({
  name: `t+0+${startOffset.padStart(10, '0')}.avro`,
  startOffset,
  recordCount,
});

describe('detectGapsAndOverlaps', () => {
  it('reports nothing for contiguous objects, whatever order they come in', () => {
    const r = detectGapsAndOverlaps([o('6', 3), o('0', 3), o('3', 3)]);
    expect(r).toEqual({ gaps: 0, overlaps: 0, gapOffsets: '0', overlapRecords: '0', anomalies: [] });
  });

  it('count < nextStart − start is a gap', () => {
    const r = detectGapsAndOverlaps([o('0', 3), o('5', 3)]);
    expect(r).toMatchObject({ gaps: 1, overlaps: 0, gapOffsets: '2' });
    expect(r.anomalies).toEqual([
      {
        kind: 'gap',
        objectName: o('0', 3).name,
        nextObjectName: o('5', 3).name,
        startOffset: '0',
        nextStartOffset: '5',
        recordCount: 3,
        size: '2',
      },
    ]);
  });

  it('count > nextStart − start is an overlap (a re-run rewrote part of the range)', () => {
    // §3: a re-run writes X (2 records) and X+2 (3 records) while an older X+3 survives.
    const r = detectGapsAndOverlaps([o('10', 2), o('12', 3), o('13', 3)]);
    expect(r).toMatchObject({ gaps: 0, overlaps: 1, overlapRecords: '2' });
    expect(r.anomalies.map((a) => [a.kind, a.startOffset, a.size])).toEqual([['overlap', '12', '2']]);
  });

  it('duplicate start offsets are overlaps', () => {
    const r = detectGapsAndOverlaps([o('5', 3), o('5', 3)]);
    expect(r).toMatchObject({ overlaps: 1, overlapRecords: '3' });
  });

  it('orders numerically across the 10-digit boundary and stays exact past 2^53', () => {
    expect(detectGapsAndOverlaps([o('10000000000', 1), o('9999999999', 1)]).anomalies).toEqual([]);
    const big = detectGapsAndOverlaps([o('9007199254740993', 1), o('9007199254740995', 1)]);
    expect(big).toMatchObject({ gaps: 1, gapOffsets: '1' });
  });

  it('caps the reported list but keeps exact totals', () => {
    const objects = Array.from({ length: 50 }, (_, i) => o(String(i * 10), 5));
    const r = detectGapsAndOverlaps(objects, { maxReported: 3 });
    expect(r.gaps).toBe(49);
    expect(r.gapOffsets).toBe(String(49 * 5));
    expect(r.anomalies).toHaveLength(3);
  });
});
