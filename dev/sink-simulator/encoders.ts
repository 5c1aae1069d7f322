/**
 * Object bodies exactly as the Confluent storage sink writes them (backup-format.md §5), for tests,
 * benchmarks and the sink simulator:
 * - Avro: an Object Container File as Java's DataFileWriter writes it: metadata with both avro.schema
 *   and avro.codec (also for "null"), a random 16-byte sync marker, a block flushed whenever the buffered
 *   datums reach the sync interval (64 000 bytes by default) and one at the end;
 * - JSON / ByteArray: each record followed by the separator (the last one too), optionally one gzip member.
 */
import { randomBytes } from 'crypto';
import * as avro from 'avsc';
import * as snappy from 'snappyjs';
import * as zlib from 'zlib';

export interface AvroObjectOptions {
  readonly codec?: 'null' | 'deflate' | 'snappy';
  /** Bytes of encoded datums after which a block is flushed; Java's default is 64 000. */
  readonly syncInterval?: number;
  /** Fixed sync marker (16 bytes) for reproducible output; random by default, like Java. */
  readonly syncMarker?: Buffer;
}

const MAGIC = Buffer.from('Obj\x01', 'latin1');
const JAVA_DEFAULT_SYNC_INTERVAL = 64000;

/**
 * Longs accept a bigint or a safe-integer number, so values beyond 2^53 can be written exactly.
 * One stateless instance, swapped in for every long (bare or `{"type":"long",…}`) by a type hook:
 * avsc's registry alone would miss the object form, which Connect uses for timestamps.
 */
const exactLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(0),
  toBuffer: (n: bigint | number) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(BigInt(n));
    return buf;
  },
  fromJSON: (v: number | string | bigint) => BigInt(v),
  toJSON: (n: bigint) => (n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString()),
  isValid: (v: unknown) => typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v)),
  compare: (a: bigint | number, b: bigint | number) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0),
});

const longHook = (schema: avro.Schema): avro.Type | undefined => {
  const isLong = schema === 'long' || (typeof schema === 'object' && !Array.isArray(schema) && (schema as { type?: unknown }).type === 'long');
  return isLong ? exactLong : undefined;
};

/** Accepts a schema object, its JSON text, or a bare primitive name ("string"). */
function schemaValue(schema: object | string): unknown {
  if (typeof schema !== 'string') return schema;
  try {
    return JSON.parse(schema);
  } catch {
    return schema; // a bare type name such as string or long
  }
}

export function encodeAvroObject(schema: object | string, values: readonly unknown[], opts: AvroObjectOptions = {}): Buffer {
  const codec = opts.codec ?? 'null';
  const syncInterval = opts.syncInterval ?? JAVA_DEFAULT_SYNC_INTERVAL;
  const sync = opts.syncMarker ?? randomBytes(16);
  if (sync.length !== 16) throw new RangeError('syncMarker must be 16 bytes');
  const parsed = schemaValue(schema);
  const type = avro.Type.forSchema(parsed as avro.Schema, { typeHook: longHook });

  const out: Buffer[] = [MAGIC, encodeMetadata(JSON.stringify(parsed), codec), sync];
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = () => {
    if (pending.length === 0) return;
    const data = compress(codec, Buffer.concat(pending, pendingBytes));
    out.push(zigzag(pending.length), zigzag(data.length), data, sync);
    pending = [];
    pendingBytes = 0;
  };
  for (const value of values) {
    const datum = type.toBuffer(value);
    pending.push(datum);
    pendingBytes += datum.length;
    if (pendingBytes >= syncInterval) flush(); // DataFileWriter.append checks after each datum
  }
  flush();
  return Buffer.concat(out);
}

/** The header's metadata map: one block with avro.schema and avro.codec, then the end marker. */
function encodeMetadata(schemaJson: string, codec: string): Buffer {
  const entries: Array<[string, Buffer]> = [
    ['avro.schema', Buffer.from(schemaJson, 'utf8')],
    ['avro.codec', Buffer.from(codec, 'utf8')],
  ];
  const parts: Buffer[] = [zigzag(entries.length)];
  for (const [key, value] of entries) {
    const k = Buffer.from(key, 'utf8');
    parts.push(zigzag(k.length), k, zigzag(value.length), value);
  }
  parts.push(zigzag(0));
  return Buffer.concat(parts);
}

function compress(codec: 'null' | 'deflate' | 'snappy', data: Buffer): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      return zlib.deflateRawSync(data); // raw RFC 1951, as Java's Deflater(nowrap=true)
    case 'snappy': {
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(zlib.crc32(data) >>> 0);
      return Buffer.concat([snappy.compress(data), crc]);
    }
  }
}

/** Avro zigzag varint of a safe integer. */
export function zigzag(n: number): Buffer {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a safe integer: ${n}`);
  let z = n >= 0 ? n * 2 : -n * 2 - 1;
  const bytes: number[] = [];
  while (z >= 0x80) {
    bytes.push((z % 0x80) | 0x80);
    z = Math.floor(z / 0x80);
  }
  bytes.push(z);
  return Buffer.from(bytes);
}

/** JSON / ByteArray object body: the separator after every record, the last one included. */
export function encodeSeparatedObject(values: readonly Buffer[], separator: Buffer, gzip: boolean): Buffer {
  const parts: Buffer[] = [];
  for (const v of values) parts.push(v, separator);
  const body = Buffer.concat(parts);
  return gzip ? zlib.gzipSync(body) : body; // one gzip member, as GZIPOutputStream writes
}

const BIGINT_MARK = '\u0000lifeboat-bigint:';

/**
 * One compact JSON document, as the sink's JsonConverter (schemas.enable=false) writes a value.
 * A bigint is written as its exact digits, as Jackson writes a Java long.
 */
export function encodeJsonValue(value: unknown): Buffer {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${BIGINT_MARK}${v}` : v));
  if (text === undefined) throw new TypeError('value has no JSON form');
  return Buffer.from(text.replace(/"\\u0000lifeboat-bigint:(-?\d+)"/g, '$1'), 'utf8');
}
