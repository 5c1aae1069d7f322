import type { Message } from 'kafkajs';
import { messageBytes, readAhead, sendChunks, type SendChunk } from '../../../activities/restore/send-pipeline';

const message = (bytes: number, key?: string): Message => ({ value: Buffer.alloc(bytes), key: key ? Buffer.from(key) : null });

async function* fromBatches(batches: Message[][]): AsyncGenerator<Message[]> {
  for (const batch of batches) yield batch;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
}

describe('sendChunks', () => {
  it('fills each send across reader batches and keeps every record, in order', async () => {
    const batches = [0, 1, 2].map((b) => Array.from({ length: 5 }, (_, i) => message(100, `${b}-${i}`)));
    const chunks: Array<SendChunk<never>> = await collect(sendChunks(fromBatches(batches), { maxBytes: 3 * (100 + 3 + 64) }));
    // 15 records of 103 bytes + 64 overhead, 3 per send: 5 full sends, no short send per batch.
    expect(chunks.map((c) => c.messages.length)).toEqual([3, 3, 3, 3, 3]);
    expect(chunks.flatMap((c) => c.messages.map((m) => String(m.key)))).toEqual(batches.flat().map((m) => String(m.key)));
    expect(chunks.map((c) => c.bytes)).toEqual([309, 309, 309, 309, 309]);
  });

  it('ends a send at every checkpoint boundary, across reader batches', async () => {
    const batches = [Array.from({ length: 7 }, () => message(10)), Array.from({ length: 6 }, () => message(10))];
    const chunks = await collect(sendChunks(fromBatches(batches), { cutEvery: 5 }));
    expect(chunks.map((c) => c.messages.length)).toEqual([5, 5, 3]);
  });

  it('sends a record larger than the limit on its own rather than dropping or splitting it', async () => {
    const chunks = await collect(sendChunks(fromBatches([[message(10), message(5_000), message(10)]]), { maxBytes: 1_000 }));
    expect(chunks.map((c) => c.messages.map((m) => (m.value as Buffer).length))).toEqual([[10], [5_000], [10]]);
  });

  it('still yields the records read before a failure, then raises it', async () => {
    async function* failing(): AsyncGenerator<Message[]> {
      yield [message(10, 'a'), message(10, 'b')];
      throw new Error('missing final separator');
    }
    const keys: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of sendChunks(failing())) keys.push(...chunk.messages.map((m) => String(m.key)));
      })(),
    ).rejects.toThrow('missing final separator');
    expect(keys).toEqual(['a', 'b']);
  });

  it('carries marks in order, at the record they came before, and fills sends across them', async () => {
    async function* objects(): AsyncGenerator<Message[] | { mark: string }> {
      yield { mark: 'begin A' };
      yield [message(100, 'a0'), message(100, 'a1')];
      yield { mark: 'end A' };
      yield { mark: 'begin B' }; // all of B skipped: no records between its marks
      yield { mark: 'end B' };
      yield { mark: 'begin C' };
      yield [message(100, 'c0'), message(100, 'c1')];
      yield { mark: 'end C' };
    }
    const chunks = await collect(sendChunks(objects(), { maxBytes: 3 * (100 + 2 + 64) }));
    expect(chunks.map((c) => c.messages.map((m) => String(m.key)))).toEqual([['a0', 'a1', 'c0'], ['c1']]);
    expect(chunks.map((c) => c.marks)).toEqual([
      [
        { at: 0, mark: 'begin A' },
        { at: 2, mark: 'end A' },
        { at: 2, mark: 'begin B' },
        { at: 2, mark: 'end B' },
        { at: 2, mark: 'begin C' },
      ],
      [{ at: 1, mark: 'end C' }],
    ]);
  });

  it('yields marks that come after the last record on their own, with nothing to send', async () => {
    async function* stream(): AsyncGenerator<Message[] | { mark: string }> {
      yield [message(10, 'a')];
      yield { mark: 'end A' };
    }
    const chunks = await collect(sendChunks(stream(), { cutEvery: 1 }));
    expect(chunks.map((c) => ({ keys: c.messages.map((m) => String(m.key)), marks: c.marks }))).toEqual([
      { keys: ['a'], marks: [] },
      { keys: [], marks: [{ at: 0, mark: 'end A' }] },
    ]);
  });

  it('yields nothing for no records', async () => {
    expect(await collect(sendChunks(fromBatches([[], []])))).toEqual([]);
  });
});

describe('readAhead', () => {
  it('asks the source for the next item while the caller still works on the current one', async () => {
    const pulled: number[] = [];
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 3; i++) {
        pulled.push(i);
        yield i;
      }
    }
    const seen: Array<[number, number[]]> = [];
    for await (const item of readAhead(source())) {
      await new Promise((resolve) => setTimeout(resolve, 5)); // the caller's send
      seen.push([item, [...pulled]]);
    }
    expect(seen).toEqual([
      [0, [0, 1]],
      [1, [0, 1, 2]],
      [2, [0, 1, 2]],
    ]);
  });

  it('raises the source failure when the caller reaches it, and not before', async () => {
    async function* source(): AsyncGenerator<number> {
      yield 1;
      throw new Error('object foo+0+0000000000.avro is truncated');
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source())) seen.push(item);
      })(),
    ).rejects.toThrow('truncated');
    expect(seen).toEqual([1]);
  });

  it('closes the source when the caller stops early, after the pending read settles', async () => {
    const events: string[] = [];
    async function* source(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) {
          await new Promise((resolve) => setTimeout(resolve, 2));
          events.push(`read ${i}`);
          yield i;
        }
      } finally {
        events.push('closed');
      }
    }
    await expect(
      (async () => {
        for await (const item of readAhead(source())) if (item === 1) throw new Error('send failed');
      })(),
    ).rejects.toThrow('send failed');
    expect(events).toEqual(['read 0', 'read 1', 'read 2', 'closed']);
  });
});

describe('messageBytes', () => {
  it('counts value, key and header bytes', () => {
    expect(messageBytes({ value: Buffer.alloc(10), key: Buffer.alloc(3), headers: { ab: 'xyz', c: [Buffer.alloc(2), 'é'] } })).toBe(10 + 3 + 2 + 3 + 1 + 2 + 2);
  });
});
