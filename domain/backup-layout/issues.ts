/**
 * Counted, example-capped reports of what the layout scan ignored, refused or found suspicious.
 * Workflow history must stay small however large the bucket: every report is a count plus a few
 * examples, never the full list of names.
 */

export type IgnoreReason =
  | 'outside-topics-dir'
  | 'directory-placeholder'
  | 'wrong-extension'
  | 'partitioner-structure-mismatch'
  | 'topic-not-selected'
  | 'unpaired-companion';

export type LayoutWarningCode =
  | 'other-topic-folder'
  | 'partition-folder-mismatch'
  | 'duplicate-start-offset'
  | 'order-per-file-field-partitioner'
  | 'order-per-file-non-monotonic-time'
  | 'compression-mismatch'
  | 'structure-mismatch-ignored'
  | 'no-object-matched-partitioner';

export interface IgnoredSummary {
  reason: IgnoreReason;
  count: number;
  bytes: number;
  examples: string[];
}

export interface LayoutWarning {
  code: LayoutWarningCode;
  message: string;
  count: number;
  /** Object names, or `topic-partition` for per-partition warnings. */
  examples: string[];
}

export interface LayoutErrorSummary {
  count: number;
  examples: Array<{ objectName: string; reason: string }>;
}

export const WARNING_MESSAGES: Record<LayoutWarningCode, string> = {
  'other-topic-folder':
    "objects sit in another topic's folder; they are restored to the topic their file name names, as the Confluent source connector does",
  'partition-folder-mismatch':
    'objects sit in a partition=N folder that differs from the partition in their file name; the file name decides',
  'duplicate-start-offset':
    'several objects of one topic-partition start at the same offset (e.g. a sink re-run with non-deterministic rotation); their records would be restored twice unless deduplicated',
  'order-per-file-field-partitioner':
    'FieldPartitioner spread these partitions over several folders: only per-file order is known, original order across folders cannot be guaranteed',
  'order-per-file-non-monotonic-time':
    'time folders are not monotone in offset order for these partitions: only per-file order is known, original order across folders cannot be guaranteed',
  'compression-mismatch':
    'object compression differs from gcs.compression.type; both are read, but check the settings match the sink',
  'structure-mismatch-ignored':
    'objects under the topics directory have a folder structure that does not match the configured partitioner and were ignored, as the Confluent source connector does',
  'no-object-matched-partitioner':
    'no value object matched the configured partitioner although some had the right name and extension: check partitioner.class and path.format against the sink',
};

/** Counts per key with the first `maxExamples` examples. */
export class CountedExamples<K extends string> {
  private readonly entries = new Map<K, { count: number; bytes: number; examples: string[] }>();
  constructor(private readonly maxExamples: number) {}

  add(key: K, example: string, bytes = 0): void {
    let e = this.entries.get(key);
    if (!e) this.entries.set(key, (e = { count: 0, bytes: 0, examples: [] }));
    e.count++;
    e.bytes += bytes;
    if (e.examples.length < this.maxExamples) e.examples.push(example);
  }

  count(key: K): number {
    return this.entries.get(key)?.count ?? 0;
  }

  toList(): Array<{ key: K; count: number; bytes: number; examples: string[] }> {
    return [...this.entries].map(([key, e]) => ({ key, ...e }));
  }
}

export function ignoredSummaries(counter: CountedExamples<IgnoreReason>): IgnoredSummary[] {
  return counter.toList().map(({ key, count, bytes, examples }) => ({ reason: key, count, bytes, examples }));
}

export function layoutWarnings(counter: CountedExamples<LayoutWarningCode>): LayoutWarning[] {
  return counter
    .toList()
    .map(({ key, count, examples }) => ({ code: key, message: WARNING_MESSAGES[key], count, examples }));
}

/** One line per warning, for reports that carry plain strings. */
export function formatLayoutWarning(w: LayoutWarning): string {
  const more = w.count > w.examples.length ? `, … ${w.count - w.examples.length} more` : '';
  return `${w.message} (${w.count}: ${w.examples.join(', ')}${more})`;
}
