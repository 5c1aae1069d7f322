/**
 * Kafka offsets as canonical decimal strings.
 *
 * Why strings: offsets are Java longs (up to 2^63 − 1) and object names can carry values past
 * Number.MAX_SAFE_INTEGER; a bigint is exact but does not survive Temporal's JSON payload converter.
 * A canonical decimal string (no sign, no leading zeros) is exact, JSON-safe and comparable without
 * parsing; BigInt is used only transiently for arithmetic.
 */
export type OffsetString = string;

/** Largest Kafka offset (Java Long.MAX_VALUE). */
export const MAX_KAFKA_OFFSET = 9223372036854775807n;

const DIGITS = /^\d+$/;

/** True when `value` is a canonical offset string ("0", "42", never "042" or "-1"). */
export function isOffsetString(value: unknown): value is OffsetString {
  return (
    typeof value === 'string' &&
    DIGITS.test(value) &&
    (value === '0' || value[0] !== '0') &&
    BigInt(value) <= MAX_KAFKA_OFFSET
  );
}

/**
 * Canonical offset from a number, bigint or digit string (zero padding allowed, as in object names).
 * Throws RangeError for negative, fractional, unsafe-number or > Long.MAX_VALUE input: callers wrap
 * it in the error type that names their object or setting.
 */
export function toOffsetString(value: number | bigint | string): OffsetString {
  let big: bigint;
  if (typeof value === 'bigint') big = value;
  else if (typeof value === 'number') {
    // A number past 2^53 has already lost precision; refuse it rather than restore the wrong offset.
    if (!Number.isSafeInteger(value))
      throw new RangeError(`offset ${value} is not a safe integer; pass a bigint or string`);
    big = BigInt(value);
  } else {
    if (!DIGITS.test(value)) throw new RangeError(`offset "${value}" is not a decimal number`);
    big = BigInt(value);
  }
  if (big < 0n) throw new RangeError(`offset ${big} is negative`);
  if (big > MAX_KAFKA_OFFSET) throw new RangeError(`offset ${big} exceeds the largest Kafka offset`);
  return big.toString();
}

/** Numeric comparison of two canonical offsets (length first, so no BigInt is needed). */
export function compareOffsets(a: OffsetString, b: OffsetString): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function offsetToBigInt(offset: OffsetString): bigint {
  return BigInt(offset);
}

/** `to − from` as a bigint (may be negative when the inputs are out of order). */
export function offsetDistance(from: OffsetString, to: OffsetString): bigint {
  return BigInt(to) - BigInt(from);
}

export function addToOffset(offset: OffsetString, delta: number | bigint): OffsetString {
  return toOffsetString(BigInt(offset) + BigInt(delta));
}

/** The offset as a number, for callers (e.g. kafkajs seek) that need one; throws past 2^53 − 1. */
export function offsetToSafeNumber(offset: OffsetString): number {
  const n = Number(offset);
  if (!Number.isSafeInteger(n)) throw new RangeError(`offset ${offset} exceeds 2^53 − 1 and cannot be a JS number`);
  return n;
}

/** Java `%0Nd`: pads to `width` digits, never truncates (offset ≥ 10^width keeps all its digits). */
export function zeroPadOffset(offset: OffsetString, width: number): string {
  return offset.length >= width ? offset : '0'.repeat(width - offset.length) + offset;
}
