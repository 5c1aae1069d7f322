import { NothingToRestoreError } from './errors';
import type { IgnoredSummary, LayoutWarning } from './backup-layout/issues';
import { compareOffsets, type OffsetString } from './backup-layout/offsets';
import type { BackupLayout, PlannedObject } from './backup-layout/partition-order';
import { objectsWithin, summarizePartition, summaryTotals, type PartitionSummary } from './backup-layout/plan';
import { planTopicRenames, type TopicRenameRule } from './backup-layout/rename';

/**
 * What a restore will do, small enough for workflow history: one line per topic-partition, never a
 * per-object list (a large bucket holds millions of objects; payloads fail at 2 MB). Activities re-list a
 * partition's objects from `listingPrefixes` and check them against the digest, so the plan stays authoritative.
 */
export interface PartitionPlan extends PartitionSummary {
  destinationTopic: string;
  /** Only objects starting after this offset (follow mode: what earlier polls already restored). */
  afterStartOffset?: OffsetString;
}

export interface TopicPlan {
  sourceTopic: string;
  destinationTopic: string;
  /** Highest partition number in the backup + 1: what the destination topic must have at least. */
  partitionsNeeded: number;
  partitions: number[];
}

export interface RestorePlan {
  bucket: string;
  topics: TopicPlan[];
  partitions: PartitionPlan[];
  ignored: IgnoredSummary[];
  warnings: LayoutWarning[];
  totals: { objects: number; bytes: number; partitions: number; topics: number };
  /** Follow mode: objects too new to restore yet (other files of their sink commit may still be uploading). */
  unsettledObjects?: number;
}

/**
 * Turns a classified layout into the plan: renames applied, follow-mode bounds applied, empty partitions
 * dropped. `settledBefore` (follow mode, sinks with several files open at once): each partition stops
 * before its first object written after that time. Such a sink uploads a commit's files in no fixed order,
 * so a lower-offset file of the same commit can appear after a higher one was restored, and would then sort
 * before the restored position and never be restored.
 */
export function planFromLayout(
  bucket: string,
  layout: BackupLayout,
  options: { rename?: TopicRenameRule; after?: Record<string, OffsetString>; settledBefore?: number } = {},
): RestorePlan {
  const sourceTopics = [...new Set(layout.partitions.map((p) => p.topic))].sort();
  const destinations = new Map(planTopicRenames(sourceTopics, options.rename).map((r) => [r.source, r.destination]));
  const partitions: PartitionPlan[] = [];
  let unsettledObjects = 0;
  for (const p of layout.partitions) {
    const after = options.after?.[partitionKey(p.topic, p.partition)];
    const within = objectsWithin(p.objects, { after });
    const objects = options.settledBefore === undefined ? within : settledPrefix(within, options.settledBefore);
    unsettledObjects += within.length - objects.length;
    if (objects.length === 0) continue;
    partitions.push({ ...summarizePartition({ ...p, objects }), destinationTopic: destinations.get(p.topic)!, afterStartOffset: after });
  }
  partitions.sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
  // Partitions needed come from the whole backup, not just what is new: the topic must fit all of it.
  const topics: TopicPlan[] = sourceTopics.map((topic) => {
    const numbers = layout.partitions.filter((p) => p.topic === topic).map((p) => p.partition);
    return { sourceTopic: topic, destinationTopic: destinations.get(topic)!, partitionsNeeded: Math.max(...numbers) + 1, partitions: numbers.sort((a, b) => a - b) };
  });
  return {
    bucket,
    topics,
    partitions,
    ignored: layout.ignored,
    warnings: layout.warnings,
    totals: summaryTotals(partitions),
    ...(unsettledObjects > 0 && { unsettledObjects }),
  };
}

/** Objects (in restore order) before the first one written after `settledBefore`, and never half of one start offset. */
function settledPrefix(objects: readonly PlannedObject[], settledBefore: number): PlannedObject[] {
  let end = objects.findIndex((o) => o.created !== undefined && o.created > settledBefore);
  if (end < 0) return [...objects];
  // The activity re-lists up to the last planned start offset: an object held back must start after it.
  while (end > 0 && compareOffsets(objects[end - 1].startOffset, objects[end].startOffset) === 0) end--;
  return objects.slice(0, end);
}

/**
 * Refuses a plan that restores nothing, or nothing of a topic the operator selected: a restore of zero
 * records would otherwise report "verified". Names what was looked for and what the scan ignored, which is
 * where a wrong topics.dir, format.class, partitioner or topic name shows.
 */
export function requireSomethingToRestore(plan: RestorePlan, backup: { topicsDir: string; format: string }, selectedTopics?: readonly string[]): void {
  const where = `gs://${plan.bucket}/${backup.topicsDir}`;
  const planned = new Set(plan.topics.map((t) => t.sourceTopic));
  const missing = (selectedTopics ?? []).filter((t) => !planned.has(t));
  const ignored = plan.ignored.length
    ? `; the scan ignored ${plan.ignored.map((i) => `${i.count} ${i.reason}${i.examples.length ? ` (e.g. ${i.examples[0]})` : ''}`).join(', ')}`
    : '; nothing else is there either';
  const escape = 'check gcs.bucket.name, topics.dir, format.class, partitioner.class and --topics, or pass --allow-empty';
  if (missing.length) {
    throw new NothingToRestoreError(where, `no ${backup.format} objects of selected topic(s) ${missing.join(', ')}${ignored}; ${escape}`);
  }
  if (plan.partitions.length === 0 && !plan.unsettledObjects) {
    throw new NothingToRestoreError(where, `no ${backup.format} objects to restore${ignored}; ${escape}`);
  }
}

/**
 * One restore's result carries a line per partition, and Temporal payloads stop at 2 MB: past this many
 * partitions, restore in several runs (--topics) rather than fail at the very end.
 */
export const MAX_PARTITIONS_PER_RESTORE = 2_000;

export const partitionKey = (topic: string, partition: number): string => `${topic}/${partition}`;
