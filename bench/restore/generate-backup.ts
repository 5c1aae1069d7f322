/**
 * Writes a topic's backup into the bucket with the sink simulator, one topic-partition at a time and a
 * few objects at a time, so memory stays bounded by a chunk rather than the topic: records for CHUNK_FILES
 * objects are generated, planned, encoded and uploaded while the next chunk is being encoded.
 */
import type { Bucket } from '@google-cloud/storage';
import { encodeSinkFile, planSinkFiles, sinkConfigFromSettings, uploadObjects, type SimRecord, type SinkObject } from '../../dev/sink-simulator';
import type { BenchTopic } from './bench-plan';
import { PartitionValues, VALUE_SCHEMA } from './records';

/** Objects per generated chunk: ~5–20 MB of records with flush.size 2500. */
const CHUNK_FILES = 8;
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);

export interface GeneratedBackup {
  objects: number;
  storedBytes: number;
  records: number;
  ms: number;
}

export async function writeTopicBackup(
  bucket: Bucket,
  topic: BenchTopic,
  options: { flushSize: number; avroCodec: 'null' | 'deflate' | 'snappy' },
): Promise<GeneratedBackup> {
  const started = Date.now();
  const config = sinkConfigFromSettings(topic.settings, { flushSize: options.flushSize, avroCodec: options.avroCodec });
  const result: GeneratedBackup = { objects: 0, storedBytes: 0, records: 0, ms: 0 };
  let uploading: Promise<void> = Promise.resolve();

  for (let partition = 0; partition < topic.partitions; partition++) {
    const values = new PartitionValues(topic.format, topic.topic, partition);
    for (let offset = 0; offset < topic.recordsPerPartition; ) {
      const count = Math.min(options.flushSize * CHUNK_FILES, topic.recordsPerPartition - offset);
      const records: SimRecord[] = values.next(count).map((value, i) => ({ offset: offset + i, timestamp: T0 + (offset + i) * 10, value }));
      const plan = planSinkFiles(config, [{ topic: topic.topic, partition, records, valueSchema: VALUE_SCHEMA }]);
      if (plan.uncommitted.length) throw new Error(`${topic.topic}-${partition}: chunk at ${offset} left an uncommitted tail (count ${count} is not a multiple of flush.size)`);
      const objects: SinkObject[] = plan.files.flatMap((file) => encodeSinkFile(config, file));
      offset += count;
      result.records += count;
      result.objects += objects.length;
      result.storedBytes += objects.reduce((n, o) => n + o.body.length, 0);
      await uploading; // at most one chunk uploading while the next is encoded
      uploading = uploadObjects(bucket, objects);
    }
  }
  await uploading;
  result.ms = Date.now() - started;
  return result;
}
