/**
 * Runs `fn` over items with at most `limit` in flight, keeping results in item order. On the first failure
 * it starts nothing new, calls `onFirstFailure` (e.g. to cancel what is running), waits for every lane to
 * settle, and only then throws that failure — so nothing is still writing when the caller reports it.
 * Deterministic in the workflow sandbox (single-threaded, ordered scheduling), so it replays identically.
 */
export async function forEachBounded<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  onFirstFailure?: () => void,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && !failure) {
      const index = next++;
      try {
        results[index] = await fn(items[index]);
      } catch (error) {
        if (!failure) {
          failure = { error };
          onFirstFailure?.();
        }
      }
    }
  });
  await Promise.all(lanes);
  if (failure) throw failure.error;
  return results;
}
