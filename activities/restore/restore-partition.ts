import { CancelledFailure } from '@temporalio/common';
import type { Admin, IHeaders, Kafka, Message } from 'kafkajs';
import { addToOffset, compareOffsets, offsetDistance } from '../../domain/backup-layout/offsets';
import { DestinationCheckError, MalformedBackupObjectError } from '../../domain/errors';
import { restoreProgressGroup, restoreTransactionalId } from '../../domain/ids';
import { OFFSET_MAP_TOPIC, offsetMapKeyPrefix, offsetMapPartition, type OffsetMapEntry } from '../../domain/offset-map';
import { recordDiscontinuity, resumePointFor, type PartitionPosition } from '../../domain/restore-position';
import type { DeliveryMode, ValueSerializer } from '../../domain/restore-request';
import type { PartitionPlan } from '../../domain/restore-plan';
import type { BackupSettings } from '../../domain/restore-settings/types';
import { openRecordReader, parseSeparatorSetting } from '../../formats';
import { decodeAvroDatum } from '../../formats/avro-datum-decoder';
import { readOffsetMapEntries } from '../kafka/offset-map-reader';
import { PartitionReadBack } from '../kafka/partition-read-back';
import type { SchemaRegistryClient } from '../schema-registry/client';
import { CompanionRecords } from './companion-records';
import type { BackupObjectSource, PartitionObject } from './object-source';
import { ProgressStore } from './progress-store';
import { MAX_TRANSACTION_MS, PartitionPublisher } from './publisher';
import { aliveWhileSkipping } from './read-progress';
import { readAhead, sendChunks } from './send-pipeline';
import { encoderForObject, type RecordEncoder } from './value-encoder';

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
  const progressStore = new ProgressStore(deps.admin, restoreProgressGroup(job.restoreId), plan.destinationTopic, plan.partition);
  let readBack: Promise<PartitionReadBack> | undefined;
  const publisher = await PartitionPublisher.connect(deps.kafka, {
    delivery: job.delivery,
    transactionalId: restoreTransactionalId(job.restoreId, plan.destinationTopic, plan.partition),
    progress: progressStore,
  });
  try {
    // Read the position only after connecting: connecting fenced any earlier attempt's producer.
    const [objects, resumedFrom] = await Promise.all([listing, progressStore.read()]);
    if (!resumedFrom && !job.restoreIdIsNew) await refuseIfRestoredBefore(job, deps, objects);
    // The reader follows the range from its first record: known now for a resumed partition, else from the
    // first send. It joins its group while the stream runs instead of before it.
    const followFrom = (first: string | undefined) => {
      if (!job.readBack || readBack || !first) return;
      readBack = PartitionReadBack.start(deps.kafka, deps.admin, plan.destinationTopic, plan.partition, first, () => deps.progress(undefined));
      readBack.catch(() => undefined); // raised where it is awaited, at the count
    };
    followFrom(resumedFrom?.destinationFirstOffset);
    let position = resumedFrom;
    let checkpointed = resumedFrom;
    let recordsThisAttempt = 0;
    let sinceCheckpoint = 0;
    let transactionStarted = Date.now();
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
      for (const object of objects) {
        const resumeAt = resumePointFor(object, position);
        if (resumeAt === 'done') continue;
        const untilCheckpoint = interval - (recordsThisAttempt % interval);
        position = await restoreObject(job, deps, publisher, object, position, resumeAt, untilCheckpoint, async (next, published) => {
          position = next;
          followFrom(next.destinationFirstOffset);
          recordsThisAttempt += published;
          if (sinceCheckpoint === 0) transactionStarted = Date.now();
          sinceCheckpoint += published;
          deps.progress(next);
          if (checkpointDue()) await checkpoint(next);
        });
        deps.progress(position);
        if (checkpointDue()) await checkpoint(position);
      }
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
    const recordsOnDestination = job.readBack ? await countRestoredRange(readBack, position) : undefined;
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
    await publisher.close();
    await (await readBack?.catch(() => undefined))?.close();
  }
}

type OnPublished = (position: PartitionPosition, published: number) => Promise<void>;

