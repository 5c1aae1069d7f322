import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { OFFSET_MAP_TOPIC, offsetMapPartition, type OffsetMapEntry } from '../../domain/offset-map';

/**
 * Reads the offset-map entries one restored partition left in the compacted map topic (read_committed):
 * at least `expected`, then a moment more so that extra entries would show up too.
 */
export async function readOffsetMap(kafka: Kafka, keyPrefix: string, restoreId: string, destinationTopic: string, partition: number, expected: number): Promise<OffsetMapEntry[]> {
  const mapPartition = offsetMapPartition(restoreId, destinationTopic, partition);
  const consumer = kafka.consumer({ groupId: `lifeboat-map-reader-${randomUUID()}`, readUncommitted: false });
  const entries: OffsetMapEntry[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [OFFSET_MAP_TOPIC], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`found ${entries.length}/${expected} offset-map entries under ${keyPrefix}`)), 30_000);
      consumer
        .run({
          eachMessage: async ({ partition: p, message }) => {
            if (p !== mapPartition || !message.key?.toString().startsWith(keyPrefix)) return;
            entries.push(JSON.parse(message.value!.toString()) as OffsetMapEntry);
            if (entries.length === expected) {
              clearTimeout(timer);
              setTimeout(resolve, 1_000);
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return entries;
}
