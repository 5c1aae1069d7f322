import type { Admin, Kafka } from 'kafkajs';
import { OFFSET_MAP_TOPIC, offsetMapKeyPrefix, offsetMapPartition, type OffsetMapEntry } from '../../domain/offset-map';
import { CommittedOffsetFetcher } from './committed-offset-fetcher';

const FETCH = { maxBytes: 2 << 20, maxWaitMs: 250 };

/**
 * The offset-map entries one restore left for one destination partition: every object it finished there.
 * Reads the map partition they hash to from its start up to its last stable offset (read_committed), so
 * it costs a scan of that partition; callers use it only when the committed position cannot answer. It
 * fetches from the leader itself (committed-offset-fetcher.ts): no consumer group to join or delete.
 */
export async function readOffsetMapEntries(
  kafka: Kafka,
  admin: Admin,
  target: { restoreId: string; destinationTopic: string; partition: number },
  alive: () => void,
  retrying?: (err: Error) => void,
  timeoutMs = 5 * 60_000,
): Promise<OffsetMapEntry[]> {
  const mapPartition = offsetMapPartition(target.restoreId, target.destinationTopic, target.partition);
  const prefix = offsetMapKeyPrefix(target.restoreId, target.destinationTopic, target.partition);
  // The admin lists read_committed offsets: the end is the last stable offset, so another restore's open
  // transaction in the same map partition is not waited for (it cannot hold this restore's entries).
  const bounds = (await admin.fetchTopicOffsets(OFFSET_MAP_TOPIC)).find((o) => o.partition === mapPartition);
  if (!bounds || BigInt(bounds.high) <= BigInt(bounds.low)) return [];
  const last = BigInt(bounds.high) - 1n;

  // By key, the latest value winning: what compaction leaves, whether or not it has run yet (an
  // at-least-once replay writes a finished object's entry again).
  const entries = new Map<string, OffsetMapEntry>();
  const deadline = Date.now() + timeoutMs;
  const fetcher = await CommittedOffsetFetcher.connect(kafka, OFFSET_MAP_TOPIC, mapPartition);
  try {
    let offset = BigInt(bounds.low);
    while (offset <= last) {
      if (Date.now() > deadline) throw new Error(`reading ${OFFSET_MAP_TOPIC}-${mapPartition} for ${prefix}: did not reach offset ${last} in ${timeoutMs / 1000} s`);
      const fetched = await fetcher.fetchRecords(offset, FETCH, { deadline, onRetry: retrying });
      for (const record of fetched.records) {
        const key = record.key?.toString();
        if (record.value && key?.startsWith(prefix)) entries.set(key, JSON.parse(record.value.toString()) as OffsetMapEntry);
      }
      alive();
      if (fetched.nextOffset !== undefined) offset = fetched.nextOffset;
    }
  } finally {
    await fetcher.close();
  }
  return [...entries.values()];
}