async function restoreObject(
  job: PartitionRestoreJob,
  deps: PartitionRestoreDeps,
  publisher: PartitionPublisher,
  object: PartitionObject,
  before: PartitionPosition | undefined,
  resumeAt: number,
  untilCheckpoint: number,
  onPublished: OnPublished,
): Promise<PartitionPosition> {
  const { plan, settings } = job;
  // An object that starts before the offset expected next repeats records already restored (§3: a sink
  // re-run after a crash); skip those by their computed offset.
  const overlap =
    resumeAt === 0 && before?.nextExpectedOffset && compareOffsets(object.startOffset, before.nextExpectedOffset) < 0
      ? Number(offsetDistance(object.startOffset, before.nextExpectedOffset))
      : 0;
  const startAt = resumeAt === 0 ? overlap : resumeAt;
  const separator = settings.format === 'bytearray' ? parseSeparatorSetting(settings.byteArraySeparator) : undefined;
  let recordsFlowing = false;
  const values = openRecordReader({
    format: settings.format,
    objectName: object.name,
    source: aliveWhileSkipping(deps.source.read(object.name, deps.signal), () => startAt > 0 && !recordsFlowing, () => deps.progress(undefined)),
    separator,
    startAtRecord: startAt,
    maxBatchRecords: settings.recordBatchMaxSize, // the connector's records per poll; sends are sized by bytes
  });
  // Encoder and companions are prepared inside the pipeline: a failure there (registry down) then ends the
  // iteration, which closes the object's read stream; before the first batch nothing would close it.
  let companions: Companions | undefined;
  async function* encodedBatches(): AsyncGenerator<Message[]> {
    let encodeValue: RecordEncoder | undefined;
    for await (const batch of values) {
      recordsFlowing = true;
      encodeValue ??= await encoderForObject({
        format: settings.format,
        serializer: job.valueSerializer,
        writerSchema: await values.writerSchema(),
        registry: deps.registry,
        subject: `${plan.destinationTopic}-value`,
        objectName: object.name,
      });
      const c = (companions ??= job.restoreKeysAndHeaders ? await openCompanions(job, deps, object, startAt, separator) : {});
      const keys = c.keys ? await c.keys.take(batch.records.length) : undefined;
      const headers = c.headers ? await c.headers.take(batch.records.length) : undefined;
      yield batch.records.map((value, i) => ({
        partition: plan.partition,
        value: encodeValue!(value),
        key: keys ? c.encodeKey!(keys[i]) : null,
        headers: headers ? c.decodeHeaders!(headers[i]) : undefined,
      }));
    }
  }

  let position: PartitionPosition =
    before && resumeAt > 0
      ? before
      : {
          ...(before ?? EMPTY_POSITION),
          ...recordDiscontinuity(before ?? EMPTY_POSITION, object.name, object.startOffset, before?.nextExpectedOffset),
          objectStart: object.startOffset,
          objectName: object.name,
          recordIndex: startAt,
          objectComplete: false,
          firstDestinationOffset: undefined,
          duplicatesSkipped: (before?.duplicatesSkipped ?? 0) + overlap,
        };
  try {
    // Sends end where count checkpoints fall, so a checkpoint interval is exact; the next send is read,
    // decoded and encoded while this one is on the wire.
    const chunks = sendChunks(encodedBatches(), { cutEvery: checkpointInterval(job), firstCutAfter: untilCheckpoint });
    for await (const { messages, bytes } of readAhead(chunks)) {
      const [metadata] = await publisher.send(plan.destinationTopic, messages);
      const base = metadata.baseOffset ?? '0';
      position = {
        ...position,
        recordIndex: position.recordIndex + messages.length,
        firstDestinationOffset: position.firstDestinationOffset ?? base,
        destinationFirstOffset: position.destinationFirstOffset ?? base,
        destinationLastOffset: addToOffset(base, messages.length - 1),
        recordsPublished: position.recordsPublished + messages.length,
        bytesPublished: position.bytesPublished + bytes,
      };
      await onPublished(position, messages.length);
      if (deps.signal.aborted) throw deps.signal.reason ?? new CancelledFailure('restore cancelled');
    }
    // An object whose records were all skipped (resume or overlap) still has companions to check.
    companions ??= job.restoreKeysAndHeaders ? await openCompanions(job, deps, object, startAt, separator) : {};
    await companions.keys?.expectEnd();
    await companions.headers?.expectEnd();
  } finally {
    await companions?.keys?.close();
    await companions?.headers?.close();
  }

  // Every record of the object, skipped duplicates included. An overlap can claim more records than the
  // object holds; the reader's own count then corrects the duplicates counted when the object started.
  const records = values.recordsInObject ?? position.recordIndex;
  if (resumeAt === 0 && records < startAt) {
    position = { ...position, recordIndex: records, duplicatesSkipped: position.duplicatesSkipped - (startAt - records) };
  }
  const end = addToOffset(object.startOffset, records);
  const nextExpectedOffset =
    position.nextExpectedOffset && compareOffsets(position.nextExpectedOffset, end) > 0 ? position.nextExpectedOffset : end;
  const entry: OffsetMapEntry = {
    restoreId: job.restoreId,
    sourceTopic: plan.topic,
    destinationTopic: plan.destinationTopic,
    partition: plan.partition,
    object: object.name,
    sourceStartOffset: object.startOffset,
    records,
    duplicatesSkipped: resumeAt === 0 ? Math.min(overlap, records) : 0,
    destinationOffset: position.firstDestinationOffset,
    destinationLastOffset: position.firstDestinationOffset ? position.destinationLastOffset : undefined,
  };
  publisher.recordObject({
    key: offsetMapKeyPrefix(job.restoreId, plan.destinationTopic, plan.partition) + object.startOffset,
    value: JSON.stringify(entry),
    partition: offsetMapPartition(job.restoreId, plan.destinationTopic, plan.partition),
  });
  return {
    ...position,
    objectComplete: true,
    firstDestinationOffset: undefined,
    nextExpectedOffset,
    objectsCompleted: position.objectsCompleted + 1,
    recordsRead: position.recordsRead + records,
  };
}

