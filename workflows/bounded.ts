/**
 * Runs `fn` over items with at most `limit` in flight, keeping results in item order. Deterministic in the
 * workflow sandbox (single-threaded, ordered scheduling), so it replays identically.
 */
export async function forEachBounded<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(lanes);
  return results;
}
