import type { SchemaRegistryCheck } from '../../domain/preflight';
import { checkSchemaRegistry } from './check-registry';
import type { SchemaRegistryClient } from './client';

export interface SchemaRegistryDeps {
  registry: SchemaRegistryClient | null;
}

export function createSchemaRegistryActivities({ registry }: SchemaRegistryDeps) {
  return {
    async checkSchemaRegistry(): Promise<SchemaRegistryCheck> {
      if (!registry) {
        return { kind: 'schema-registry', name: 'schema-registry', url: '', ok: false, error: 'no schema registry is configured' };
      }
      return checkSchemaRegistry(registry);
    },
  };
}
export type SchemaRegistryActivities = ReturnType<typeof createSchemaRegistryActivities>;
