/**
 * Baseline (a): raw kafkajs producing the topic's published value bytes from memory into a fresh topic,
 * with the producer settings of activities/restore/publisher.ts — idempotent, maxInFlightRequests 1,
 * acks -1, one producer per partition, each partition's sends awaited one after another, all partitions
 * at once (tasks.max = partitions), sends cut at the same 800 KB estimate the restore's send pipeline uses.
 * What it leaves out is what Lifeboat adds: reading the bucket, decoding, checkpoints, offset-map entries.
 *
 * The `transactional` variant also commits a Kafka transaction every `commitEvery` records (as Lifeboat's
 * exactly-once does every transactionMaxRecords), to show what transactions alone cost. With `encoder:
 * 'lifeboat'` the same producers encode their requests as a restore's do (produce-request-encoder.ts), to
 * show what that alone is worth; (a) is kafkajs as it comes.
 */
import type { Admin, Kafka, Producer } from 'kafkajs';
import { NamedPartitioner } from '../../activities/kafka/named-partitioner';
import type { BenchTopic } from './bench-plan';
import { installProduceRequestEncoder, isProduceRequestEncoderInstalled } from '../../activities/kafka/kafkajs-internals';
import { MAX_SEND_BYTES } from '../../activities/restore/send-pipeline';
import { PartitionValues, publishedBytes } from './records';

/** Same per-record estimate as the restore's send pipeline. */
const PER_RECORD_OVERHEAD = 64;

export type BaselineMode = 'idempotent' | 'transactional';
export type BaselineEncoder = 'kafkajs' | 'lifeboat';

export interface ThroughputResult {
  records: number;
  bytes: number;
  ms: number;
  sends: number;
}

/** The values Lifeboat will publish for each partition, rebuilt in memory before the clock starts. */
export function publishedValues(topic: BenchTopic): Buffer[][] {
  return Array.from({ length: topic.partitions }, (_, partition) =>
    new PartitionValues(topic.format, topic.topic, partition).next(topic.recordsPerPartition).map(publishedBytes),
  );
}

export async function runBaseline(options: {
  kafka: Kafka;
  admin: Admin;
  destinationTopic: string;
  values: Buffer[][];
  mode: BaselineMode;
  encoder: BaselineEncoder;
  commitEvery: number;
  transactionalIdPrefix: string;
}): Promise<ThroughputResult> {
  const { kafka, admin, destinationTopic, values, mode } = options;
  if (isProduceRequestEncoderInstalled()) throw new Error('the benchmark process has Lifeboat\'s produce encoder installed: the baseline would not be raw kafkajs');
  await admin.createTopics({ topics: [{ topic: destinationTopic, numPartitions: values.length, replicationFactor: 1 }], waitForLeaders: true });
  const producers = await Promise.all(
    values.map(async (_, partition) => {
      const producer = kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: NamedPartitioner, // the restore's producers' setting: every record names its partition
        ...(mode === 'transactional' ? { transactionalId: `${options.transactionalIdPrefix}.${partition}`, transactionTimeout: 120_000 } : {}),
      });
      await producer.connect();
      return producer;
    }),
  );
  const uninstallEncoder = options.encoder === 'lifeboat' ? installProduceRequestEncoder() : undefined;
  try {
    const started = process.hrtime.bigint();
    const sends = await Promise.all(values.map((partitionValues, partition) => producePartition(producers[partition], destinationTopic, partition, partitionValues, mode, options.commitEvery)));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    return {
      records: values.reduce((n, v) => n + v.length, 0),
      bytes: values.reduce((n, v) => n + v.reduce((b, value) => b + value.length, 0), 0),
      ms,
      sends: sends.reduce((a, b) => a + b, 0),
    };
  } finally {
    await Promise.all(producers.map((p) => p.disconnect().catch(() => undefined)));
    uninstallEncoder?.();
  }
}

async function producePartition(producer: Producer, topic: string, partition: number, values: Buffer[], mode: BaselineMode, commitEvery: number): Promise<number> {
  let sends = 0;
  if (mode === 'idempotent') {
    for (const chunk of chunksByBytes(values, 0, values.length)) {
      await producer.send({ topic, acks: -1, messages: chunk.map((value) => ({ partition, value, key: null })) });
      sends++;
    }
    return sends;
  }
  for (let start = 0; start < values.length; start += commitEvery) {
    const transaction = await producer.transaction();
    for (const chunk of chunksByBytes(values, start, Math.min(values.length, start + commitEvery))) {
      await transaction.send({ topic, acks: -1, messages: chunk.map((value) => ({ partition, value, key: null })) });
      sends++;
    }
    await transaction.commit();
  }
  return sends;
}

function* chunksByBytes(records: Buffer[], from: number, to: number): Generator<Buffer[]> {
  let start = from;
  let bytes = 0;
  for (let i = from; i < to; i++) {
    if (i > start && bytes + records[i].length > MAX_SEND_BYTES) {
      yield records.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += records[i].length + PER_RECORD_OVERHEAD;
  }
  if (start < to) yield records.slice(start, to);
}
