import type { Kafka } from 'kafkajs';
import type { SchemaRegistryClient } from '../../activities/schema-registry/client';
import type { SimRecord } from '../sink-simulator';
import { readPartition } from '../kafka-records';
import { decodeOrder } from './sample-data';

export interface PartitionComparison {
  partition: number;
  expected: number;
  restored: number;
  /** Index of the first record that differs (value or order), or -1. */
  firstMismatch: number;
}

/** Reads each restored partition and compares it, record by record and in order, with what the backup held. */
export async function compareRestored(
  kafka: Kafka,
  registry: SchemaRegistryClient,
  topic: string,
  committed: Map<number, SimRecord[]>,
): Promise<PartitionComparison[]> {
  const results: PartitionComparison[] = [];
  for (const [partition, expected] of [...committed.entries()].sort((a, b) => a[0] - b[0])) {
    const restored = await readPartition(kafka, topic, partition, expected.length, 120_000, 1_000);
    const decoded = await Promise.all(
      restored.map(async (r) => {
        const id = r.value!.readInt32BE(1);
        await registry.schemaById(id); // the value's schema id must resolve in the registry
        return decodeOrder(r.value!.subarray(5));
      }),
    );
    const firstMismatch = expected.findIndex((e, i) => JSON.stringify(e.value) !== JSON.stringify(decoded[i]));
    results.push({
      partition,
      expected: expected.length,
      restored: restored.length,
      firstMismatch: restored.length > expected.length && firstMismatch === -1 ? expected.length : firstMismatch,
    });
  }
  return results;
}
