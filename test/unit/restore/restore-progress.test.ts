import type { RestorePlan } from '../../../domain/restore-plan';
import type { PartitionPosition } from '../../../domain/restore-position';
import { RestoreProgress } from '../../../domain/restore-progress';

const plan = (unsettledObjects?: number): RestorePlan => ({
  bucket: 'b',
  topics: [],
  partitions: [],
  ignored: [],
  warnings: [],
  totals: { objects: 0, bytes: 0, partitions: 0, topics: 0 },
  ...(unsettledObjects && { unsettledObjects }),
});

describe('RestoreProgress while following', () => {
  test('the waiting line says how many new objects wait for their sink commit to settle, and forgets them once restored', () => {
    const progress = new RestoreProgress();
    progress.planned(plan(3));
    progress.polled();
    progress.step('follow-wait');
    expect(progress.markdown()).toContain('(poll 1; 3 new object(s) waiting for their sink commit to settle)');
    progress.planned(plan());
    progress.polled();
    expect(progress.markdown()).toContain('(poll 2)');
    expect(progress.view().unsettledObjects).toBeUndefined();
  });
});

describe('RestoreProgress totals', () => {
  const position = (records: number, pollBase?: { after: string; recordsBefore: number }) =>
    ({
      objectStart: '0', objectName: 'o', recordIndex: 0, objectComplete: true, objectsCompleted: records / 10, recordsRead: records, recordsPublished: records, bytesPublished: records * 100,
      duplicatesSkipped: 0, gaps: 0, overlaps: 0, discontinuities: [],
      ...(pollBase && { pollBase: { ...pollBase, destinationOffset: '0', objectsBefore: pollBase.recordsBefore / 10, bytesBefore: pollBase.recordsBefore * 100 } }),
    }) as PartitionPosition;

  test('following, each poll adds what it restored, not the partition total again; a continued run carries on', () => {
    const progress = new RestoreProgress();
    progress.partitionDone(position(1_000)); // first poll: everything so far
    progress.partitionDone(position(1_010, { after: '990', recordsBefore: 1_000 }), '990'); // second: 10 more
    progress.partitionDone(position(1_010, { after: '990', recordsBefore: 1_000 }), '1000'); // a poll that published nothing
    expect(progress.view()).toMatchObject({ recordsDone: 1_010, objectsDone: 101, bytesDone: 101_000, partitionsDone: 3 });
    const continued = new RestoreProgress(progress.view());
    continued.partitionDone(position(1_030, { after: '1000', recordsBefore: 1_010 }), '1000');
    expect(continued.view().recordsDone).toBe(1_030);
  });

  test('while waiting for the next poll, every step of the last one shows done', () => {
    const progress = new RestoreProgress();
    progress.step('follow-wait');
    expect(progress.markdown()).not.toContain('- [ ]');
  });
});
