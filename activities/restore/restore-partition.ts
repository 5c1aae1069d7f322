import { CancelledFailure } from '@temporalio/common';
import type { Admin, Kafka } from 'kafkajs';
import { addToOffset, compareOffsets, type OffsetString } from '../../domain/backup-layout/offsets';
import { DestinationCheckError } from '../../domain/errors';
import { restoreProgressGroup, restoreTransactionalId } from '../../domain/ids';
import { OFFSET_MAP_TOPIC, offsetMapKey, offsetMapPartition, type OffsetMapEntry } from '../../domain/offset-map';
import { currentPoll, recordDiscontinuity, type PartitionPosition } from '../../domain/restore-position';
import type { DeliveryMode, ValueSerializer } from '../../domain/restore-request';
import type { PartitionPlan } from '../../domain/restore-plan';
import type { BackupSettings } from '../../domain/restore-settings/types';
import { readOffsetMapEntries } from '../kafka/offset-map-reader';
import { PartitionReadBack } from '../kafka/partition-read-back';
import type { SchemaRegistryClient } from '../schema-registry/client';
import type { BackupObjectSource, PartitionObject } from './object-source';
import { PrefetchingObjectReader } from './object-prefetch';
import { partitionMessages, type ObjectInStream, type ObjectMark } from './partition-stream';
import { ProgressStore } from './progress-store';
import { MAX_TRANSACTION_MS, PartitionPublisher } from './publisher';
import { readAhead, sendChunks, type SendChunk } from './send-pipeline';

const EMPTY_POSITION: PartitionPosition = {
  objectStart: '0',
  objectName: '',
  recordIndex: 0,
  objectComplete: false,
  objectsCompleted: 0,
  recordsRead: 0,
  recordsPublished: 0,
  bytesPublished: 0,
  duplicatesSkipped: 0,
  gaps: 0,
  overlaps: 0,
  discontinuities: [],
};

export interface PartitionRestoreJob {
  restoreId: string;
  settings: BackupSettings;
  plan: PartitionPlan;
  delivery: DeliveryMode;
  valueSerializer: ValueSerializer;
  transactionMaxRecords: number;
  restoreKeysAndHeaders: boolean;
  /** Read the partition back from the destination while restoring it, and count what is there. */
  readBack?: boolean;
  /** The restore id was made for this run: nothing can have been restored under it before (see refuseIfRestoredBefore). */
  restoreIdIsNew?: boolean;
}

export interface PartitionRestoreDeps {
  kafka: Kafka;
  admin: Admin;
  source: BackupObjectSource;
  registry: SchemaRegistryClient | null;
  /** Reports progress (heartbeat; undefined = alive, no new position); also where cancellation is noticed. */
  progress(position: PartitionPosition | undefined): void;
  signal: AbortSignal;
  /** Where a transient fault that is being retried is told (the activity's log). */
  warn?(message: string): void;
}

export interface PartitionRestoreResult {
  sourceTopic: string;
  destinationTopic: string;
  partition: number;
  objectsInPlan: number;
  /** The committed position at the end: totals over every attempt. */
  position?: PartitionPosition;
  /** Where this attempt started from (undefined: from the beginning). */
  resumedFrom?: PartitionPosition;
  recordsThisAttempt: number;
  durationMs: number;
  /** With `readBack`: committed records found in the restored range on the destination. */
  recordsOnDestination?: number;
}

/**
 * Streams one topic-partition's objects, in numeric start-offset order, into the same partition of the
 * destination topic. Resumes from the position committed on the destination (never from what was merely
 * read), skips records that overlapping objects repeat, checkpoints every `checkpointInterval` records (and
 * every MAX_TRANSACTION_MS), and on a failure commits what it had published before it.
 */
