import { Context } from '@temporalio/activity';
import { CancelledFailure } from '@temporalio/common';
import type { Storage } from '@google-cloud/storage';
import { GcsBackupSource } from '../gcs/backup-source';
import type { KafkaClusters } from '../kafka/clients';
import type { Kafka } from 'kafkajs';
import { checkpointTransactionalId, restoreProgressGroup, restoreTransactionalId } from '../../domain/ids';
import { explainCoordinatorFailure } from '../kafka/coordinator-access';
import { installProduceRequestEncoder } from '../kafka/kafkajs-internals';
import type { SchemaRegistryClient } from '../schema-registry/client';
import type { PartitionPosition } from '../../domain/restore-position';
import { restorePartition, type PartitionRestoreJob, type PartitionRestoreResult } from './restore-partition';

export interface RestoreDeps {
  kafka: KafkaClusters;
  storage: Storage;
  registry: SchemaRegistryClient | null;
}

export interface RestorePartitionInput extends PartitionRestoreJob {
  destinationCluster: string;
}

export function createRestoreActivities({ kafka, storage, registry }: RestoreDeps) {
  installProduceRequestEncoder(); // a restore's sends are its hot path: this worker's producers encode them in one pass
  return {
    /**
     * Streams one topic-partition from the bucket into the destination. Long-running: heartbeats its
     * position after every batch (the CLI shows it as progress) and resumes from the committed position.
     */
    async restorePartition(input: RestorePartitionInput): Promise<PartitionRestoreResult> {
      const context = Context.current();
      let lastPosition: PartitionPosition | undefined;
      const client = kafka.client(input.destinationCluster);
      const admin = client.admin();
      try {
        await admin.connect();
        return await restorePartition(input, {
          kafka: client,
          admin,
          source: new GcsBackupSource(storage.bucket(input.settings.bucket), input.settings),
          registry,
          // "Alive, no new position" repeats the last one: a heartbeat's details replace the previous ones, and
          // the CLI's progress reads them.
          progress: (position) => context.heartbeat((lastPosition = position ?? lastPosition)),
          signal: context.cancellationSignal,
          warn: (message) => context.log.warn(message, { topic: input.plan.destinationTopic, partition: input.plan.partition }),
        });
      } catch (err) {
        if (err instanceof CancelledFailure) throw err;
        const cause = (err as Error).name === 'KafkaJSGroupCoordinatorNotFound' ? ((await missingRight(client, input).catch(() => undefined)) ?? err) : err;
        // Name the partition in every failure: kafkajs errors do not, and the operator needs to know which.
        const { plan } = input;
        throw new Error(`${plan.topic}-${plan.partition} → ${plan.destinationTopic}-${plan.partition}: ${(cause as Error).message}`, { cause });
      } finally {
        await admin.disconnect();
      }
    },
  };
}
export type RestoreActivities = ReturnType<typeof createRestoreActivities>;

/** The ACL a coordinator lookup was refused for: the restore's progress group and its transactional ids. */
function missingRight(client: Kafka, input: RestorePartitionInput) {
  const id = restoreTransactionalId(input.restoreId, input.plan.destinationTopic, input.plan.partition);
  return explainCoordinatorFailure(client, { groups: [restoreProgressGroup(input.restoreId)], transactionalIds: [id, checkpointTransactionalId(id)] });
}
