import { aliveWhileSkipping } from '../../../activities/restore/read-progress';

describe('aliveWhileSkipping', () => {
  it('reports the attempt alive for every chunk read while skipping, and not after', async () => {
    async function* chunks(): AsyncGenerator<string> {
      yield* ['a', 'b', 'c', 'd'];
    }
    let skipping = true;
    const alive: string[] = [];
    const seen: string[] = [];
    let last = '';
    for await (const chunk of aliveWhileSkipping(chunks(), () => skipping, () => alive.push(last))) {
      last = chunk;
      seen.push(chunk);
      if (chunk === 'b') skipping = false; // the first records came out of the reader
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(alive).toHaveLength(2); // for 'a' and 'b', read while skipping
  });
});