export async function restorePartition(job: PartitionRestoreJob, deps: PartitionRestoreDeps): Promise<PartitionRestoreResult> {
  const started = Date.now();
  const { plan } = job;
  // Listing a large time-partitioned topic folder publishes nothing for a while: keep the attempt alive.
  // It runs while the producers connect; both are round trips the stream would otherwise wait for.
  const listing = keepAlive(deps, () => deps.source.listPartitionObjects(plan)); // checked against the plan's digest
  listing.catch(() => undefined); // awaited below; not an unhandled rejection if connecting fails first
  // The first object is opened while the producers connect, too: a partition restored from its start (the
  // usual case) begins there; a resumed one drops it unread.
  const reader = new PrefetchingObjectReader(deps.source, deps.signal);
  void listing.then((objects) => objects[0] && reader.openAhead(objects[0].name), () => undefined);
  const progressStore = new ProgressStore(deps.admin, restoreProgressGroup(job.restoreId), plan.destinationTopic, plan.partition);
  progressStore.loadMetadata().catch(() => undefined); // read() below raises a failure; not unhandled meanwhile
  let readBack: Promise<PartitionReadBack> | undefined;
  let publisher: PartitionPublisher;
  try {
    publisher = await PartitionPublisher.connect(deps.kafka, {
      delivery: job.delivery,
      transactionalId: restoreTransactionalId(job.restoreId, plan.destinationTopic, plan.partition),
      progress: progressStore,
    });
  } catch (err) {
    await reader.close();
    throw err;
  }
  try {
    // Read the position only after connecting: connecting fenced any earlier attempt's producer.
    const [objects, resumedFrom] = await Promise.all([listing, progressStore.read()]);
    if (!resumedFrom && !job.restoreIdIsNew) await refuseIfRestoredBefore(job, deps, objects);
    // The reader follows the range from its first record: known now for a resumed partition, else from the
    // first send. It connects while the stream runs instead of before it.
    const followFrom = (first: string | undefined) => {
      if (!job.readBack || readBack || !first) return;
      readBack = PartitionReadBack.start(deps.kafka, plan.destinationTopic, plan.partition, first, () => deps.progress(undefined), retrying(deps, 'reading back'));
      readBack.catch(() => undefined); // raised where it is awaited, at the count
    };
    followFrom(currentPoll(resumedFrom, plan.afterStartOffset).firstOffset);
    let position = resumedFrom;
    let checkpointed = resumedFrom;
    let recordsThisAttempt = 0;
    let sinceCheckpoint = 0;
    let transactionStarted = Date.now();
    let counting: Promise<number> | undefined;
    // By count — at every multiple of the interval published in this attempt, where sends are cut, so a timed
    // checkpoint in between never shifts them — and by time: a transaction must commit long before the
    // broker's transaction timeout. Not at object boundaries: with objects of a few thousand records that
    // would be a transaction per object, and a failure commits what was published before it anyway (below).
    const interval = checkpointInterval(job);
    const checkpointDue = () =>
      sinceCheckpoint > 0 && (recordsThisAttempt % interval === 0 || Date.now() - transactionStarted > MAX_TRANSACTION_MS);
    const checkpoint = async (at: PartitionPosition) => {
      await publisher.checkpoint(at);
      checkpointed = at;
      sinceCheckpoint = 0;
    };
    try {
      // Sends end where count checkpoints fall, so a checkpoint interval is exact; the next send is read,
      // decoded and encoded while this one is on the wire — across object boundaries too.
      const chunks = sendChunks(partitionMessages(job, deps, objects, resumedFrom, reader), { cutEvery: interval });
      for await (const chunk of readAhead(chunks)) {
        let base: string | undefined;
        if (chunk.messages.length > 0) {
          const [metadata] = await publisher.send(plan.destinationTopic, chunk.messages);
          base = metadata.baseOffset ?? '0';
        }
        position = applySent(job, publisher, position, chunk, base);
        followFrom(currentPoll(position, plan.afterStartOffset).firstOffset);
        recordsThisAttempt += chunk.messages.length;
        if (sinceCheckpoint === 0) transactionStarted = Date.now();
        sinceCheckpoint += chunk.messages.length;
        deps.progress(position);
        if (position && checkpointDue()) await checkpoint(position);
        if (deps.signal.aborted) throw deps.signal.reason ?? new CancelledFailure('restore cancelled');
      }
      // The count waits until the reader has seen the last record: started now, it runs during the last
      // checkpoint (at-least-once records are readable already; exactly-once ones once it commits).
      counting = job.readBack ? countRestoredRange(readBack, position, plan.afterStartOffset) : undefined;
      counting?.catch(() => undefined); // awaited below; ends when the reader closes if this attempt fails
      if (position && position !== checkpointed) await checkpoint(position);
      await publisher.flush(); // at-least-once checkpoints run behind the stream: the last one must be durable
    } catch (err) {
      // A malformed object, a failed read, a cancellation: everything published before it is acknowledged, so
      // commit it — the re-run (after the object is fixed) resumes at the failing record, not at the last
      // checkpoint. Never after a failed send or checkpoint: what Kafka holds is then unknown.
      if (position && position !== checkpointed && publisher.canCheckpoint()) {
        await checkpoint(position)
          .then(() => publisher.flush())
          .catch(() => undefined); // the original failure is the one to report
      }
      throw err;
    }
    const recordsOnDestination = counting ? await untilCancelled(counting, deps.signal) : undefined;
    return {
      sourceTopic: plan.topic,
      destinationTopic: plan.destinationTopic,
      partition: plan.partition,
      objectsInPlan: plan.objectCount,
      position,
      resumedFrom,
      recordsThisAttempt,
      durationMs: Date.now() - started,
      recordsOnDestination,
    };
  } finally {
    // The reader has counted (or is no longer needed); the activity does not wait for its last fetch to return.
    void readBack?.then((reading) => reading.close()).catch(() => undefined);
    await reader.close();
    await publisher.close();
  }
}

