/**
 * Gap and overlap detection once record counts are known (§3 consequences, §9.8). The start offset
 * of the next object is the only per-record offset evidence a backup has:
 *   count > nextStart − start → overlap (a sink re-run rewrote part of the range: duplicates);
 *   count < nextStart − start → gap (compaction, transaction markers, skipped nulls, DLQ — or loss).
 * Only meaningful for partitions with `offset` ordering: with `per-file` ordering the ranges of
 * concurrently open files interleave legitimately.
 */
import { compareOffsets, offsetDistance, type OffsetString } from './offsets';

export interface CountedObject {
  name: string;
  startOffset: OffsetString;
  recordCount: number;
}

export interface OffsetAnomaly {
  kind: 'gap' | 'overlap';
  objectName: string;
  nextObjectName: string;
  startOffset: OffsetString;
  nextStartOffset: OffsetString;
  recordCount: number;
  /** Offsets missing (gap) or records beyond the next start (overlap), as a decimal string. */
  size: string;
}

export interface OffsetAnomalyReport {
  gaps: number;
  overlaps: number;
  /** Total offsets not covered by any object (between the first and the last object's start). */
  gapOffsets: string;
  /** Total records that fall past the next object's start offset. */
  overlapRecords: string;
  /** The first `maxReported` anomalies in offset order. */
  anomalies: OffsetAnomaly[];
}

export function detectGapsAndOverlaps(
  objects: readonly CountedObject[],
  options: { maxReported?: number } = {},
): OffsetAnomalyReport {
  const max = options.maxReported ?? 100;
  const sorted = [...objects].sort(
    (a, b) => compareOffsets(a.startOffset, b.startOffset) || (a.name < b.name ? -1 : 1),
  );
  const report: OffsetAnomalyReport = { gaps: 0, overlaps: 0, gapOffsets: '0', overlapRecords: '0', anomalies: [] };
  let gapTotal = 0n;
  let overlapTotal = 0n;
  for (let i = 0; i + 1 < sorted.length; i++) {
    const cur = sorted[i];
    const next = sorted[i + 1];
    const span = offsetDistance(cur.startOffset, next.startOffset);
    const count = BigInt(cur.recordCount);
    if (count === span) continue;
    const kind = count > span ? 'overlap' : 'gap';
    const size = kind === 'overlap' ? count - span : span - count;
    if (kind === 'overlap') {
      report.overlaps++;
      overlapTotal += size;
    } else {
      report.gaps++;
      gapTotal += size;
    }
    if (report.anomalies.length < max) {
      report.anomalies.push({
        kind,
        objectName: cur.name,
        nextObjectName: next.name,
        startOffset: cur.startOffset,
        nextStartOffset: next.startOffset,
        recordCount: cur.recordCount,
        size: size.toString(),
      });
    }
  }
  report.gapOffsets = gapTotal.toString();
  report.overlapRecords = overlapTotal.toString();
  return report;
}
