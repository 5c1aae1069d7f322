/**
 * Encodes committed files into object bodies with the shared encoders (§5): Avro containers, or
 * separator-framed JSON / ByteArray with optional gzip; plus S3-style `.keys.avro` / `.headers.avro`
 * companions, which (like the sink) refuse a null key or missing headers rather than misalign.
 */
import { encodeAvroObject, encodeJsonValue, encodeSeparatedObject } from './encoders';
import { valueExtension } from './rotation';
import type { SinkFile, SinkObject, SinkSimulatorConfig } from './types';

/**
 * Header view: array<struct{key: string, value: string}> converted by AvroData. The exact record
 * name the sink gives the unnamed struct is ConnectDefault per AvroData's rules (§5.1, §5.4).
 */
const HEADERS_SCHEMA = {
  type: 'array',
  items: {
    type: 'record',
    name: 'ConnectDefault',
    namespace: 'io.confluent.connect.avro',
    fields: [
      { name: 'key', type: 'string' },
      { name: 'value', type: ['null', 'string'], default: null },
    ],
  },
};

export function encodeSinkFile(config: SinkSimulatorConfig, file: SinkFile): SinkObject[] {
  const avroOpts = {
    codec: config.avroCodec ?? 'null',
    ...(config.syncMarker && { syncMarker: config.syncMarker }),
  } as const;
  const values = file.records.map((r) => r.value);
  let body: Buffer;
  if (config.format === 'avro') {
    body = encodeAvroObject(file.valueSchema!, values, avroOpts);
  } else if (config.format === 'json') {
    const lines = values.map((v) => (Buffer.isBuffer(v) ? v : encodeJsonValue(v)));
    // JsonFormat frames by "\n"; compact JSON escapes newlines, so a raw one means a bad fixture.
    if (lines.some((l) => l.includes(0x0a))) throw new Error(`${file.key}: a JSON value contains a raw newline`);
    body = encodeSeparatedObject(lines, Buffer.from('\n'), config.gzip ?? false);
  } else {
    if (!values.every((v) => Buffer.isBuffer(v))) throw new Error(`${file.key}: ByteArray values must be Buffers`);
    body = encodeSeparatedObject(
      values as Buffer[],
      config.byteArraySeparator ?? Buffer.from('\n'),
      config.gzip ?? false,
    );
  }
  const objects: SinkObject[] = [{ key: file.key, body }];
  const stem = file.key.slice(0, file.key.length - valueExtension(config).length);

  if (config.storeKeys) {
    if (file.keySchema === undefined) throw new Error(`${file.key}: storeKeys needs a keySchema`);
    const keys = file.records.map((r) => {
      if (r.key === null || r.key === undefined)
        throw new Error(`${file.key}@${r.offset}: null key with store.kafka.keys=true`);
      return r.key;
    });
    objects.push({ key: `${stem}.keys.avro`, body: encodeAvroObject(file.keySchema, keys, avroOpts) });
  }
  if (config.storeHeaders) {
    const headers = file.records.map((r) => {
      if (!r.headers || r.headers.length === 0)
        throw new Error(`${file.key}@${r.offset}: no headers with store.kafka.headers=true`);
      return r.headers.map((h) => ({ key: h.key, value: h.value }));
    });
    objects.push({ key: `${stem}.headers.avro`, body: encodeAvroObject(HEADERS_SCHEMA, headers, avroOpts) });
  }
  return objects;
}