/**
 * The position after a send was acknowledged (`base`: the destination offset of its first record; none when
 * the chunk only carries marks): its records counted against the object they came from, objects begun and
 * completed where the stream marked them, each completed object's offset-map entry handed to the publisher.
 */
function applySent(
  job: PartitionRestoreJob,
  publisher: PartitionPublisher,
  before: PartitionPosition | undefined,
  chunk: SendChunk<ObjectMark>,
  base: string | undefined,
): PartitionPosition | undefined {
  let position = before;
  let counted = 0;
  const countUpTo = (index: number) => {
    if (index === counted) return;
    position = published(position!, addToOffset(base!, counted), index - counted, job.plan.afterStartOffset);
    counted = index;
  };
  for (const { at, mark } of chunk.marks) {
    countUpTo(at);
    position = mark.kind === 'begin' ? beginObject(position, mark.object) : completeObject(job, publisher, position!, mark.object, mark.recordsInObject);
  }
  countUpTo(chunk.messages.length);
  return position && { ...position, bytesPublished: position.bytesPublished + chunk.bytes };
}

function beginObject(before: PartitionPosition | undefined, start: ObjectInStream): PartitionPosition {
  if (before && start.resumed) return before; // the committed position inside this object: counted when it began
  const { object, startAt, overlap } = start;
  return {
    ...(before ?? EMPTY_POSITION),
    ...recordDiscontinuity(before ?? EMPTY_POSITION, object.name, object.startOffset, before?.nextExpectedOffset),
    objectStart: object.startOffset,
    objectName: object.name,
    recordIndex: startAt,
    objectOverlap: overlap,
    objectComplete: false,
    firstDestinationOffset: undefined,
    duplicatesSkipped: (before?.duplicatesSkipped ?? 0) + overlap,
  };
}

/** `count` records of the current object, acknowledged from destination offset `first` on. */
function published(position: PartitionPosition, first: string, count: number, pollAfter: OffsetString | undefined): PartitionPosition {
  const newPoll = pollAfter !== undefined && position.pollBase?.after !== pollAfter;
  return {
    ...position,
    ...(newPoll && {
      pollBase: { after: pollAfter, destinationOffset: first, recordsBefore: position.recordsPublished, objectsBefore: position.objectsCompleted, bytesBefore: position.bytesPublished },
    }),
    recordIndex: position.recordIndex + count,
    firstDestinationOffset: position.firstDestinationOffset ?? first,
    destinationFirstOffset: position.destinationFirstOffset ?? first,
    destinationLastOffset: addToOffset(first, count - 1),
    recordsPublished: position.recordsPublished + count,
  };
}

function completeObject(
  job: PartitionRestoreJob,
  publisher: PartitionPublisher,
  before: PartitionPosition,
  start: ObjectInStream,
  recordsInObject: number,
): PartitionPosition {
  const { plan } = job;
  const { object, overlap } = start;
  let position = before;
  // An overlap can claim more records than the object holds; the reader's own count then corrects the
  // duplicates counted when the object began (in this attempt or, resumed, in an earlier one).
  if (recordsInObject < position.recordIndex) {
    position = { ...position, recordIndex: recordsInObject, duplicatesSkipped: position.duplicatesSkipped - (position.recordIndex - recordsInObject) };
  }
  const end = addToOffset(object.startOffset, recordsInObject);
  const nextExpectedOffset =
    position.nextExpectedOffset && compareOffsets(position.nextExpectedOffset, end) > 0 ? position.nextExpectedOffset : end;
  const entry: OffsetMapEntry = {
    restoreId: job.restoreId,
    sourceTopic: plan.topic,
    destinationTopic: plan.destinationTopic,
    partition: plan.partition,
    object: object.name,
    sourceStartOffset: object.startOffset,
    records: recordsInObject,
    duplicatesSkipped: Math.min(overlap, recordsInObject),
    destinationOffset: position.firstDestinationOffset,
    destinationLastOffset: position.firstDestinationOffset ? position.destinationLastOffset : undefined,
  };
  publisher.recordObject({
    key: offsetMapKey(job.restoreId, plan.destinationTopic, plan.partition, object),
    value: JSON.stringify(entry),
    partition: offsetMapPartition(job.restoreId, plan.destinationTopic, plan.partition),
  });
  return {
    ...position,
    objectComplete: true,
    firstDestinationOffset: undefined,
    nextExpectedOffset,
    objectsCompleted: position.objectsCompleted + 1,
    recordsRead: position.recordsRead + recordsInObject,
  };
}

