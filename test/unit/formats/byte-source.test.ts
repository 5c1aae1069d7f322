import { ByteSource } from '../../../formats/byte-source';

/** A chunk with an ArrayBuffer of its own (small Buffer.from() calls share Node's pool). */
function ownChunk(text: string): Buffer {
  const chunk = Buffer.from(new ArrayBuffer(text.length));
  chunk.write(text);
  return chunk;
}

async function* chunksOf(...parts: string[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield Buffer.from(p);
}

describe('ByteSource', () => {
  test('bytes inside one chunk are a view of it; bytes across chunks are an exact copy, and the rest stays in place', async () => {
    const first = ownChunk('abcdef');
    const second = ownChunk('ghijkl');
    const src = new ByteSource((async function* () {
      yield first;
      yield second;
    })());
    expect(await src.fill(4)).toBe(true);
    const view = src.take(4);
    expect(view.toString()).toBe('abcd');
    expect(view.buffer).toBe(first.buffer);

    expect(await src.fill(5)).toBe(true);
    const spanning = src.take(5);
    expect(spanning.toString()).toBe('efghi');
    expect(spanning.length).toBe(5);
    expect(spanning.buffer).not.toBe(first.buffer);
    expect(spanning.buffer).not.toBe(second.buffer);

    expect(src.offset).toBe(9);
    expect(src.peek().toString()).toBe('jkl');
    expect(src.take(3).buffer).toBe(second.buffer);
    expect(await src.atEnd()).toBe(true);
  });

  test('transient takes that span chunks share one scratch buffer, which the next transient take overwrites', async () => {
    const src = new ByteSource(chunksOf('ab', 'cd', 'ef', 'gh', 'ij', 'kl'));
    await src.fill(3);
    const a = src.takeTransient(3);
    expect(a.toString()).toBe('abc');
    await src.fill(3);
    const b = src.takeTransient(3);
    expect(b.toString()).toBe('def');
    expect(b.buffer).toBe(a.buffer);
    expect(a.toString()).toBe('def'); // the first one is gone: only for bytes used before the next read
    await src.fill(6);
    expect(src.takeTransient(6).toString()).toBe('ghijkl'); // grows the scratch when a block is larger
    expect(await src.atEnd()).toBe(true);
  });

  test('ensure makes small reads contiguous and keeps the stream position and everything after them', async () => {
    const src = new ByteSource(chunksOf('x', 'yz', '', '0123', '456789'));
    expect(await src.ensure(5)).toBe(true);
    expect(src.peek().toString()).toBe('xyz01');
    src.skip(2);
    expect(src.offset).toBe(2);
    expect(src.available).toBe(5); // only what was pulled: the stream is read no further than asked
    expect(await src.ensure(4)).toBe(true);
    expect(src.take(4).toString()).toBe('z012');
    expect(src.offset).toBe(6);
    await src.fill(7);
    expect(src.take(7).toString()).toBe('3456789');
    expect(src.offset).toBe(13);
    expect(await src.atEnd()).toBe(true);
  });

  test('any mix of reads over any chunking returns the stream byte for byte, at the right offsets', async () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31; // deterministic, so a failure replays
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      const stream = Buffer.from(Array.from({ length: 1 + random(3000) }, () => random(256)));
      const cuts: Buffer[] = [];
      for (let at = 0; at < stream.length; ) {
        const size = random(4) === 0 ? 0 : 1 + random(400); // empty chunks too
        cuts.push(stream.subarray(at, at + size));
        at += size;
      }
      const src = new ByteSource((async function* () {
        yield* cuts;
      })());
      let at = 0;
      while (at < stream.length) {
        const n = 1 + random(300);
        const kind = random(3);
        if (kind === 0) {
          const ok = await src.ensure(n);
          expect(ok).toBe(at + n <= stream.length);
          expect(src.peek().subarray(0, n)).toEqual(stream.subarray(at, at + n));
          const skip = Math.min(n, stream.length - at);
          src.skip(skip);
          at += skip;
        } else {
          if (!(await src.fill(n))) break;
          const got = kind === 1 ? src.take(n) : src.takeTransient(n);
          expect(got).toEqual(stream.subarray(at, at + n));
          at += n;
        }
        expect(src.offset).toBe(at);
      }
      expect(src.available).toBe(stream.length - at);
    }
  });

  test('a read past the end says so and keeps what there was', async () => {
    const src = new ByteSource(chunksOf('abc', 'de'));
    expect(await src.fill(6)).toBe(false);
    expect(src.available).toBe(5);
    expect(await src.ensure(6)).toBe(false);
    expect(src.peek().toString()).toBe('abcde');
    expect(() => src.take(6)).toThrow('take(6) without fill');
  });
});
