/**
 * Decodes Avro datums to plain JS values, for verification and drills (the restore itself publishes
 * raw bytes and never needs this). Representation, chosen so nothing is lost:
 * - long → bigint (always, so 2^53+ survives and the type does not depend on the magnitude);
 * - int, float, double → number; boolean → boolean; null → null;
 * - string → string; bytes and fixed → Buffer (a copy); enum → its symbol;
 * - record → object keyed by field name; map → object keyed by map key (both null-prototype, so a
 *   key such as "__proto__" is data, not a prototype change);
 * - array → array; union → the value of the branch taken (not wrapped).
 */
import { AvroDatumError, type Cursor, need, pastEnd, readBigLong, readInt, readSafeLong } from './avro-cursor';
import { type WalkableType, encodingOf, minEncodedSize, parseAvroSchema } from './avro-schema';
import { checkCount } from './avro-skip';

export type DatumDecoder = (c: Cursor) => unknown;
export { AvroDatumError };

export function compileDecoder(root: WalkableType): DatumDecoder {
  const memo = new Map<WalkableType, DatumDecoder>();

  const readLength = (c: Cursor): number => {
    const start = c.pos;
    const len = readSafeLong(c);
    if (len < 0) throw new AvroDatumError(`negative length ${len} at offset ${start}`);
    if (c.end - c.pos < len) throw pastEnd(c, len);
    return len;
  };

  const build = (t: WalkableType): DatumDecoder => {
    const type = encodingOf(t);
    const known = memo.get(type);
    if (known) return known;
    switch (type.typeName) {
      case 'null':
        return () => null;
      case 'boolean':
        return (c) => {
          need(c, 1);
          return c.buf[c.pos++] !== 0;
        };
      case 'int':
        return readInt;
      case 'long':
      case 'abstract:long':
        return readBigLong;
      case 'float':
        return (c) => {
          need(c, 4);
          c.pos += 4;
          return c.buf.readFloatLE(c.pos - 4);
        };
      case 'double':
        return (c) => {
          need(c, 8);
          c.pos += 8;
          return c.buf.readDoubleLE(c.pos - 8);
        };
      case 'string':
        return (c) => {
          const len = readLength(c);
          c.pos += len;
          return c.buf.toString('utf8', c.pos - len, c.pos);
        };
      case 'bytes':
        return (c) => {
          const len = readLength(c);
          c.pos += len;
          return Buffer.from(c.buf.subarray(c.pos - len, c.pos));
        };
      case 'fixed': {
        const size = type.size ?? 0;
        return (c) => {
          need(c, size);
          c.pos += size;
          return Buffer.from(c.buf.subarray(c.pos - size, c.pos));
        };
      }
      case 'enum': {
        const symbols = type.symbols ?? [];
        return (c) => {
          const start = c.pos;
          const i = readSafeLong(c);
          if (i < 0 || i >= symbols.length) {
            throw new AvroDatumError(`enum index ${i} at offset ${start} out of range (${symbols.length} symbols)`);
          }
          return symbols[i];
        };
      }
      case 'record':
      case 'error': {
        let fields: Array<[string, DatumDecoder]> = [];
        const decodeRecord: DatumDecoder = (c) => {
          const out: Record<string, unknown> = Object.create(null);
          for (const [name, decode] of fields) out[name] = decode(c);
          return out;
        };
        memo.set(type, decodeRecord); // before the fields: recursive references resolve here
        fields = (type.fields ?? []).map((f) => [f.name, build(f.type)]);
        return decodeRecord;
      }
      case 'union:wrapped':
      case 'union:unwrapped': {
        let branches: DatumDecoder[] = [];
        const decodeUnion: DatumDecoder = (c) => {
          const start = c.pos;
          const i = readSafeLong(c);
          if (i < 0 || i >= branches.length) {
            throw new AvroDatumError(`union branch index ${i} at offset ${start} out of range (union has ${branches.length} branches)`);
          }
          return branches[i](c);
        };
        memo.set(type, decodeUnion);
        branches = (type.types ?? []).map(build);
        return decodeUnion;
      }
      case 'array': {
        const item = build(type.itemsType as WalkableType);
        const min = minEncodedSize(type.itemsType as WalkableType);
        return (c) => {
          const out: unknown[] = [];
          readBlocks(c, min, 'array item', () => out.push(item(c)));
          return out;
        };
      }
      case 'map': {
        const value = build(type.valuesType as WalkableType);
        const min = 1 + minEncodedSize(type.valuesType as WalkableType);
        return (c) => {
          const out: Record<string, unknown> = Object.create(null);
          readBlocks(c, min, 'map entry', () => {
            const len = readLength(c);
            c.pos += len;
            const key = c.buf.toString('utf8', c.pos - len, c.pos);
            out[key] = value(c);
          });
          return out;
        };
      }
      default:
        throw new Error(`unsupported Avro type ${type.typeName}`);
    }
  };
  return build(root);
}

function readBlocks(c: Cursor, minItemSize: number, what: string, readItem: () => void): void {
  for (;;) {
    const countAt = c.pos;
    let count = readSafeLong(c);
    if (count === 0) return;
    if (count < 0) {
      count = -count;
      readSafeLong(c); // byte size: only useful for skipping, and the items are read anyway
    }
    checkCount(c, count, minItemSize, `${what} (block at offset ${countAt})`);
    for (let i = 0; i < count; i++) readItem();
  }
}

const decoderCache = new Map<string, DatumDecoder>();
const DECODER_CACHE_LIMIT = 64;

/**
 * Decodes one datum's bytes with the given writer schema. Throws AvroDatumError when the bytes do not
 * hold exactly one datum of that schema (malformed, or bytes left over).
 */
export function decodeAvroDatum(schema: string | object, bytes: Buffer): unknown {
  const key = typeof schema === 'string' ? schema : JSON.stringify(schema);
  let decode = decoderCache.get(key);
  if (!decode) {
    decode = compileDecoder(parseAvroSchema(schema));
    if (decoderCache.size >= DECODER_CACHE_LIMIT) decoderCache.clear();
    decoderCache.set(key, decode);
  }
  const c: Cursor = { buf: bytes, pos: 0, end: bytes.length };
  const value = decode(c);
  if (c.pos !== c.end) throw new AvroDatumError(`${c.end - c.pos} byte(s) left after the datum`);
  return value;
}