/**
 * Records between checkpoints. exactly-once: `transactionMaxRecords`, one transaction each. at-least-once
 * commits a checkpoint while the stream fills the next, so a crash can replay both: at half the interval
 * that is at most `transactionMaxRecords` records.
 */
function checkpointInterval(job: Pick<PartitionRestoreJob, 'delivery' | 'transactionMaxRecords'>): number {
  return job.delivery === 'at-least-once' ? Math.ceil(job.transactionMaxRecords / 2) : job.transactionMaxRecords;
}

/**
 * Committed records on the destination in what this restore wrote (none written: none to find). Following,
 * the current poll's range is read back and the records of earlier polls, verified by them, are added.
 */
async function countRestoredRange(readBack: Promise<PartitionReadBack> | undefined, position: PartitionPosition | undefined, pollAfter: OffsetString | undefined): Promise<number> {
  const { firstOffset, before } = currentPoll(position, pollAfter);
  const last = position?.destinationLastOffset;
  if (!firstOffset || !last || !readBack) return before.records;
  return before.records + (await (await readBack).countBetween(firstOffset, last));
}

/**
 * A partition without a committed position is normally one this restore has not started. But Kafka drops a
 * group's committed offsets `offsets.retention.minutes` after their last commit (7 days by default), and a
 * re-run after that would find none and write everything again — exactly-once broken by a calendar. The
 * offset map does not expire (compacted): if it lists objects of this plan as restored under this id,
 * refuse instead.
 */
async function refuseIfRestoredBefore(job: PartitionRestoreJob, deps: PartitionRestoreDeps, objects: PartitionObject[]): Promise<void> {
  const { plan } = job;
  const target = { restoreId: job.restoreId, destinationTopic: plan.destinationTopic, partition: plan.partition };
  const entries = await keepAlive(deps, () => readOffsetMapEntries(deps.kafka, deps.admin, target, () => deps.progress(undefined), retrying(deps, 'reading the offset map')));
  const planned = new Set(objects.map((o) => o.startOffset));
  const restored = [...new Set(entries.map((e) => e.sourceStartOffset).filter((start) => planned.has(start)))].sort(compareOffsets);
  if (restored.length === 0) return;
  throw new DestinationCheckError(
    `${plan.destinationTopic}-${plan.partition}`,
    `restore ${job.restoreId} already restored ${restored.length} of the ${objects.length} objects planned here (source start offsets ` +
      `${restored[0]} to ${restored[restored.length - 1]}, per ${OFFSET_MAP_TOPIC}), but its committed position is gone: Kafka drops ` +
      `committed offsets offsets.retention.minutes after the last commit (7 days by default). Going on would write those records ` +
      `again, so nothing was written. To restore them again on purpose, use a new --restore-id.`,
  );
}

/** Heartbeats on a timer while `work` runs: only for steps that publish nothing (listing), never for the stream. */
async function keepAlive<T>(deps: PartitionRestoreDeps, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => deps.progress(undefined), 5_000);
  try {
    return await untilCancelled(work(), deps.signal);
  } finally {
    clearInterval(timer);
  }
}

/**
 * `work`, unless the activity is cancelled first: a long listing or scan that publishes nothing would
 * otherwise hold up a cancellation the workflow waits for. What it was doing ends on its own.
 */
function untilCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  const cancelled = () => signal.reason ?? new CancelledFailure('restore cancelled');
  if (signal.aborted) return Promise.reject(cancelled());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Tells the activity's log, once per run of failures, that a read is retrying a transient fault. */
function retrying(deps: PartitionRestoreDeps, what: string): (err: Error) => void {
  return (err) => deps.warn?.(`${what}: retrying after a transient fault: ${err.message}`);
}
