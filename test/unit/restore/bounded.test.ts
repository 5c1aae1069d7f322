import { forEachBounded } from '../../../workflows/bounded';

test('forEachBounded keeps at most `limit` in flight and results in item order', async () => {
  let inFlight = 0;
  let peak = 0;
  const results = await forEachBounded([50, 10, 30, 20, 40], 2, async (ms) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, ms));
    inFlight--;
    return ms * 2;
  });
  expect(peak).toBe(2);
  expect(results).toEqual([100, 20, 60, 40, 80]);
});

test('forEachBounded stops taking items at the first failure, lets running ones settle, then throws that failure', async () => {
  const started: number[] = [];
  const settled: number[] = [];
  let cancelled = false;
  const run = forEachBounded(
    [1, 2, 3, 4, 5],
    2,
    async (n) => {
      started.push(n);
      await new Promise((r) => setTimeout(r, n === 1 ? 5 : 30));
      settled.push(n);
      if (n === 1) throw new Error('partition 1 is malformed');
      return n;
    },
    () => (cancelled = true),
  );
  await expect(run).rejects.toThrow('partition 1 is malformed');
  expect(cancelled).toBe(true);
  expect(started).toEqual([1, 2]); // nothing new after the failure
  expect(settled.sort()).toEqual([1, 2]); // the running one finished before the throw
});
