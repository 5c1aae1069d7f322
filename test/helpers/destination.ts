import type { SchemaRegistryClient } from '../../activities/schema-registry/client';
import { decodeAvroDatum } from '../../formats';

/** Decodes a Confluent wire-format value (magic 0, 4-byte schema id, Avro datum) with the registry's schema. */
export async function decodeWireFormat(registry: SchemaRegistryClient, value: Buffer): Promise<{ schemaId: number; value: unknown }> {
  if (value[0] !== 0) throw new Error(`not Confluent wire format: first byte ${value[0]}`);
  const schemaId = value.readInt32BE(1);
  const { schema } = await registry.schemaById(schemaId);
  return { schemaId, value: decodeAvroDatum(schema!, value.subarray(5)) };
}

/** JSON-comparable form of decoded Avro values (bigint longs → strings). */
export function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}
