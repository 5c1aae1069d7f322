/**
 * Pull-style reads over a stream of chunks (a GCS read stream): the Avro reader asks for "n contiguous
 * bytes" and gets them without caring how the stream was chunked. A request that fits the current
 * chunk returns a view of it. One that spans chunks is copied once, into a buffer of exactly its size —
 * or, for bytes the caller is done with before its next read (a compressed block, inflated at once), into
 * a scratch buffer reused from block to block — and what follows it stays a view of the last chunk.
 */
const EMPTY = Buffer.alloc(0);

export class ByteSource {
  private readonly it: AsyncIterator<Uint8Array>;
  /** The chunk being read, from `pos` on. */
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Whole chunks already pulled from the stream, after `buf`. */
  private readonly queued: Buffer[] = [];
  private queuedBytes = 0;
  private ended = false;
  /** Bytes of the stream consumed so far (for error messages). */
  private consumedBefore = 0;
  private scratch: Buffer = EMPTY;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.consumedBefore + this.pos;
  }

  /** Bytes pulled from the stream and not read yet. */
  get available(): number {
    return this.buf.length - this.pos + this.queuedBytes;
  }

  /** Pulls chunks until n bytes are available; false when the stream ends first (truncation). */
  async fill(n: number): Promise<boolean> {
    while (this.available < n && !this.ended) {
      const next = await this.it.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const v = next.value;
      const chunk = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      if (chunk.length === 0) continue;
      this.queued.push(chunk);
      this.queuedBytes += chunk.length;
    }
    if (this.pos === this.buf.length && this.queued.length > 0) this.nextChunk(); // read on from the next chunk, not a copy of it
    return this.available >= n;
  }

  /** Makes n bytes contiguous at the read position (small reads: headers, varints); false on truncation. */
  async ensure(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    const ok = await this.fill(n);
    const start = this.offset;
    const have = Math.min(n, this.available);
    const merged = this.copyOut(have, Buffer.allocUnsafe(have));
    // The merged bytes become the current chunk again, unread; the rest of the last chunk they came from follows.
    const rest = this.buf.subarray(this.pos);
    if (rest.length > 0) {
      this.queued.unshift(rest);
      this.queuedBytes += rest.length;
    }
    this.buf = merged;
    this.pos = 0;
    this.consumedBefore = start;
    return ok;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  /**
   * The next n bytes (call fill(n) or ensure(n) first); advances past them. A view of the chunk when they
   * lie in one, else a copy of exactly n bytes.
   */
  take(n: number): Buffer {
    return this.takeInto(n, undefined);
  }

  /**
   * `take`, for bytes the caller no longer needs at its next read from this source: when they span chunks
   * they are copied into a scratch buffer that the next such read overwrites.
   */
  takeTransient(n: number): Buffer {
    return this.takeInto(n, 'scratch');
  }

  /** The unread bytes of the current chunk, without consuming them. */
  peek(): Buffer {
    return this.buf.subarray(this.pos);
  }

  skip(n: number): void {
    if (this.buf.length - this.pos < n) throw new Error(`skip(${n}) without ensure`);
    this.pos += n;
  }

  /** Lets the underlying stream release its resources when the reader stops early. */
  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.it.return?.();
    }
  }

  private takeInto(n: number, target: 'scratch' | undefined): Buffer {
    if (this.buf.length - this.pos >= n) {
      const out = this.buf.subarray(this.pos, this.pos + n);
      this.pos += n;
      return out;
    }
    if (this.available < n) throw new Error(`take(${n}) without fill`);
    if (target === 'scratch' && this.scratch.length < n) this.scratch = Buffer.allocUnsafe(n);
    return this.copyOut(n, target === 'scratch' ? this.scratch.subarray(0, n) : Buffer.allocUnsafe(n));
  }

  /** Copies the next n bytes (available, spanning chunks) into `into`; the read position moves past them. */
  private copyOut(n: number, into: Buffer): Buffer {
    let copied = 0;
    for (;;) {
      const part = Math.min(n - copied, this.buf.length - this.pos);
      this.buf.copy(into, copied, this.pos, this.pos + part);
      copied += part;
      this.pos += part;
      if (copied === n) break;
      this.nextChunk();
    }
    if (this.pos === this.buf.length && this.queued.length > 0) this.nextChunk();
    return into;
  }

  private nextChunk(): void {
    this.consumedBefore += this.buf.length;
    this.buf = this.queued.shift() ?? EMPTY;
    this.queuedBytes -= this.buf.length;
    this.pos = 0;
  }
}
