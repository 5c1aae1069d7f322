import { PrefetchingObjectReader } from '../../../activities/restore/object-prefetch';
import type { BackupObjectSource } from '../../../activities/restore/object-source';

/** A source whose objects are lists of chunks; it logs when each GET starts and when each stream is closed. */
function fakeSource(objects: Record<string, string[] | Error>) {
  const log: string[] = [];
  const source: BackupObjectSource = {
    listPartitionObjects: async () => [],
    async *read(name) {
      log.push(`get ${name}`);
      try {
        const chunks = objects[name];
        if (chunks instanceof Error) throw chunks;
        for (const chunk of chunks) yield Buffer.from(chunk);
      } finally {
        log.push(`closed ${name}`);
      }
    },
  };
  return { source, log };
}

async function text(stream: AsyncIterable<Buffer>): Promise<string> {
  let out = '';
  for await (const chunk of stream) out += chunk.toString();
  return out;
}

describe('PrefetchingObjectReader', () => {
  it('opens the next object while the current one streams, and hands each its own bytes in order', async () => {
    const { source, log } = fakeSource({ a: ['a1', 'a2'], b: ['b1'], c: ['c1', 'c2'] });
    const reader = new PrefetchingObjectReader(source);
    const a = reader.read('a', 'b')[Symbol.asyncIterator]();
    expect((await a.next()).value.toString()).toBe('a1');
    expect(log).toEqual(['get a', 'get b']); // b's GET is under way before a has ended
    expect((await a.next()).value.toString()).toBe('a2');
    expect((await a.next()).done).toBe(true);
    expect(await text(reader.read('b', 'c'))).toBe('b1');
    expect(await text(reader.read('c'))).toBe('c1c2');
    expect(log.filter((l) => l.startsWith('get'))).toEqual(['get a', 'get b', 'get c']); // each object read once
    await reader.close();
  });

  it('closes the object opened ahead when the stream stops early', async () => {
    const { source, log } = fakeSource({ a: ['a1', 'a2'], b: ['b1'] });
    const reader = new PrefetchingObjectReader(source);
    for await (const chunk of reader.read('a', 'b')) {
      expect(chunk.toString()).toBe('a1');
      break; // a cancellation, a malformed record
    }
    await reader.close();
    expect(log).toEqual(expect.arrayContaining(['closed a', 'closed b']));
  });

  it('raises a failed read ahead only when the stream reaches that object', async () => {
    const { source } = fakeSource({ a: ['a1'], b: new Error('No such object: backups/topics/t/partition=0/t+0+0000002500.bin') });
    const reader = new PrefetchingObjectReader(source);
    expect(await text(reader.read('a', 'b'))).toBe('a1');
    await expect(text(reader.read('b'))).rejects.toThrow('t+0+0000002500.bin');
  });

  it('opens an object afresh when the stream takes another than the one opened ahead', async () => {
    const { source, log } = fakeSource({ a: ['a1'], b: ['b1'], c: ['c1'] });
    const reader = new PrefetchingObjectReader(source);
    expect(await text(reader.read('a', 'b'))).toBe('a1');
    expect(await text(reader.read('c'))).toBe('c1');
    expect(log).toEqual(expect.arrayContaining(['get a', 'get b', 'closed b', 'get c']));
    expect(log.indexOf('closed b')).toBeLessThan(log.indexOf('get c'));
  });

  it('opens the first object before the stream asks for it, and drops it when the stream starts elsewhere (a resume)', async () => {
    const { source, log } = fakeSource({ a: ['a1'], b: ['b1'] });
    const reader = new PrefetchingObjectReader(source);
    reader.openAhead('a');
    expect(log).toEqual(['get a']);
    expect(await text(reader.read('a'))).toBe('a1');
    expect(log.filter((l) => l === 'get a')).toHaveLength(1); // the stream took the read opened ahead

    const resumed = fakeSource({ a: ['a1'], b: ['b1'] });
    const other = new PrefetchingObjectReader(resumed.source);
    other.openAhead('a');
    expect(await text(other.read('b'))).toBe('b1');
    expect(resumed.log).toEqual(expect.arrayContaining(['get a', 'closed a', 'get b']));
  });

  it('opens nothing ahead once closed, so a late first-object hint cannot leak a read', async () => {
    const { source, log } = fakeSource({ a: ['a1'] });
    const reader = new PrefetchingObjectReader(source);
    await reader.close();
    reader.openAhead('a');
    expect(log).toEqual([]);
  });
});
