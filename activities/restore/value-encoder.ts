import type { BackupFormat } from '../../domain/restore-settings/types';
import type { ValueSerializer } from '../../domain/restore-request';
import type { SchemaRegistryClient } from '../schema-registry/client';
import { DependencyError, MalformedBackupObjectError } from '../../domain/errors';

/** Turns stored record bytes into the bytes to publish. One per object: Avro objects each carry their own schema. */
export type RecordEncoder = (stored: Buffer) => Buffer;

const identity: RecordEncoder = (stored) => stored;

/**
 * JSON and ByteArray objects hold the original value bytes: published as stored. Avro objects hold bare
 * Avro datums: published as they are (`avro`) or in the Confluent wire format — magic byte 0, the 4-byte
 * schema id of the object's writer schema registered under `<topic>-value` (or `-key`), then the datum.
 */
export async function encoderForObject(options: {
  format: BackupFormat;
  serializer: ValueSerializer;
  writerSchema: string | null;
  registry: SchemaRegistryClient | null;
  subject: string;
  objectName: string;
}): Promise<RecordEncoder> {
  if (options.format !== 'avro' || options.serializer === 'avro') return identity;
  if (!options.registry) {
    throw new DependencyError('schema registry', 'value serializer schema-registry needs a configured schemaRegistry.url', false);
  }
  if (!options.writerSchema) throw new MalformedBackupObjectError(options.objectName, 0, 'Avro object without a writer schema');
  const id = await options.registry.register(options.subject, options.writerSchema);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt8(0, 0);
  prefix.writeInt32BE(id, 1);
  return (stored) => Buffer.concat([prefix, stored], 5 + stored.length);
}
