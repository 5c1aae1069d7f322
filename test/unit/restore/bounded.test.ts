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
