/**
 * Block decompression for the Avro container codecs. Each function gets one block's stored bytes and
 * returns the datum bytes, or throws an Error whose message says what is wrong with the block.
 */
import * as zlib from 'zlib';
import { decompress as zstdDecompress } from 'fzstd';
import * as snappy from 'snappyjs';
import Bunzip from 'seek-bzip';

export const AVRO_CODECS = ['null', 'deflate', 'snappy', 'zstandard', 'bzip2'] as const;
export type AvroCodec = (typeof AVRO_CODECS)[number];

export function isSupportedCodec(name: string): name is AvroCodec {
  return (AVRO_CODECS as readonly string[]).includes(name);
}

/**
 * zlib inflates into chunks of this size, then concatenates them: a 64 KB block (Java's default sync
 * interval) took five 16 KB chunks and a 64 KB copy. Sized from the block before (blocks of one writer are
 * alike), one chunk usually holds the block; capped, because a block of records keeps its whole chunk alive.
 */
function inflateChunkSize(previousBlockSize: number): number {
  return Math.min(Math.max(previousBlockSize + 1024, zlib.constants.Z_DEFAULT_CHUNK), 1 << 20);
}

/** `previousBlockSize`: the decompressed size of the object's block before this one (0 for the first). */
export function decompressBlock(codec: AvroCodec, data: Buffer, previousBlockSize = 0): Buffer {
  switch (codec) {
    case 'null':
      return data;
    case 'deflate':
      // Avro's deflate is a raw RFC 1951 stream: no zlib header, no checksum.
      return zlib.inflateRawSync(data, { chunkSize: inflateChunkSize(previousBlockSize) });
    case 'snappy':
      return decompressSnappy(data);
    case 'zstandard': {
      const out = zstdDecompress(data);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
    case 'bzip2':
      return Bunzip.decode(data);
  }
}

/** Avro snappy: one raw snappy block, then a big-endian CRC32 of the uncompressed bytes, which we check. */
function decompressSnappy(data: Buffer): Buffer {
  if (data.length < 4) throw new Error(`snappy block of ${data.length} bytes has no room for its CRC32`);
  const out = snappy.uncompress(data.subarray(0, data.length - 4));
  const expected = data.readUInt32BE(data.length - 4);
  const actual = zlib.crc32(out) >>> 0;
  if (actual !== expected) {
    throw new Error(`snappy block CRC32 mismatch (stored ${hex(expected)}, computed ${hex(actual)})`);
  }
  return out;
}

const hex = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;
