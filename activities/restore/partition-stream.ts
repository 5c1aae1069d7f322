import type { IHeaders, Message } from 'kafkajs';
import { addToOffset, compareOffsets, offsetDistance, type OffsetString } from '../../domain/backup-layout/offsets';
import { overlapsAreRepeats } from '../../domain/backup-layout/overlap-policy';
import { MalformedBackupObjectError } from '../../domain/errors';
import { resumePointFor, type PartitionPosition } from '../../domain/restore-position';
import { openRecordReader, parseSeparatorSetting } from '../../formats';
import { decodeAvroDatum } from '../../formats/avro-datum-decoder';
import { CompanionRecords } from './companion-records';
import type { PartitionObject } from './object-source';
import type { PrefetchingObjectReader } from './object-prefetch';
import { aliveWhileSkipping } from './read-progress';
import type { PartitionRestoreDeps, PartitionRestoreJob } from './restore-partition';
import type { StreamMark } from './send-pipeline';
import { encoderForObject, type RecordEncoder } from './value-encoder';

/** How an object enters the stream: where its read starts, and why there. */
export interface ObjectInStream {
  object: PartitionObject;
  /** The committed position is inside this object (begun, not finished): it continues, it does not begin again. */
  resumed: boolean;
  /** Resumed mid-object from the committed position at this record index (0: from the start). */
  resumeAt: number;
  /** Records at its start that an earlier object already held (a sink re-run after a crash), skipped. */
  overlap: number;
  /** The first record index read: `resumeAt` or `overlap`. */
  startAt: number;
}

export type ObjectMark = { kind: 'begin'; object: ObjectInStream } | { kind: 'end'; object: ObjectInStream; recordsInObject: number };

/**
 * The read side of a partition's restore: its objects in numeric start-offset order, as batches of messages
 * ready to publish, with a mark where each object begins and ends. One stream for the whole partition, so
 * sends fill across object boundaries and the next object is opened while the last records of the one before
 * are on the wire. Skips what `resumedFrom` says is restored and, by computed offset, what overlapping objects
 * repeat (§3), where the layout makes an overlap a repeat (overlap-policy.ts). Objects are read through
 * `reader`, which the caller owns and closes: closing the stream closes the object it is reading; the one
 * `reader` opened ahead stays for the caller's close().
 */
export async function* partitionMessages(
  job: PartitionRestoreJob,
  deps: PartitionRestoreDeps,
  objects: PartitionObject[],
  resumedFrom: PartitionPosition | undefined,
  reader: PrefetchingObjectReader,
): AsyncGenerator<Message[] | StreamMark<ObjectMark>> {
  let nextExpectedOffset: OffsetString | undefined = resumedFrom?.nextExpectedOffset;
  // Interleaved files (several open at once) overlap without repeating anything: skipping would lose records.
  const skipRepeats = overlapsAreRepeats(job.settings, job.plan.ordering);
  const toRead = objects.flatMap((object) => {
    const resumeAt = resumePointFor(object, resumedFrom);
    return resumeAt === 'done' ? [] : [{ object, resumeAt }];
  });
  for (const [i, { object, resumeAt }] of toRead.entries()) {
    // An object the committed position is inside keeps the overlap it began with (the position says which).
    const resumed = resumedFrom !== undefined && !resumedFrom.objectComplete && resumedFrom.objectName === object.name && resumedFrom.objectStart === object.startOffset;
    const overlap = resumed
      ? (resumedFrom!.objectOverlap ?? 0)
      : skipRepeats && nextExpectedOffset && compareOffsets(object.startOffset, nextExpectedOffset) < 0
        ? Number(offsetDistance(object.startOffset, nextExpectedOffset))
        : 0;
    const start: ObjectInStream = { object, resumed, resumeAt, overlap, startAt: resumed ? resumeAt : overlap };
    yield { mark: { kind: 'begin', object: start } };
    const recordsInObject = yield* objectMessages(job, deps, start, reader.read(object.name, toRead[i + 1]?.object.name));
    const end = addToOffset(object.startOffset, recordsInObject);
    if (!nextExpectedOffset || compareOffsets(end, nextExpectedOffset) > 0) nextExpectedOffset = end;
    yield { mark: { kind: 'end', object: start, recordsInObject } };
  }
}

/** One object's records from `startAt`, as messages; returns the records the object holds, skipped ones included. */
async function* objectMessages(
  job: PartitionRestoreJob,
  deps: PartitionRestoreDeps,
  start: ObjectInStream,
  bytes: AsyncIterable<Buffer>,
): AsyncGenerator<Message[], number> {
  const { plan, settings } = job;
  const { object, startAt } = start;
  const separator = settings.format === 'bytearray' ? parseSeparatorSetting(settings.byteArraySeparator) : undefined;
  let recordsFlowing = false;
  const values = openRecordReader({
    format: settings.format,
    objectName: object.name,
    source: aliveWhileSkipping(bytes, () => startAt > 0 && !recordsFlowing, () => deps.progress(undefined)),
    separator,
    startAtRecord: startAt,
    maxBatchRecords: settings.recordBatchMaxSize, // the connector's records per poll; sends are sized by bytes
  });
  // Encoder and companions are prepared once records flow: a failure there (registry down) then ends the
  // iteration, which closes the object's read stream; before the first batch nothing would close it.
  let companions: Companions | undefined;
  let read = startAt;
  try {
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
      read += batch.records.length;
      yield batch.records.map((value, i) => ({
        partition: plan.partition,
        value: encodeValue!(value),
        key: keys ? c.encodeKey!(keys[i]) : null,
        headers: headers ? c.decodeHeaders!(headers[i]) : undefined,
      }));
    }
    // An object whose records were all skipped (resume or overlap) still has companions to check.
    companions ??= job.restoreKeysAndHeaders ? await openCompanions(job, deps, object, startAt, separator) : {};
    await companions.keys?.expectEnd();
    await companions.headers?.expectEnd();
  } finally {
    await companions?.keys?.close();
    await companions?.headers?.close();
  }
  return values.recordsInObject ?? read;
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
