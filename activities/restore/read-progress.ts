/**
 * Resuming mid-object first reads past the records already restored, publishing nothing meanwhile: in a
 * multi-gigabyte object that can outlast the heartbeat timeout, and a retry would start the same skip over.
 * Every chunk read while `skipping()` is progress, so it reports the attempt alive (Temporal throttles
 * heartbeats); once records flow, the sends report progress instead, and a stalled read is noticed again.
 */
export async function* aliveWhileSkipping<T>(source: AsyncIterable<T>, skipping: () => boolean, alive: () => void): AsyncGenerator<T> {
  for await (const chunk of source) {
    if (skipping()) alive();
    yield chunk;
  }
}
