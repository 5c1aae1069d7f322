/**
 * The offset map: for every restored object, where its first record landed on the destination. It is
 * written to a compacted topic on the destination cluster in the same transaction as the records, so it
 * is exactly as durable as the data it describes; consumer-offset translation reads it later.
 */
export const OFFSET_MAP_TOPIC = '_lifeboat-offset-maps';
export const OFFSET_MAP_PARTITIONS = 12;

export interface OffsetMapEntry {
  restoreId: string;
  sourceTopic: string;
  destinationTopic: string;
  partition: number;
  object: string;
  sourceStartOffset: string;
  records: number;
  /** Overlapping records (already restored from the previous object) that were skipped. */
  duplicatesSkipped: number;
  /** Destination offset of the object's first published record; absent when every record was a duplicate. */
  destinationOffset?: string;
  destinationLastOffset?: string;
}

/** All entries of one restored partition share a key prefix and a map partition, so they stay in order. */
export function offsetMapKeyPrefix(restoreId: string, destinationTopic: string, partition: number): string {
  return `${restoreId}/${destinationTopic}/${partition}/`;
}

/**
 * One object's entry: its start offset, then its name. The sink can leave several objects with one start
 * offset (a re-run, §3); keyed by the offset alone, compaction would keep only the last one's entry.
 */
export function offsetMapKey(restoreId: string, destinationTopic: string, partition: number, object: { startOffset: string; name: string }): string {
  return `${offsetMapKeyPrefix(restoreId, destinationTopic, partition)}${object.startOffset}@${object.name}`;
}

export function offsetMapPartition(restoreId: string, destinationTopic: string, partition: number): number {
  const key = offsetMapKeyPrefix(restoreId, destinationTopic, partition);
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % OFFSET_MAP_PARTITIONS;
}
