import type { RestorePlan } from '../../../domain/restore-plan';
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
