import type { PartitionPosition } from './restore-position';
import type { IgnoredSummary, LayoutWarning } from './backup-layout/issues';
import { overlapsAreRepeats } from './backup-layout/overlap-policy';
import { partitionKey, type RestorePlan } from './restore-plan';
import type { DeliveryMode, RestoreRequest, ValueSerializer } from './restore-request';

/** One restored partition, as verified against the offset map committed on the destination. */
export interface PartitionReport {
  sourceTopic: string;
  destinationTopic: string;
  partition: number;
  objects: number;
  recordsRead: number;
  recordsWritten: number;
  /** Committed records read back from the destination's restored offset range (absent with verify=counts). */
  recordsOnDestination?: number;
  bytes: number;
  duplicatesSkipped: number;
  sourceOffsets: { firstObjectStart: string; lastObjectStart: string };
  destinationOffsets?: { first: string; last: string };
  gaps: number;
  overlaps: number;
  /** A few of the gaps/overlaps, e.g. "gap: object +100 holds 3 records, next starts at +110". */
  discontinuities: string[];
  /** Where the full object → destination-offset map is kept. */
  offsetMap: { topic: string; keyPrefix: string; entries: number };
  durationMs: number;
  recordsPerSecond: number;
  resumed: boolean;
}

export interface RestoreReport {
  restoreId: string;
  bucket: string;
  destinationCluster: string;
  delivery: DeliveryMode;
  valueSerializer: ValueSerializer;
  dryRun: boolean;
  plan: Pick<RestorePlan, 'totals' | 'topics'> & { ignored: IgnoredSummary[]; warnings: LayoutWarning[] };
  partitions: PartitionReport[];
  totals: { objects: number; records: number; bytes: number; partitions: number; durationMs: number };
  unusedDestinationPartitions: Array<{ topic: string; partitions: number }>;
  /** Topics the restore created (a dry run: would create). */
  createdTopics: string[];
  /** Facts an operator must not miss: what the backup could not restore, ordering limits, timestamps. */
  notes: string[];
  verified: boolean;
}

export function partitionReport(
  result: { sourceTopic: string; destinationTopic: string; partition: number; position?: PartitionPosition; resumedFrom?: PartitionPosition; durationMs: number },
  plan: { firstStartOffset: string; lastStartOffset: string },
  offsetMap: { topic: string; keyPrefix: string },
): PartitionReport {
  const p = result.position;
  const written = p?.recordsPublished ?? 0;
  return {
    sourceTopic: result.sourceTopic,
    destinationTopic: result.destinationTopic,
    partition: result.partition,
    objects: p?.objectsCompleted ?? 0,
    recordsRead: p?.recordsRead ?? 0,
    recordsWritten: written,
    bytes: p?.bytesPublished ?? 0,
    duplicatesSkipped: p?.duplicatesSkipped ?? 0,
    sourceOffsets: { firstObjectStart: plan.firstStartOffset, lastObjectStart: plan.lastStartOffset },
    destinationOffsets:
      p?.destinationFirstOffset && p.destinationLastOffset ? { first: p.destinationFirstOffset, last: p.destinationLastOffset } : undefined,
    gaps: p?.gaps ?? 0,
    overlaps: p?.overlaps ?? 0,
    discontinuities: p?.discontinuities ?? [],
    offsetMap: { ...offsetMap, entries: p?.objectsCompleted ?? 0 },
    durationMs: result.durationMs,
    recordsPerSecond: result.durationMs > 0 ? Math.round((written / result.durationMs) * 1000) : 0,
    resumed: result.resumedFrom !== undefined,
  };
}

/** Records read from the backup minus skipped duplicates must equal records committed on the destination. */
export function isPartitionVerified(report: PartitionReport, delivery: DeliveryMode = 'exactly-once'): boolean {
  const countersAgree = report.recordsRead - report.duplicatesSkipped === report.recordsWritten;
  if (!countersAgree || report.recordsOnDestination === undefined) return countersAgree;
  // at-least-once may leave records replayed after a retry (past the last committed checkpoint) in the
  // range: more is allowed, fewer never is.
  return delivery === 'at-least-once' ? report.recordsOnDestination >= report.recordsWritten : report.recordsOnDestination === report.recordsWritten;
}

export const STANDARD_NOTES = [
  'Timestamps are assigned at produce time: the backup does not keep the original record timestamps.',
  'Restored records get new offsets; the offset map (per object: source start offset → destination offset) is kept in the topic named in each partition report.',
];

export interface DestinationTopicFacts {
  destinationTopic: string;
  partitionsNeeded: number;
  partitionsPresent: number;
  created: boolean;
  unusedPartitions: number;
}

export interface PartitionOutcome {
  sourceTopic: string;
  destinationTopic: string;
  partition: number;
  position?: PartitionPosition;
  resumedFrom?: PartitionPosition;
  durationMs: number;
  /** Committed records the partition's restore read back in its range (when it verified while streaming). */
  recordsOnDestination?: number;
}

/**
 * Characters of gap/overlap examples one report carries. Each example names an object, and a restore of
 * 2,000 partitions with five each would pass Temporal's 2 MB payload limit: the report would fail after
 * everything was written. Partitions past the budget keep their counts, not their examples.
 */
export const REPORT_EXAMPLE_BUDGET = 300_000;

