/**
 * Turns classified value objects into per-(topic, partition) restore order: numeric start-offset
 * order across all folders (§9.2, never alphabetical), companions paired by stem, and the ordering
 * guarantee each partition actually has (§4.5, §9.9).
 */
import type { BackupSettings } from '../restore-settings/types';
import {
  type CountedExamples,
  type IgnoreReason,
  type IgnoredSummary,
  type LayoutErrorSummary,
  type LayoutWarning,
  type LayoutWarningCode,
  ignoredSummaries,
  layoutWarnings,
} from './issues';
import { topicsDirPrefix } from './object-key';
import { compareOffsets, type OffsetString } from './offsets';

export interface ValueEntry {
  name: string;
  size: number;
  topic: string;
  partition: number;
  startOffset: OffsetString;
  directoryPath: string;
  folderTopic: string;
  pairKey: string;
  bucketStartMs?: number;
  created?: number;
}

export interface CompanionEntry {
  name: string;
  size: number;
  view: 'keys' | 'headers';
  pairKey: string;
}

/** One value object in restore order. Same shape as the restore activities' PartitionObject. */
export interface PlannedObject {
  name: string;
  startOffset: OffsetString;
  size: number;
  keysObject?: string;
  headersObject?: string;
  /** When it was written (ms since epoch), if the listing said. */
  created?: number;
}

/**
 * `offset`: start-offset order is the original record order (Default, Daily/Hourly/TimeBased with
 * monotone folders, Field within a single folder). `per-file`: only the order inside each object is
 * known (FieldPartitioner across folders, non-monotone time folders).
 */
export type PartitionOrdering = 'offset' | 'per-file';

export interface PartitionLayout {
  topic: string;
  partition: number;
  ordering: PartitionOrdering;
  objects: PlannedObject[];
  /** Key prefixes that cover all of this partition's objects (list them to find the objects again). */
  listingPrefixes: string[];
}

export interface BackupLayout {
  partitions: PartitionLayout[];
  ignored: IgnoredSummary[];
  errors: LayoutErrorSummary;
  warnings: LayoutWarning[];
}

export function finishLayout(input: {
  settings: BackupSettings;
  values: ValueEntry[];
  companions: CompanionEntry[];
  ignored: CountedExamples<IgnoreReason>;
  warnings: CountedExamples<LayoutWarningCode>;
  errors: LayoutErrorSummary;
}): BackupLayout {
  const { settings, ignored, warnings } = input;
  const byPair = new Map<string, PlannedObject>();
  const groups = new Map<
    string,
    { topic: string; partition: number; entries: ValueEntry[]; planned: PlannedObject[] }
  >();

  for (const v of input.values) {
    const gk = `${v.topic}\u0000${v.partition}`;
    let g = groups.get(gk);
    if (!g) groups.set(gk, (g = { topic: v.topic, partition: v.partition, entries: [], planned: [] }));
    g.entries.push(v);
  }
  for (const g of groups.values()) {
    // Numeric offset first; the name breaks ties so the order is deterministic for duplicates.
    g.entries.sort(
      (a, b) => compareOffsets(a.startOffset, b.startOffset) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    for (const e of g.entries) {
      const p: PlannedObject = { name: e.name, startOffset: e.startOffset, size: e.size, ...(e.created !== undefined && { created: e.created }) };
      g.planned.push(p);
      byPair.set(e.pairKey, p);
    }
  }
  for (const c of input.companions) {
    const value = byPair.get(c.pairKey);
    const slot = c.view === 'keys' ? 'keysObject' : 'headersObject';
    if (!value || value[slot] !== undefined) ignored.add('unpaired-companion', c.name, c.size);
    else value[slot] = c.name;
  }

  const partitions: PartitionLayout[] = [];
  for (const g of groups.values()) {
    const tp = `${g.topic}-${g.partition}`;
    for (let i = 1; i < g.entries.length; i++) {
      if (g.entries[i].startOffset === g.entries[i - 1].startOffset)
        warnings.add('duplicate-start-offset', g.entries[i].name);
    }
    const ordering = orderingOf(settings, g.entries);
    if (ordering === 'per-file') {
      warnings.add(
        settings.partitioner.kind === 'field'
          ? 'order-per-file-field-partitioner'
          : 'order-per-file-non-monotonic-time',
        tp,
      );
    }
    partitions.push({
      topic: g.topic,
      partition: g.partition,
      ordering,
      objects: g.planned,
      listingPrefixes: listingPrefixes(settings, g.entries),
    });
  }
  partitions.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
  return { partitions, ignored: ignoredSummaries(ignored), errors: input.errors, warnings: layoutWarnings(warnings) };
}

/** Entries must already be in offset order. */
function orderingOf(settings: BackupSettings, entries: readonly ValueEntry[]): PartitionOrdering {
  const kind = settings.partitioner.kind;
  if (kind === 'default') return 'offset';
  if (kind === 'field') {
    // Several field folders means several files were open at once: their offset ranges interleave.
    const first = entries[0]?.directoryPath;
    return entries.every((e) => e.directoryPath === first) ? 'offset' : 'per-file';
  }
  // Time layouts: bucket times must not decrease along offset order; if they do, files were open
  // concurrently (Record/RecordField timestamps out of order) and their ranges may interleave.
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i].bucketStartMs ?? 0) < (entries[i - 1].bucketStartMs ?? 0)) return 'per-file';
  }
  return 'offset';
}

function listingPrefixes(settings: BackupSettings, entries: readonly ValueEntry[]): string[] {
  const d = settings.directoryDelim;
  const base = topicsDirPrefix(settings);
  const prefixes = new Set<string>();
  for (const e of entries) {
    // DefaultPartitioner keeps a partition in one folder, so its listing can be that narrow; other
    // partitioners spread a partition over the whole topic folder.
    const narrow = settings.partitioner.kind === 'default' && e.directoryPath !== '';
    prefixes.add(`${base}${e.folderTopic}${d}${narrow ? e.directoryPath + d : ''}`);
  }
  const sorted = [...prefixes].sort();
  return sorted.filter((p, i) => !sorted.slice(0, i).some((q) => p.startsWith(q)));
}
