/**
 * Splits a byte stream into records on a (possibly multi-byte) separator, chunk by chunk. A separator
 * may straddle any number of chunk boundaries. A record inside one chunk is returned as a view of it;
 * only a record spread over several chunks is copied (once).
 */
export class SeparatorSplitter {
  private pieces: Buffer[] = [];
  private pendingLength = 0;
  private toSkip: number;
  /** Records completed so far, skipped ones included: the index of the next record. */
  recordCount = 0;

  constructor(
    private readonly separator: Buffer,
    /** Records to drop without building them (resume). */
    skipFirst = 0,
  ) {
    if (separator.length === 0) throw new RangeError('separator must not be empty');
    this.toSkip = skipFirst;
  }

  /** Bytes after the last separator seen so far: the final record, if the stream ends here. */
  get trailingBytes(): number {
    return this.pendingLength;
  }

  /** Consumes a chunk; every record it completes (past the skipped ones) is appended to `out`. */
  push(chunk: Buffer, out: Buffer[]): void {
    const sep = this.separator;
    let start = 0;
    if (this.pendingLength > 0 && sep.length > 1) start = this.completeAcrossBoundary(chunk, out);
    for (let idx = chunk.indexOf(sep, start); idx !== -1; idx = chunk.indexOf(sep, start)) {
      this.complete(chunk.subarray(start, idx), 0, out);
      start = idx + sep.length;
    }
    if (start < chunk.length) {
      this.pieces.push(start === 0 ? chunk : chunk.subarray(start));
      this.pendingLength += chunk.length - start;
    }
  }

  /**
   * Looks for a separator that begins in the last (length-1) pending bytes and ends in this chunk.
   * Returns where the chunk's own search must start (0 when there is none).
   */
  private completeAcrossBoundary(chunk: Buffer, out: Buffer[]): number {
    const sepLen = this.separator.length;
    const tail = this.lastPendingBytes(sepLen - 1);
    const window = Buffer.concat([tail, chunk.subarray(0, sepLen - 1)]);
    const idx = window.indexOf(this.separator);
    if (idx === -1 || idx >= tail.length) return 0; // none, or one wholly inside the chunk
    const inPending = tail.length - idx; // separator bytes that are already pending
    this.complete(Buffer.alloc(0), inPending, out);
    return sepLen - inPending;
  }

  /**
   * Ends the pending record with `last`, minus `dropFromPending` trailing pending bytes (the start of a
   * separator that straddled the boundary; `last` is then empty).
   */
  private complete(last: Buffer, dropFromPending: number, out: Buffer[]): void {
    this.recordCount++;
    if (this.toSkip > 0) {
      this.toSkip--;
    } else if (this.pendingLength === 0) {
      out.push(last);
    } else {
      if (last.length > 0) this.pieces.push(last);
      // concat truncates to the given length, which cuts the dropped separator bytes off the end.
      out.push(Buffer.concat(this.pieces, this.pendingLength - dropFromPending + last.length));
    }
    this.pieces = [];
    this.pendingLength = 0;
  }

  private lastPendingBytes(n: number): Buffer {
    const parts: Buffer[] = [];
    let need = Math.min(n, this.pendingLength);
    for (let i = this.pieces.length - 1; i >= 0 && need > 0; i--) {
      const p = this.pieces[i];
      const take = Math.min(need, p.length);
      parts.unshift(p.subarray(p.length - take));
      need -= take;
    }
    return Buffer.concat(parts);
  }
}
