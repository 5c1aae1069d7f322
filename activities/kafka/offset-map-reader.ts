import { randomUUID } from 'node:crypto';
import type { Admin, Kafka } from 'kafkajs';
import { OFFSET_MAP_TOPIC, offsetMapKeyPrefix, offsetMapPartition, type OffsetMapEntry } from '../../domain/offset-map';
import { onePartitionAssigner } from './one-partition-assigner';

/**
 * The offset-map entries one restore left for one destination partition: every object it finished there.
 * Reads the map partition they hash to from its start up to its last stable offset (read_committed), so
 * it costs a scan of that partition; callers use it only when the committed position cannot answer.
 */
export async function readOffsetMapEntries(
  kafka: Kafka,
  admin: Admin,
  target: { restoreId: string; destinationTopic: string; partition: number },
  alive: () => void,
  timeoutMs = 5 * 60_000,
): Promise<OffsetMapEntry[]> {
  const mapPartition = offsetMapPartition(target.restoreId, target.destinationTopic, target.partition);
  const prefix = offsetMapKeyPrefix(target.restoreId, target.destinationTopic, target.partition);
  // The admin lists read_committed offsets: the end is the last stable offset, so another restore's open
  // transaction in the same map partition is not waited for (it cannot hold this restore's entries).
  const bounds = (await admin.fetchTopicOffsets(OFFSET_MAP_TOPIC)).find((o) => o.partition === mapPartition);
  if (!bounds || BigInt(bounds.high) <= BigInt(bounds.low)) return [];
  const last = BigInt(bounds.high) - 1n;

  const groupId = `lifeboat-offset-map-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: false, partitionAssigners: [onePartitionAssigner(OFFSET_MAP_TOPIC, mapPartition)], maxWaitTimeInMs: 250 });
  const entries: OffsetMapEntry[] = [];
  let resolveDone!: () => void;
  let rejectDone!: (err: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((resolveDone = resolve), (rejectDone = reject)));
  const reached = (offset: string | null | undefined) => {
    if (offset !== null && offset !== undefined && BigInt(offset) >= last) resolveDone();
  };
  const timer = setTimeout(
    () => rejectDone(new Error(`reading ${OFFSET_MAP_TOPIC}-${mapPartition} for ${prefix}: did not reach offset ${last} in ${timeoutMs / 1000} s`)),
    timeoutMs,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [OFFSET_MAP_TOPIC], fromBeginning: true });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) rejectDone(event.payload.error);
    });
    // Batches of only aborted records or transaction markers are not handed to eachBatch; this event still
    // reports how far the reader got, so the end is noticed even when the last offsets are markers.
    consumer.on(consumer.events.END_BATCH_PROCESS, (event) => {
      if (event.payload.partition === mapPartition) reached(event.payload.lastOffset);
    });
    await consumer.run({
      autoCommit: false, // a one-off scan: nothing to resume from later
      eachBatch: async ({ batch }) => {
        if (batch.partition !== mapPartition) return;
        for (const message of batch.messages) {
          if (message.value && message.key?.toString().startsWith(prefix)) entries.push(JSON.parse(message.value.toString()) as OffsetMapEntry);
        }
        alive();
        reached(batch.lastOffset());
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
  }
  return entries;
}
