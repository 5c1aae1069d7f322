/**
 * Reads the header of an Avro Object Container File from a ByteSource:
 * magic `Obj\x01`, the metadata map (string → bytes), the 16-byte sync marker.
 */
import { MalformedBackupObjectError } from '../domain/errors';
import { AvroDatumError, type Cursor, readSafeLong } from './avro-cursor';
import { type AvroCodec, isSupportedCodec } from './avro-codecs';
import { type ByteSource } from './byte-source';

export interface AvroHeader {
  /** The `avro.schema` metadata exactly as stored (UTF-8 JSON); register this per object. */
  readonly writerSchema: string;
  /** `avro.codec`; a missing key means "null". */
  readonly codec: AvroCodec;
  /** Every metadata entry, raw, including avro.schema and avro.codec. */
  readonly metadata: ReadonlyMap<string, Buffer>;
  readonly syncMarker: Buffer;
}

const MAGIC = Buffer.from([0x4f, 0x62, 0x6a, 0x01]); // "Obj" 1
const MAX_METADATA_VALUE = 64 * 1024 * 1024; // a schema far larger than any real one: a corrupt length

/** Reads one zigzag long from the stream; fails naming what was being read. */
export async function readStreamLong(
  src: ByteSource,
  fail: (reason: string) => MalformedBackupObjectError,
  what: string,
): Promise<number> {
  await src.ensure(10); // a varint is at most 10 bytes; fewer are fine near the end of the object
  const view = src.peek();
  const c: Cursor = { buf: view, pos: 0, end: view.length };
  try {
    const v = readSafeLong(c);
    src.skip(c.pos);
    return v;
  } catch (e) {
    if (!(e instanceof AvroDatumError)) throw e;
    throw fail(e.ranOut ? `object ends inside the ${what}` : `${what}: ${e.message}`);
  }
}

export async function readAvroHeader(src: ByteSource, objectName: string): Promise<AvroHeader> {
  const fail = (reason: string) => new MalformedBackupObjectError(objectName, 0, `Avro header: ${reason}`);
  if (!(await src.ensure(4))) throw fail('object ends inside the magic bytes');
  const magic = src.take(4);
  if (!magic.equals(MAGIC)) throw fail(`not an Avro object container file (starts ${magic.toString('hex')})`);

  const metadata = new Map<string, Buffer>();
  const readBytes = async (what: string): Promise<Buffer> => {
    const len = await readStreamLong(src, fail, `length of ${what}`);
    if (len < 0 || len > MAX_METADATA_VALUE) throw fail(`${what} has an invalid length ${len}`);
    if (!(await src.ensure(len))) throw fail(`object ends inside ${what}`);
    return Buffer.from(src.take(len)); // copy: keeps the first chunk of the stream from being pinned
  };
  for (;;) {
    let count = await readStreamLong(src, fail, 'metadata map block count');
    if (count === 0) break;
    if (count < 0) {
      count = -count;
      await readStreamLong(src, fail, 'metadata map block size');
    }
    for (let i = 0; i < count; i++) {
      const key = (await readBytes('a metadata key')).toString('utf8');
      metadata.set(key, await readBytes(`metadata value "${key}"`));
    }
  }
  if (!(await src.ensure(16))) throw fail('object ends inside the sync marker');
  const syncMarker = Buffer.from(src.take(16));

  const schema = metadata.get('avro.schema');
  if (!schema) throw fail('metadata has no avro.schema');
  const codec = metadata.get('avro.codec')?.toString('utf8') ?? 'null';
  if (!isSupportedCodec(codec)) throw fail(`unsupported avro.codec "${codec}"`);
  return { writerSchema: schema.toString('utf8'), codec, metadata, syncMarker };
}
