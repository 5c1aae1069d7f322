/**
 * Finds where each datum ends without building its value: the container reader slices the exact
 * stored bytes of every record, so it only needs boundaries. Skipping never decodes a long (no
 * precision can be lost) but still checks what would make a datum unreadable by a consumer:
 * union and enum indexes, lengths, and the block end.
 */
import { AvroDatumError, type Cursor, need, pastEnd, readSafeLong, skipVarint } from './avro-cursor';
import { type WalkableType, encodingOf, minEncodedSize } from './avro-schema';

export type Skipper = (c: Cursor) => void;

/** Above this many zero-width items (e.g. an array of nulls) in one run a count is taken as corrupt. */
const MAX_ZERO_WIDTH_ITEMS = 1 << 24;

/** Throws when `count` items of at least `minSize` bytes each cannot fit before the block end. */
export function checkCount(c: Cursor, count: number, minSize: number, what: string): void {
  const fits = minSize > 0 ? count <= (c.end - c.pos) / minSize : count <= MAX_ZERO_WIDTH_ITEMS;
  if (!fits) {
    throw new AvroDatumError(`${what} count ${count} at offset ${c.pos} cannot fit in the ${c.end - c.pos} bytes left`);
  }
}

const skipNull: Skipper = () => {};
const skipBoolean: Skipper = (c) => {
  need(c, 1);
  c.pos += 1;
};
const skipInt: Skipper = (c) => skipVarint(c, 5);
const skipLong: Skipper = (c) => skipVarint(c, 10);
const skipFloat: Skipper = (c) => {
  need(c, 4);
  c.pos += 4;
};
const skipDouble: Skipper = (c) => {
  need(c, 8);
  c.pos += 8;
};
/** string and bytes: a length then that many bytes. */
const skipBytes: Skipper = (c) => {
  const start = c.pos;
  const len = readSafeLong(c);
  if (len < 0) throw new AvroDatumError(`negative length ${len} at offset ${start}`);
  if (c.end - c.pos < len) throw pastEnd(c, len);
  c.pos += len;
};

/** Compiles a skipper for a parsed schema; recursive named types share one compiled function. */
export function compileSkipper(root: WalkableType): Skipper {
  const memo = new Map<WalkableType, Skipper>();

  const build = (t: WalkableType): Skipper => {
    const type = encodingOf(t);
    const known = memo.get(type);
    if (known) return known;
    switch (type.typeName) {
      case 'null':
        return skipNull;
      case 'boolean':
        return skipBoolean;
      case 'int':
        return skipInt;
      case 'long':
      case 'abstract:long':
        return skipLong;
      case 'float':
        return skipFloat;
      case 'double':
        return skipDouble;
      case 'string':
      case 'bytes':
        return skipBytes;
      case 'fixed': {
        const size = type.size ?? 0;
        return (c) => {
          need(c, size);
          c.pos += size;
        };
      }
      case 'enum': {
        const n = type.symbols?.length ?? 0;
        return (c) => {
          const start = c.pos;
          const i = readSafeLong(c);
          if (i < 0 || i >= n) throw new AvroDatumError(`enum index ${i} at offset ${start} out of range (${n} symbols)`);
        };
      }
      case 'record':
      case 'error':
        return buildRecord(type);
      case 'union:wrapped':
      case 'union:unwrapped':
        return buildUnion(type);
      case 'array': {
        const item = build(type.itemsType as WalkableType);
        const min = minEncodedSize(type.itemsType as WalkableType);
        return (c) => skipBlocks(c, min, 'array item', item);
      }
      case 'map': {
        const value = build(type.valuesType as WalkableType);
        const min = 1 + minEncodedSize(type.valuesType as WalkableType);
        return (c) =>
          skipBlocks(c, min, 'map entry', (cc) => {
            skipBytes(cc);
            value(cc);
          });
      }
      default:
        throw new Error(`unsupported Avro type ${type.typeName}`);
    }
  };

  const buildRecord = (type: WalkableType): Skipper => {
    let fields: Skipper[] = [];
    const skipRecord: Skipper = (c) => {
      for (let i = 0; i < fields.length; i++) fields[i](c);
    };
    memo.set(type, skipRecord); // before the fields, so a recursive reference finds this function
    fields = (type.fields ?? []).map((f) => build(f.type));
    return skipRecord;
  };

  const buildUnion = (type: WalkableType): Skipper => {
    let branches: Skipper[] = [];
    const skipUnion: Skipper = (c) => {
      const start = c.pos;
      const i = readSafeLong(c);
      if (i < 0 || i >= branches.length) {
        throw new AvroDatumError(`union branch index ${i} at offset ${start} out of range (union has ${branches.length} branches)`);
      }
      branches[i](c);
    };
    memo.set(type, skipUnion);
    branches = (type.types ?? []).map(build);
    return skipUnion;
  };

  return build(root);
}

/**
 * Arrays and maps are a run of blocks `[count][items…]`, ended by count 0. A negative count is followed
 * by the block's byte size; the items are still walked (and must fill exactly that size) so corruption
 * inside them is not skipped over.
 */
function skipBlocks(c: Cursor, minItemSize: number, what: string, item: Skipper): void {
  for (;;) {
    const countAt = c.pos;
    let count = readSafeLong(c);
    if (count === 0) return;
    let blockEnd = -1;
    if (count < 0) {
      count = -count;
      const size = readSafeLong(c);
      if (size < 0 || c.end - c.pos < size) {
        throw new AvroDatumError(`${what} block at offset ${countAt} has an invalid byte size ${size}`);
      }
      blockEnd = c.pos + size;
    }
    checkCount(c, count, minItemSize, what);
    for (let i = 0; i < count; i++) item(c);
    if (blockEnd >= 0 && c.pos !== blockEnd) {
      throw new AvroDatumError(`${what} block at offset ${countAt} does not fill its declared byte size`);
    }
  }
}
