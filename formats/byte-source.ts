/**
 * Pull-style reads over a stream of chunks (a GCS read stream): the Avro reader asks for "n contiguous
 * bytes" and gets them without caring how the stream was chunked. A request that fits the current
 * chunk returns a view of it; one that spans chunks concatenates them once.
 */
const EMPTY = Buffer.alloc(0);

export class ByteSource {
  private readonly it: AsyncIterator<Uint8Array>;
  private buf: Buffer = EMPTY;
  private pos = 0;
  private ended = false;
  /** Bytes of the stream consumed so far (for error messages). */
  private consumedBefore = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.it = source[Symbol.asyncIterator]();
  }

  /** Stream offset of the next unread byte. */
  get offset(): number {
    return this.consumedBefore + this.pos;
  }

  get available(): number {
    return this.buf.length - this.pos;
  }

  /** Makes n bytes contiguous at the read position; false when the stream ends first (truncation). */
  async ensure(n: number): Promise<boolean> {
    if (this.buf.length - this.pos >= n) return true;
    const parts: Buffer[] = [this.buf.subarray(this.pos)];
    let have = parts[0].length;
    while (have < n && !this.ended) {
      const next = await this.it.next();
      if (next.done) {
        this.ended = true;
        break;
      }
      const v = next.value;
      const chunk = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      if (chunk.length === 0) continue;
      parts.push(chunk);
      have += chunk.length;
    }
    this.consumedBefore += this.pos;
    this.buf = parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
    this.pos = 0;
    return have >= n;
  }

  /** True when no byte is left. */
  async atEnd(): Promise<boolean> {
    return !(await this.ensure(1));
  }

  /** The next n bytes as a view (call ensure(n) first); advances past them. */
  take(n: number): Buffer {
    if (this.buf.length - this.pos < n) throw new Error(`take(${n}) without ensure`);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The unread bytes already buffered, without consuming them. */
  peek(): Buffer {
    return this.buf.subarray(this.pos);
  }

  skip(n: number): void {
    this.pos += n;
  }

  /** Lets the underlying stream release its resources when the reader stops early. */
  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.it.return?.();
    }
  }
}
