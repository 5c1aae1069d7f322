import type { Kafka } from 'kafkajs';
import { CommittedOffsetFetcher } from '../activities/kafka/committed-offset-fetcher';
import { Decoder, decodeRecordBatch } from '../activities/kafka/kafkajs-internals';

export interface ConsumedRecord {
  offset: string;
  timestamp: string;
  value: Buffer | null;
  key: Buffer | null;
  headers: Record<string, unknown>;
}

const FETCH = { maxBytes: 4 << 20, maxWaitMs: 100, withBatches: true };

/**
 * Reads the committed records of one partition from the start (read_committed), in order: at least
 * `expected`, then keeps listening `settleMs` so that any record beyond what was expected shows up too.
 * Dev/test tooling (drills and tests compare whole partitions); the product streams, it never collects.
 * It fetches from the leader directly, as the read-back does: a consumer group's join could stall a
 * test for its whole timeout while a coordinator was loading.
 */
export async function readPartition(
  kafka: Kafka,
  topic: string,
  partition: number,
  expected: number,
  timeoutMs = 60_000,
  settleMs = 1_000,
): Promise<ConsumedRecord[]> {
  const records: ConsumedRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  let settledAt = expected === 0 ? Date.now() + settleMs : undefined;
  const fetcher = await CommittedOffsetFetcher.connect(kafka, topic, partition);
  try {
    let offset = 0n;
    while (settledAt === undefined || Date.now() < settledAt) {
      if (settledAt === undefined && Date.now() > deadline) throw new Error(`read ${records.length}/${expected} records of ${topic}-${partition} in ${timeoutMs} ms`);
      const fetched = await fetcher.fetchRetrying(offset, FETCH, { deadline });
      for (const batch of fetched.batches ?? []) {
        for (const record of (await decodeRecordBatch(new Decoder(batch))).records) {
          if (BigInt(record.offset) < offset) continue; // a batch that began before the fetch offset
          records.push({ offset: record.offset, timestamp: record.timestamp, value: record.value, key: record.key, headers: record.headers });
        }
      }
      if (fetched.nextOffset !== undefined) offset = fetched.nextOffset;
      if (settledAt === undefined && records.length >= expected) settledAt = Date.now() + settleMs;
    }
  } finally {
    await fetcher.close();
  }
  return records;
}
