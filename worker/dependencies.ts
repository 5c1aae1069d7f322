import type { Storage } from '@google-cloud/storage';
import type { Logger } from '@temporalio/worker';
import { createStorage, storageEndpoint } from '../activities/gcs/storage';
import { KafkaClusters } from '../activities/kafka/clients';
import { SchemaRegistryClient } from '../activities/schema-registry/client';
import type { ActivityDeps } from '../activities';
import { assertSecretsResolvable, resolveSecret } from '../config/secrets';
import type { LifeboatConfig } from '../config/schema';
import { kafkaLogCreator } from './logging';

/**
 * Builds every client the activities use from the configuration. Secret references are resolved here,
 * on the worker, and only here: runbooks carry names.
 */
export function createDependencies(config: LifeboatConfig, logger?: Logger): ActivityDeps & { close(): Promise<void> } {
  assertSecretsResolvable(config);
  const kafka = new KafkaClusters(config.clusters, { logCreator: logger ? kafkaLogCreator(logger) : undefined });
  const storage: Storage = createStorage(config.gcs);
  const sr = config.schemaRegistry;
  const registry = sr
    ? new SchemaRegistryClient(
        sr.url,
        sr.basicAuth && { username: sr.basicAuth.username, password: resolveSecret(sr.basicAuth.password, 'schemaRegistry.basicAuth.password') },
      )
    : null;
  return {
    kafka,
    storage,
    storageEndpoint: storageEndpoint(config.gcs),
    registry,
    defaultBuckets: config.gcs.buckets,
    close: async () => kafka.close(),
  };
}
