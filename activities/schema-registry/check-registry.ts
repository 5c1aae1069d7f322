import type { SchemaRegistryCheck } from '../../domain/preflight';
import type { SchemaRegistryClient } from './client';

export async function checkSchemaRegistry(registry: SchemaRegistryClient): Promise<SchemaRegistryCheck> {
  const base = { kind: 'schema-registry' as const, name: 'schema-registry', url: registry.url };
  try {
    const [subjects, compatibility] = await Promise.all([registry.subjects(), registry.compatibility()]);
    return { ...base, ok: true, subjects: subjects.length, compatibility };
  } catch (err) {
    return { ...base, ok: false, error: (err as Error).message };
  }
}
