import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ConsumedRecord {
  offset: string;
  timestamp: string;
  value: Buffer | null;
  key: Buffer | null;
  headers: Record<string, unknown>;
}

/**
 * Reads the committed records of one partition from the start (read_committed), in order: at least
 * `expected`, then keeps listening `settleMs` so that any record beyond what was expected shows up too.
 * Dev/test tooling (drills and tests compare whole partitions); the product streams, it never collects.
 */
export async function readPartition(
  kafka: Kafka,
  topic: string,
  partition: number,
  expected: number,
  timeoutMs = 60_000,
  settleMs = 1_000,
): Promise<ConsumedRecord[]> {
  const consumer = kafka.consumer({ groupId: `lifeboat-reader-${randomUUID()}`, readUncommitted: false });
  const records: ConsumedRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`read ${records.length}/${expected} records of ${topic}-${partition} in ${timeoutMs} ms`)), timeoutMs);
      if (expected === 0) {
        clearTimeout(timer);
        setTimeout(resolve, settleMs);
      }
      consumer
        .run({
          eachMessage: async ({ partition: p, message }) => {
            if (p !== partition) return;
            records.push({ offset: message.offset, timestamp: message.timestamp, value: message.value, key: message.key, headers: message.headers ?? {} });
            if (records.length === expected) {
              clearTimeout(timer);
              setTimeout(resolve, settleMs);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return records;
}