interface Companions {
  keys?: CompanionRecords;
  headers?: CompanionRecords;
  encodeKey?: RecordEncoder;
  decodeHeaders?: (stored: Buffer) => IHeaders;
}

async function openCompanions(
  job: PartitionRestoreJob,
  deps: PartitionRestoreDeps,
  object: PartitionObject,
  startAt: number,
  separator: Buffer | undefined,
): Promise<Companions> {
  const companions: Companions = {};
  // Companions skip the same records, in step with the value object; their reads only happen while records flow.
  const read = (name: string) => aliveWhileSkipping(deps.source.read(name, deps.signal), () => startAt > 0, () => deps.progress(undefined));
  if (object.keysObject) {
    const format = formatOfCompanion(object.keysObject);
    const reader = openRecordReader({ format, objectName: object.keysObject, source: read(object.keysObject), separator, startAtRecord: startAt });
    companions.keys = new CompanionRecords(reader, startAt);
    companions.encodeKey = await encoderForObject({
      format,
      serializer: job.valueSerializer,
      writerSchema: await reader.writerSchema(),
      registry: deps.registry,
      subject: `${job.plan.destinationTopic}-key`,
      objectName: object.keysObject,
    });
  }
  if (object.headersObject) {
    const format = formatOfCompanion(object.headersObject);
    const reader = openRecordReader({ format, objectName: object.headersObject, source: read(object.headersObject), startAtRecord: startAt });
    companions.headers = new CompanionRecords(reader, startAt);
    const schema = await reader.writerSchema();
    const name = object.headersObject;
    let index = startAt;
    companions.decodeHeaders = (stored) => {
      try {
        return toKafkaHeaders(format === 'avro' ? decodeAvroDatum(schema!, stored) : JSON.parse(stored.toString('utf8')));
      } catch (err) {
        throw new MalformedBackupObjectError(name, index, `headers do not decode: ${(err as Error).message}`, { cause: err });
      } finally {
        index++;
      }
    };
  }
  return companions;
}

function formatOfCompanion(name: string): 'avro' | 'json' | 'bytearray' {
  if (name.endsWith('.avro')) return 'avro';
  if (name.endsWith('.json') || name.endsWith('.json.gz')) return 'json';
  return 'bytearray';
}

/** The sink's header view is `array<{key, value: string}>` (JSON: `{headers: [...]}`); repeated keys are kept. */
function toKafkaHeaders(decoded: unknown): IHeaders {
  const list = (Array.isArray(decoded) ? decoded : (decoded as { headers?: unknown[] })?.headers ?? []) as Array<{ key: string; value: unknown }>;
  const headers: IHeaders = {};
  for (const { key, value } of list) {
    const text = value === null || value === undefined ? '' : String(value);
    const existing = headers[key];
    headers[key] = existing === undefined ? text : ([] as Array<string | Buffer>).concat(existing as string | Buffer, text);
  }
  return headers;
}

/**
 * Records between checkpoints. exactly-once: `transactionMaxRecords`, one transaction each. at-least-once
 * commits a checkpoint while the stream fills the next, so a crash can replay both: at half the interval
 * that is at most `transactionMaxRecords` records.
 */
function checkpointInterval(job: Pick<PartitionRestoreJob, 'delivery' | 'transactionMaxRecords'>): number {
  return job.delivery === 'at-least-once' ? Math.ceil(job.transactionMaxRecords / 2) : job.transactionMaxRecords;
}

/** Committed records the reader found in the range this restore wrote (none written: none to find). */
async function countRestoredRange(readBack: Promise<PartitionReadBack> | undefined, position: PartitionPosition | undefined): Promise<number> {
  const first = position?.destinationFirstOffset;
  const last = position?.destinationLastOffset;
  if (!first || !last || !readBack) return 0;
  return (await readBack).countBetween(first, last);
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
  const entries = await keepAlive(deps, () => readOffsetMapEntries(deps.kafka, deps.admin, target, () => deps.progress(undefined)));
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
    return await work();
  } finally {
    clearInterval(timer);
  }
}
