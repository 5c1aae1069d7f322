import { logLevel } from 'kafkajs';
import type { LifeboatConfig } from '../../config/schema';
import { createStorage } from '../../activities/gcs/storage';
import { KafkaClusters } from '../../activities/kafka/clients';
import { SchemaRegistryClient } from '../../activities/schema-registry/client';
import { backupSettingsFromProperties } from '../../domain/restore-settings';
import type { RestoreReport } from '../../domain/restore-report';
import type { RestoreRequest } from '../../domain/restore-request';
import { sinkConfigFromSettings } from '../sink-simulator';
import { backUpTopic } from './backup';
import { compareRestored, type PartitionComparison } from './compare';
import { produceSampleOrders } from './sample-data';

export interface LocalDrillOptions {
  partitions: number;
  recordsPerPartition: number;
  flushSize: number;
  log: (line: string) => void;
  /** Runs the restore runbook (through Temporal) and returns its report and Web UI link. */
  restore: (request: RestoreRequest) => Promise<{ report: RestoreReport; uiUrl: string }>;
}

export interface LocalDrillResult {
  topic: string;
  produced: number;
  backedUp: number;
  heldBySink: number;
  objects: number;
  report: RestoreReport;
  uiUrl: string;
  comparison: PartitionComparison[];
  ok: boolean;
}

/**
 * The local stack's restore drill, end to end: produce orders to the source cluster, back them up into the
 * GCS emulator exactly as the Confluent GCS sink would (Avro, hourly folders, flush.size rotation), restore
 * them into the destination cluster with the restore runbook, and compare every record.
 */
export async function runLocalDrill(config: LifeboatConfig, options: LocalDrillOptions): Promise<LocalDrillResult> {
  const stamp = new Date().toISOString().replace(/[-:.]/g, '').toLowerCase();
  const topic = `drill-orders-${stamp}`;
  // Errors reach the drill as exceptions; kafkajs's own retry chatter would only clutter the terminal.
  const kafka = new KafkaClusters(config.clusters, { clientId: 'lifeboat-drill', logLevel: logLevel.NOTHING });
  const registry = new SchemaRegistryClient(config.schemaRegistry!.url);
  const bucketName = config.gcs.buckets[0];
  const settings = backupSettingsFromProperties({
    'gcs.bucket.name': bucketName,
    'topics.dir': `drills/${stamp}/topics`,
    'format.class': 'io.confluent.connect.gcs.format.avro.AvroFormat',
    'partitioner.class': 'io.confluent.connect.storage.partitioner.HourlyPartitioner',
    locale: 'en',
    timezone: 'UTC',
    'tasks.max': String(options.partitions),
  });

  const source = kafka.client('source');
  const admin = source.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: options.partitions, replicationFactor: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const produced = options.partitions * options.recordsPerPartition;
  await produceSampleOrders(source, registry, topic, options.partitions, options.recordsPerPartition, Date.UTC(2026, 0, 1));
  options.log(`1/4 produced ${produced} orders to ${topic} on the source cluster (${options.partitions} partitions)`);

  const bucket = createStorage(config.gcs).bucket(bucketName);
  const backup = await backUpTopic(source, bucket, topic, options.partitions, options.recordsPerPartition, sinkConfigFromSettings(settings, { flushSize: options.flushSize, avroCodec: 'deflate' }));
  const backedUp = [...backup.committed.values()].reduce((n, r) => n + r.length, 0);
  options.log(`2/4 backed up ${backedUp} records as ${backup.objects} objects in gs://${bucketName}/${settings.topicsDir} (sink layout; ${backup.uncommitted} records still in the sink's open files)`);

  const { report, uiUrl } = await options.restore({
    restoreId: `drill-${stamp}`,
    restoreIdIsNew: true,
    backup: settings,
    destinationCluster: 'destination',
    delivery: 'exactly-once',
    valueSerializer: 'schema-registry',
    createTopics: { replicationFactor: 1 },
  });
  options.log(`3/4 restored ${report.totals.records} records into ${topic} on the destination cluster`);

  const comparison = await compareRestored(kafka.client('destination'), registry, topic, backup.committed);
  const ok = report.verified && comparison.every((c) => c.firstMismatch === -1 && c.restored === c.expected);
  options.log(`4/4 compared every record: ${ok ? 'identical, in order' : 'DIFFERENCES FOUND'}`);
  await kafka.close();
  return { topic, produced, backedUp, heldBySink: backup.uncommitted, objects: backup.objects, report, uiUrl, comparison, ok };
}
