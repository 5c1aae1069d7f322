import type { Bucket } from '@google-cloud/storage';
import type { Kafka } from 'kafkajs';
import { encodeSinkFile, planSinkFiles, uploadObjects, type SimRecord, type SinkSimulatorConfig } from '../sink-simulator';
import { readPartition } from '../kafka-records';
import { ORDER_SCHEMA, datumOf, decodeOrder } from './sample-data';

export interface DrillBackup {
  objects: number;
  /** Per partition, the records the sink committed (the tail since its last rotation stays in its open files). */
  committed: Map<number, SimRecord[]>;
  uncommitted: number;
}

/**
 * Plays the Confluent GCS sink: reads the source topic and writes exactly what the sink would (same names,
 * rotation and Avro bodies) into the bucket. Dev tooling for the local drill; production backups come from
 * the real connector.
 */
export async function backUpTopic(
  kafka: Kafka,
  bucket: Bucket,
  topic: string,
  partitions: number,
  perPartition: number,
  sink: SinkSimulatorConfig,
): Promise<DrillBackup> {
  const inputs = [];
  for (let partition = 0; partition < partitions; partition++) {
    const records = await readPartition(kafka, topic, partition, perPartition, 120_000, 200);
    inputs.push({
      topic,
      partition,
      valueSchema: ORDER_SCHEMA,
      records: records.map((r) => ({ offset: BigInt(r.offset), timestamp: Number(r.timestamp), value: decodeOrder(datumOf(r.value!)) })),
    });
  }
  const plan = planSinkFiles(sink, inputs);
  const objects = plan.files.flatMap((f) => encodeSinkFile(sink, f));
  await uploadObjects(bucket, objects);
  const committed = new Map<number, SimRecord[]>();
  for (const file of plan.files) committed.set(file.partition, [...(committed.get(file.partition) ?? []), ...file.records]);
  for (const records of committed.values()) records.sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  return { objects: plan.files.length, committed, uncommitted: plan.uncommitted.reduce((n, u) => n + u.offsets.length, 0) };
}
