import type { Kafka } from 'kafkajs';
import { CommittedOffsetFetcher } from '../activities/kafka/committed-offset-fetcher';

export interface ConsumedRecord {
  offset: string;
  timestamp: string;
  value: Buffer | null;
  key: Buffer | null;
  headers: Record<string, unknown>;
}

const FETCH = { maxBytes: 4 << 20, maxWaitMs: 100 };

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
      const fetched = await fetcher.fetchRecords(offset, FETCH, { deadline });
      for (const r of fetched.records) records.push({ offset: r.offset, timestamp: r.timestamp, value: r.value, key: r.key, headers: r.headers });
      if (fetched.nextOffset !== undefined) offset = fetched.nextOffset;
      if (settledAt === undefined && records.length >= expected) settledAt = Date.now() + settleMs;
    }
  } finally {
    await fetcher.close();
  }
  return records;
}
