/**
 * Low-level reads over one decompressed Avro block (or any in-memory Avro bytes). A Cursor is a mutable
 * position so the datum walkers can advance it without allocating a result object per read.
 */

/** A datum does not fit its schema (bad union/enum index, runs past the block, absurd length). */
export class AvroDatumError extends Error {
  override readonly name = 'AvroDatumError';
  /** True when the bytes simply ran out (a streaming caller may fetch more and retry). */
  constructor(message: string, readonly ranOut = false) {
    super(message);
  }
}

export interface Cursor {
  buf: Buffer;
  pos: number;
  /** Exclusive end of the bytes the datum may use (the block end), not necessarily buf.length. */
  end: number;
}

export function pastEnd(c: Cursor, needed: number): AvroDatumError {
  return new AvroDatumError(
    `datum runs past the end of its block (needs ${needed} byte(s) at offset ${c.pos}, block ends at ${c.end})`,
    true,
  );
}

/** Throws unless n more bytes are available. */
export function need(c: Cursor, n: number): void {
  if (c.end - c.pos < n) throw pastEnd(c, n);
}

/** Steps over a varint without decoding it, so longs of any size (even past 2^53) cost no precision. */
export function skipVarint(c: Cursor, maxBytes: number): void {
  const buf = c.buf;
  const end = c.end;
  let pos = c.pos;
  for (let i = 0; i < maxBytes; i++) {
    if (pos >= end) throw pastEnd(c, pos - c.pos + 1);
    if ((buf[pos++] & 0x80) === 0) {
      c.pos = pos;
      return;
    }
  }
  throw new AvroDatumError(`varint at offset ${c.pos} is longer than ${maxBytes} bytes`);
}

/**
 * Reads a zigzag varint that must fit a JS safe integer. Used only for lengths, counts and indexes:
 * a value past 2^53 there can only be corruption, so it is rejected instead of rounded.
 */
export function readSafeLong(c: Cursor): number {
  const buf = c.buf;
  let pos = c.pos;
  if (pos < c.end) {
    const b = buf[pos];
    if (b < 0x80) {
      // One-byte fast path: almost every length, count and branch index in practice.
      c.pos = pos + 1;
      return b & 1 ? -((b + 1) / 2) : b / 2;
    }
  }
  let n = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (pos >= c.end) throw pastEnd(c, pos - c.pos + 1);
    const b = buf[pos++];
    n += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) {
      if (n > Number.MAX_SAFE_INTEGER) {
        throw new AvroDatumError(`length, count or index at offset ${c.pos} is larger than 2^53`);
      }
      c.pos = pos;
      return n % 2 === 0 ? n / 2 : -((n + 1) / 2);
    }
    mul *= 128;
  }
  throw new AvroDatumError(`varint at offset ${c.pos} is longer than 10 bytes`);
}

/** Reads a zigzag long exactly, as a bigint (values beyond 2^53 survive). */
export function readBigLong(c: Cursor): bigint {
  const buf = c.buf;
  const start = c.pos;
  let pos = start;
  let n = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= c.end) throw pastEnd(c, pos - start + 1);
    const b = buf[pos++];
    n |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) {
      c.pos = pos;
      n &= 0xffffffffffffffffn; // a 10th byte may carry bits past 64; Java drops them too
      return (n >> 1n) ^ -(n & 1n);
    }
    shift += 7n;
  }
  throw new AvroDatumError(`varint at offset ${start} is longer than 10 bytes`);
}

/** Reads an Avro int (zigzag varint of at most 5 bytes) as a JS number. */
export function readInt(c: Cursor): number {
  const start = c.pos;
  const v = readSafeLong(c);
  if (c.pos - start > 5 || v > 0x7fffffff || v < -0x80000000) {
    throw new AvroDatumError(`int at offset ${start} does not fit 32 bits`);
  }
  return v;
}
