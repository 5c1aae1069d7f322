import type { ConfiguredDependencies } from '../domain/preflight';
import { withFailureTranslation } from './failures';
import { createGcsActivities, type GcsDeps } from './gcs';
import { createKafkaActivities, type KafkaDeps } from './kafka';
import { createRestoreActivities } from './restore';
import { createSchemaRegistryActivities, type SchemaRegistryDeps } from './schema-registry';

export interface ActivityDeps extends KafkaDeps, GcsDeps, SchemaRegistryDeps {
  /** Buckets checked when a runbook names none. */
  defaultBuckets: string[];
}

/** Every activity Lifeboat registers, built from injected clients; errors translated once (failures.ts). */
export function createActivities(deps: ActivityDeps) {
  return withFailureTranslation({
    ...createKafkaActivities(deps),
    ...createGcsActivities(deps),
    ...createSchemaRegistryActivities(deps),
    ...createRestoreActivities(deps),
    /** What this worker is configured to reach: names only, never addresses with credentials. */
    async describeConfiguredDependencies(): Promise<ConfiguredDependencies> {
      return { clusters: deps.kafka.names(), buckets: deps.defaultBuckets, schemaRegistry: deps.registry !== null };
    },
  });
}
export type Activities = ReturnType<typeof createActivities>;
export type { KafkaActivities } from './kafka';
export type { GcsActivities } from './gcs';
export type { SchemaRegistryActivities } from './schema-registry';
export type { RestoreActivities } from './restore';
