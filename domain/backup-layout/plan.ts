/**
 * The split between what a workflow carries and what an activity recomputes. A layout holds every
 * object name (too big for workflow history on large buckets); its summary holds one line per
 * topic-partition with a digest of the object list. The restore activity re-lists the partition's
 * `listingPrefixes`, calls selectPartitionObjects, and checkPartitionListing confirms it found the
 * same objects the plan was made from.
 */
import { BackupLayoutError } from '../errors';
import type { BackupSettings } from '../restore-settings/types';
import { type ClassifyOptions, type ListedObject, classifyBackupObjects } from './classify';
import type { IgnoredSummary, LayoutErrorSummary, LayoutWarning } from './issues';
import { compareOffsets, type OffsetString } from './offsets';
import type { BackupLayout, PartitionLayout, PartitionOrdering, PlannedObject } from './partition-order';

export interface PartitionSummary {
  topic: string;
  partition: number;
  ordering: PartitionOrdering;
  objectCount: number;
  bytes: number;
  firstStartOffset: OffsetString;
  lastStartOffset: OffsetString;
  withKeys: number;
  withHeaders: number;
  listingPrefixes: string[];
  /** Digest of the ordered (name, size) list: equal digests mean the same objects in the same order. */
  digest: string;
}

export interface BackupLayoutSummary {
  partitions: PartitionSummary[];
  ignored: IgnoredSummary[];
  errors: LayoutErrorSummary;
  warnings: LayoutWarning[];
  totals: { objects: number; bytes: number; partitions: number; topics: number };
}

export function summarizePartition(p: PartitionLayout): PartitionSummary {
  const objects = p.objects;
  return {
    topic: p.topic,
    partition: p.partition,
    ordering: p.ordering,
    objectCount: objects.length,
    bytes: objects.reduce((n, o) => n + o.size, 0),
    firstStartOffset: objects[0]?.startOffset ?? '0',
    lastStartOffset: objects[objects.length - 1]?.startOffset ?? '0',
    withKeys: objects.filter((o) => o.keysObject !== undefined).length,
    withHeaders: objects.filter((o) => o.headersObject !== undefined).length,
    listingPrefixes: p.listingPrefixes,
    digest: objectsDigest(objects),
  };
}

export function summarizeLayout(layout: BackupLayout): BackupLayoutSummary {
  const partitions = layout.partitions.map(summarizePartition);
  return {
    partitions,
    ignored: layout.ignored,
    errors: layout.errors,
    warnings: layout.warnings,
    totals: summaryTotals(partitions),
  };
}

export function summaryTotals(partitions: readonly PartitionSummary[]): BackupLayoutSummary['totals'] {
  return {
    objects: partitions.reduce((n, p) => n + p.objectCount, 0),
    bytes: partitions.reduce((n, p) => n + p.bytes, 0),
    partitions: partitions.length,
    topics: new Set(partitions.map((p) => p.topic)).size,
  };
}

/** Throws BackupLayoutError naming the first bad object when the scan found any (§9.7: halt by default). */
export function throwIfLayoutErrors(layout: { errors: LayoutErrorSummary }): void {
  const { count, examples } = layout.errors;
  if (count === 0) return;
  const first = examples[0];
  const others = count > 1 ? ` (and ${count - 1} more object(s) that do not parse)` : '';
  throw new BackupLayoutError(first?.objectName ?? '(unknown)', `${first?.reason ?? 'does not parse'}${others}`);
}

/**
 * The ordered objects of one topic-partition from a (re-)listing, e.g. of its listingPrefixes.
 * Classification errors are returned, not thrown, so the caller decides (usually throwIfLayoutErrors).
 */
export function selectPartitionObjects(
  settings: BackupSettings,
  target: { topic: string; partition: number },
  listing: Iterable<ListedObject>,
  options: Omit<ClassifyOptions, 'topics'> = {},
): { partition: PartitionLayout; errors: LayoutErrorSummary } {
  const layout = classifyBackupObjects(settings, listing, { ...options, topics: [target.topic] });
  const found = layout.partitions.find((p) => p.partition === target.partition);
  return {
    partition: found ?? {
      topic: target.topic,
      partition: target.partition,
      ordering: 'offset',
      objects: [],
      listingPrefixes: [],
    },
    errors: layout.errors,
  };
}

/** Objects with `after < startOffset ≤ upTo` (follow mode restores only what is new since the last plan). */
export function objectsWithin(
  objects: readonly PlannedObject[],
  bounds: { after?: OffsetString; upTo?: OffsetString },
): PlannedObject[] {
  return objects.filter(
    (o) =>
      (bounds.after === undefined || compareOffsets(o.startOffset, bounds.after) > 0) &&
      (bounds.upTo === undefined || compareOffsets(o.startOffset, bounds.upTo) <= 0),
  );
}

/** undefined when the listing matches the summary; otherwise why not (the bucket changed since planning). */
export function checkPartitionListing(
  expected: PartitionSummary,
  actual: readonly PlannedObject[],
): string | undefined {
  if (actual.length !== expected.objectCount) return `expected ${expected.objectCount} objects, found ${actual.length}`;
  const digest = objectsDigest(actual);
  if (digest !== expected.digest) return `object list changed since planning (digest ${expected.digest} → ${digest})`;
  return undefined;
}

/** cyrb53 over the ordered names and sizes: pure, deterministic, 53 bits as 14 hex digits. */
export function objectsDigest(objects: readonly Pick<PlannedObject, 'name' | 'size'>[]): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const feed = (s: string): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
  };
  for (const o of objects) feed(`${o.name}\n${o.size}\n`);
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
