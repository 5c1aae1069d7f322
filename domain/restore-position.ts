import { compareOffsets, type OffsetString } from './backup-layout/offsets';

/**
 * How far one partition's restore has got, as committed to the destination cluster (exactly-once: in the
 * same Kafka transaction as the records) or heartbeated (at-least-once). JSON-safe, small: it is stored as
 * consumer-group offset metadata (≤ 4 KB by default) and as heartbeat details.
 */
export interface PartitionPosition {
  /** Start offset (from its name) of the object being restored, or of the last finished one. */
  objectStart: OffsetString;
  /** Its name: objects re-written by the sink can share a start offset (§3), so the offset alone is ambiguous. */
  objectName: string;
  /** Records of that object already handled: skipped as repeats of earlier objects, then published. */
  recordIndex: number;
  /** How many records at its start repeated earlier objects and were skipped (so a resumed object still knows). */
  objectOverlap?: number;
  /** True once every record of `objectStart` is published. */
  objectComplete: boolean;
  /** Destination offset of the first record of `objectStart`, once published. */
  firstDestinationOffset?: string;
  /** Source offset expected next (start + count of the last finished object): finds overlaps to skip. */
  nextExpectedOffset?: OffsetString;
  objectsCompleted: number;
  /** Records read from finished objects, duplicates included. */
  recordsRead: number;
  recordsPublished: number;
  bytesPublished: number;
  duplicatesSkipped: number;
  /** Destination offsets of the partition's first and latest published records. */
  destinationFirstOffset?: string;
  destinationLastOffset?: string;
  /**
   * Following: where the current poll's records began on the destination (`after`: the poll's lower bound of
   * start offsets), and how many the partition had published before it. A poll reads back only its own
   * range; earlier polls verified theirs, so a long follow does not re-read everything at every poll.
   */
  pollBase?: { after: OffsetString; destinationOffset: string; recordsBefore: number; objectsBefore: number; bytesBefore: number };
  /** Discontinuities between consecutive objects (§3: count vs next start − start), with a few examples. */
  gaps: number;
  overlaps: number;
  discontinuities: string[];
}

export const MAX_DISCONTINUITY_EXAMPLES = 5;

/**
 * Compares a finished object with the offset expected after the previous one: a later start is a gap
 * (legitimate after compaction, transactions, skipped nulls or a DLQ — the backup alone cannot tell), an
 * earlier one an overlap (records written twice by the sink), whose repeats are skipped.
 */
export function recordDiscontinuity(
  position: PartitionPosition,
  objectName: string,
  objectStart: OffsetString,
  expected: OffsetString | undefined,
): Pick<PartitionPosition, 'gaps' | 'overlaps' | 'discontinuities'> {
  if (!expected) return position;
  const order = compareOffsets(objectStart, expected);
  if (order === 0) return position;
  const kind = order > 0 ? 'gap' : 'overlap';
  const example = `${kind}: ${objectName} starts at ${objectStart}, the previous object ended before ${expected}`;
  return {
    gaps: position.gaps + (order > 0 ? 1 : 0),
    overlaps: position.overlaps + (order < 0 ? 1 : 0),
    discontinuities:
      position.discontinuities.length < MAX_DISCONTINUITY_EXAMPLES ? [...position.discontinuities, example] : position.discontinuities,
  };
}

/**
 * Where to start an object, given the committed position: skip it, resume mid-way, or start from 0.
 * Objects are restored in (start offset, name) order, the order the plan sorts them in.
 */
export function resumePointFor(object: { startOffset: OffsetString; name: string }, position: PartitionPosition | undefined): 'done' | number {
  if (!position) return 0;
  const order = compareOffsets(object.startOffset, position.objectStart) || compareNames(object.name, position.objectName);
  if (order < 0) return 'done';
  if (order > 0) return 0;
  return position.objectComplete ? 'done' : position.recordIndex;
}

const compareNames = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** What a partition has published under its restore id so far (nothing yet: zeros). */
export function publishedTotals(position: PartitionPosition | undefined): { objects: number; records: number; bytes: number } {
  return { objects: position?.objectsCompleted ?? 0, records: position?.recordsPublished ?? 0, bytes: position?.bytesPublished ?? 0 };
}

/**
 * The part of a partition's restore the current run counts as its own: all of it, or following
 * (`pollAfter`: the poll's lower bound of start offsets) only the current poll. `firstOffset`: where its
 * records begin on the destination (unknown until it has published one); `before`: what earlier polls
 * published (a poll that has published nothing yet: all of it).
 */
export function currentPoll(
  position: PartitionPosition | undefined,
  pollAfter: OffsetString | undefined,
): { firstOffset?: string; before: { objects: number; records: number; bytes: number } } {
  if (pollAfter === undefined) return { firstOffset: position?.destinationFirstOffset, before: { objects: 0, records: 0, bytes: 0 } };
  const base = position?.pollBase;
  if (base?.after === pollAfter) return { firstOffset: base.destinationOffset, before: { objects: base.objectsBefore, records: base.recordsBefore, bytes: base.bytesBefore } };
  return { before: publishedTotals(position) };
}

/** Room for a position in offset metadata: brokers refuse more than offset.metadata.max.bytes (4096 by default). */
export const MAX_ENCODED_POSITION_BYTES = 3_500;

/**
 * The position as offset metadata. Long topic and folder names can make the discontinuity examples alone
 * outgrow the broker's limit, which would fail the commit: examples are dropped, last first, to fit (the
 * counts stay exact).
 */
export function encodePosition(position: PartitionPosition): string {
  let discontinuities = position.discontinuities;
  let encoded = JSON.stringify({ v: 1, ...position });
  while (utf8Length(encoded) > MAX_ENCODED_POSITION_BYTES && discontinuities.length) {
    discontinuities = discontinuities.slice(0, -1);
    encoded = JSON.stringify({ v: 1, ...position, discontinuities });
  }
  return encoded;
}

function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? (i++, 4) : 3;
  }
  return bytes;
}

export function decodePosition(metadata: string | null | undefined): PartitionPosition | undefined {
  if (!metadata) return undefined;
  try {
    const parsed = JSON.parse(metadata) as PartitionPosition & { v?: number };
    if (parsed.v !== 1 || typeof parsed.objectStart !== 'string') return undefined;
    const { v: _version, ...position } = parsed;
    return position;
  } catch {
    return undefined;
  }
}
