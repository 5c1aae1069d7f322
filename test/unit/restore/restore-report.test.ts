import type { RestorePlan } from '../../../domain/restore-plan';
import type { PartitionPosition } from '../../../domain/restore-position';
import { buildRestoreReport, isPartitionVerified, type PartitionReport } from '../../../domain/restore-report';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';

const report = (overrides: Partial<PartitionReport>): PartitionReport =>
  ({ recordsRead: 12, duplicatesSkipped: 2, recordsWritten: 10, ...overrides }) as PartitionReport;

describe('isPartitionVerified', () => {
  test.each([
    { name: 'counters agree, nothing read back (verify=counts)', overrides: {}, verified: true },
    { name: 'counters agree and the destination holds exactly what was written', overrides: { recordsOnDestination: 10 }, verified: true },
    { name: 'the destination holds more (a duplicate, another writer in the range)', overrides: { recordsOnDestination: 11 }, verified: false },
    { name: 'the destination holds fewer (a lost record)', overrides: { recordsOnDestination: 9 }, verified: false },
    { name: 'read minus duplicates differs from written', overrides: { recordsWritten: 11, recordsOnDestination: 11 }, verified: false },
  ])('$name', ({ overrides, verified }) => {
    expect(isPartitionVerified(report(overrides))).toBe(verified);
  });

  test.each([
    { name: 'at-least-once: records replayed after a retry are allowed', onDestination: 12, verified: true },
    { name: 'at-least-once: exactly what was written', onDestination: 10, verified: true },
    { name: 'at-least-once: a lost record is never allowed', onDestination: 9, verified: false },
  ])('$name', ({ onDestination, verified }) => {
    expect(isPartitionVerified(report({ recordsOnDestination: onDestination }), 'at-least-once')).toBe(verified);
  });
});

describe('buildRestoreReport at the 2,000-partition limit', () => {
  test("stays within Temporal's 2 MB payload limit, with every count and as many examples as fit", () => {
    const topic = 'payments-settlement-eu-west-transactions';
    const object = (p: number, start: number) => `kafka-backups/topics/${topic}/year=2026/month=11/day=27/hour=13/${topic}+${p}+${String(start).padStart(10, '0')}.avro`;
    const partitions = Array.from({ length: 2_000 }, (_, p) => p);
    const plan: RestorePlan = {
      bucket: 'b',
      topics: [{ sourceTopic: topic, destinationTopic: topic, partitionsNeeded: 2_000, partitions }],
      partitions: partitions.map((p) => ({ topic, partition: p, destinationTopic: topic, ordering: 'offset', objectCount: 9, bytes: 1, firstStartOffset: '0', lastStartOffset: '90', withKeys: 0, withHeaders: 0, listingPrefixes: [], digest: 'd' })),
      ignored: [],
      warnings: [],
      totals: { objects: 18_000, bytes: 2_000, partitions: 2_000, topics: 1 },
    };
    const position = (p: number): PartitionPosition => ({
      objectStart: '90', objectName: object(p, 90), recordIndex: 10, objectComplete: true, objectsCompleted: 9, recordsRead: 90, recordsPublished: 90, bytesPublished: 900, duplicatesSkipped: 0,
      destinationFirstOffset: '0', destinationLastOffset: '89', gaps: 8, overlaps: 0,
      discontinuities: [10, 20, 30, 40, 50].map((s) => `gap: ${object(p, s)} starts at ${s}, the previous object ended before ${s - 1}`),
    });
    const report = buildRestoreReport({
      request: { restoreId: 'r', destinationCluster: 'destination', delivery: 'exactly-once', valueSerializer: 'avro', dryRun: false, backup: backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro' }) },
      plan,
      destination: [],
      outcomes: partitions.map((p) => ({ sourceTopic: topic, destinationTopic: topic, partition: p, position: position(p), durationMs: 1000, recordsOnDestination: 90 })),
      durationMs: 1000,
      offsetMapTopic: '_lifeboat-offset-maps',
      keyPrefix: (t, p) => `r/${t}/${p}/`,
    });
    expect(Buffer.byteLength(JSON.stringify(report))).toBeLessThan(1.5 * 1024 * 1024);
    expect(report.partitions.reduce((n, p) => n + p.gaps, 0)).toBe(16_000); // counts complete
    expect(report.partitions[0].discontinuities).toHaveLength(5); // the first ones keep their examples
    expect(report.partitions[1_999].discontinuities).toEqual([]);
    expect(report.notes.join('\n')).toMatch(/Gap and overlap examples of \d+ partition\(s\) are left out/);
  });
});
