/**
 * The sink's TopicPartitionWriter rotation (backup-format.md §3), without encoding: one writer per
 * topic-partition holding one open file per encoded partition. Per record, in order: a value-schema
 * change (schema.compatibility=NONE) or record-time rotation (rotate.interval.ms with a time-based
 * partitioner, also on an encoded-partition change) commits all open files before the record is
 * written; after writing, recordCount across all open files ≥ flush.size commits them all.
 * Records left open at the end are reported as uncommitted, as the tail of a real backup is.
 */
import { formatObjectKey } from '../../domain/backup-layout/object-key';
import { partitionerLayout } from '../../domain/backup-layout/partitioners';
import type { SimTopicPartition, SinkFile, SinkPlan, SinkSimulatorConfig, SimRecord } from './types';

export function valueExtension(config: SinkSimulatorConfig): string {
  const gz = config.gzip ? '.gz' : '';
  if (config.format === 'avro') return '.avro'; // compression happens inside the container
  if (config.format === 'json') return `.json${gz}`;
  return `${config.byteArrayExtension ?? '.bin'}${gz}`;
}

export function planSinkFiles(config: SinkSimulatorConfig, inputs: readonly SimTopicPartition[]): SinkPlan {
  if (!(config.flushSize >= 1)) throw new RangeError('flushSize must be at least 1');
  const naming = {
    topicsDir: config.topicsDir ?? 'topics',
    directoryDelim: config.directoryDelim ?? '/',
    fileDelim: config.fileDelim ?? '+',
    zeroPadWidth: config.zeroPadWidth ?? 10,
  };
  const layout = partitionerLayout({ partitioner: config.partitioner, directoryDelim: naming.directoryDelim });
  const extension = valueExtension(config);
  const timeRotation = (config.rotateIntervalMs ?? -1) > 0 && config.partitioner.kind === 'time';
  const plan: SinkPlan = { files: [], uncommitted: [] };

  for (const tp of inputs) {
    const open = new Map<string, SinkFile>();
    let recordCount = 0;
    let baseTimestamp: number | undefined;
    let currentEncoded: string | undefined;
    let currentSchema: string | undefined;
    let lastOffset: bigint | undefined;
    const commit = (): void => {
      plan.files.push(...open.values());
      open.clear();
      recordCount = 0;
      baseTimestamp = undefined;
    };

    for (const record of tp.records) {
      const offset = BigInt(record.offset);
      if (lastOffset !== undefined && offset <= lastOffset) {
        throw new RangeError(`${tp.topic}-${tp.partition}: offsets must increase (${offset} after ${lastOffset})`);
      }
      lastOffset = offset;
      if (record.value === null || record.value === undefined) {
        if (config.nullValues === 'ignore') continue; // a gap in the backup, as with the real sink
        throw new Error(`${tp.topic}-${tp.partition}@${offset}: null value and behavior.on.null.values=fail`);
      }
      const schema = record.schema ?? tp.valueSchema;
      if (config.format === 'avro' && schema === undefined)
        throw new Error(`${tp.topic}-${tp.partition}@${offset}: Avro needs a value schema`);
      const schemaKey = schema === undefined ? undefined : JSON.stringify(schema);
      const encoded = layout.encode({
        kafkaPartition: tp.partition,
        timestampMs: record.timestamp,
        value: record.value,
      });

      const schemaChanged = recordCount > 0 && schemaKey !== currentSchema;
      const timeUp =
        timeRotation &&
        recordCount > 0 &&
        (record.timestamp - (baseTimestamp ?? record.timestamp) >= config.rotateIntervalMs! ||
          encoded !== currentEncoded);
      if (schemaChanged || timeUp) commit();

      baseTimestamp ??= record.timestamp;
      currentSchema = schemaKey;
      currentEncoded = encoded;
      let file = open.get(encoded);
      if (!file) {
        file = {
          key: formatObjectKey(naming, {
            topic: tp.topic,
            partition: tp.partition,
            startOffset: offset,
            encodedPartition: encoded,
            extension,
          }),
          topic: tp.topic,
          partition: tp.partition,
          encodedPartition: encoded,
          startOffset: offset,
          records: [] as SimRecord[],
          ...(schema !== undefined && { valueSchema: schema }),
          ...(tp.keySchema !== undefined && { keySchema: tp.keySchema }),
        };
        open.set(encoded, file);
      }
      file.records.push(record);
      recordCount++;
      if (recordCount >= config.flushSize) commit();
    }
    const pending = [...open.values()].flatMap((f) => f.records.map((r) => BigInt(r.offset)));
    if (pending.length > 0)
      plan.uncommitted.push({
        topic: tp.topic,
        partition: tp.partition,
        offsets: pending.sort((a, b) => (a < b ? -1 : 1)),
      });
  }
  return plan;
}