function withinExampleBudget(partitions: PartitionReport[]): { partitions: PartitionReport[]; examplesLeftOut: number } {
  let budget = REPORT_EXAMPLE_BUDGET;
  let examplesLeftOut = 0;
  const kept = partitions.map((p) => {
    const size = p.discontinuities.reduce((n, d) => n + d.length, 0);
    if (size <= budget) {
      budget -= size;
      return p;
    }
    examplesLeftOut++;
    return { ...p, discontinuities: [] };
  });
  return { partitions: kept, examplesLeftOut };
}

/** The operator's report: what was restored where, verified per partition, and what the backup could not give. */
export function buildRestoreReport(input: {
  request: Pick<RestoreRequest, 'restoreId' | 'destinationCluster' | 'delivery' | 'valueSerializer' | 'dryRun' | 'backup'>;
  plan: RestorePlan;
  destination: DestinationTopicFacts[];
  outcomes: PartitionOutcome[];
  durationMs: number;
  offsetMapTopic: string;
  keyPrefix: (destinationTopic: string, partition: number) => string;
  /**
   * Per partitionKey(destinationTopic, partition): committed records the separate read-back step found (runs
   * from before verify-while-streaming); otherwise each outcome carries its own recordsOnDestination.
   */
  readBack?: Record<string, number>;
}): RestoreReport {
  const { request, plan } = input;
  const planned = new Map(plan.partitions.map((p) => [partitionKey(p.topic, p.partition), p]));
  const { partitions, examplesLeftOut } = withinExampleBudget(
    input.outcomes.map((o) => {
      const p = planned.get(partitionKey(o.sourceTopic, o.partition))!;
      const report = partitionReport(o, p, { topic: input.offsetMapTopic, keyPrefix: input.keyPrefix(o.destinationTopic, o.partition) });
      const readBack = o.recordsOnDestination ?? input.readBack?.[partitionKey(o.destinationTopic, o.partition)];
      return readBack === undefined ? report : { ...report, recordsOnDestination: readBack };
    }),
  );
  const notes = [...STANDARD_NOTES];
  if (examplesLeftOut) notes.push(`Gap and overlap examples of ${examplesLeftOut} partition(s) are left out to keep the report within Temporal's payload limit; their counts are complete.`);
  const withKeys = plan.partitions.reduce((n, p) => n + p.withKeys, 0);
  const withHeaders = plan.partitions.reduce((n, p) => n + p.withHeaders, 0);
  if (withKeys === 0 && withHeaders === 0) {
    notes.push('The backup holds values only (Confluent GCS sink): restored records have null keys and no headers.');
  } else {
    notes.push(`Keys were restored for ${withKeys} object(s) and headers for ${withHeaders}; objects without companions restore with null keys and no headers.`);
  }
  if (plan.partitions.some((p) => p.ordering === 'per-file')) {
    notes.push('Some partitions only have per-file order (FieldPartitioner or non-monotone time folders): original order across objects cannot be guaranteed.');
  }
  const gaps = partitions.reduce((n, p) => n + p.gaps, 0);
  const overlaps = partitions.reduce((n, p) => n + p.overlaps, 0);
  if (gaps) notes.push(`${gaps} gap(s) between objects: legitimate after compaction, transactions, skipped nulls or a DLQ, but the backup alone cannot tell them from lost data.`);
  if (overlaps) {
    const skipped = partitions.reduce((n, p) => n + p.duplicatesSkipped, 0);
    const interleaving = (r: PartitionReport) => {
      const p = planned.get(partitionKey(r.sourceTopic, r.partition));
      return p !== undefined && !overlapsAreRepeats(request.backup, p.ordering);
    };
    const inFull = partitions.filter(interleaving).reduce((n, p) => n + p.overlaps, 0);
    if (overlaps > inFull) notes.push(`${overlaps - inFull} overlap(s) between objects: the ${skipped} record(s) they repeated were restored once.`);
    if (inFull) {
      notes.push(
        `${inFull} overlap(s) between objects in partitions whose files were open at once (FieldPartitioner, record timestamps): their ranges interleave, so every record was restored; repeats from a sink re-run, if any, were restored too.`,
      );
    }
  }
  const replayed = partitions.reduce((n, p) => n + Math.max(0, (p.recordsOnDestination ?? 0) - p.recordsWritten), 0);
  if (request.delivery === 'at-least-once' && replayed) {
    notes.push(`${replayed} record(s) on the destination beyond those written: at-least-once replays what an interrupted attempt had sent after its last checkpoint.`);
  }
  return {
    restoreId: request.restoreId,
    bucket: plan.bucket,
    destinationCluster: request.destinationCluster,
    delivery: request.delivery,
    valueSerializer: request.valueSerializer,
    dryRun: Boolean(request.dryRun),
    plan: { totals: plan.totals, topics: plan.topics, ignored: plan.ignored, warnings: plan.warnings },
    partitions,
    totals: {
      objects: partitions.reduce((n, p) => n + p.objects, 0),
      records: partitions.reduce((n, p) => n + p.recordsWritten, 0),
      bytes: partitions.reduce((n, p) => n + p.bytes, 0),
      partitions: partitions.length,
      durationMs: input.durationMs,
    },
    unusedDestinationPartitions: input.destination.filter((d) => d.unusedPartitions > 0).map((d) => ({ topic: d.destinationTopic, partitions: d.unusedPartitions })),
    createdTopics: input.destination.filter((d) => d.created).map((d) => d.destinationTopic),
    notes,
    verified: partitions.every((p) => isPartitionVerified(p, request.delivery)),
  };
}
