/**
 * Streaming gunzip over an async iterable of chunks, keeping two failures apart: corrupt or truncated
 * gzip data (CorruptGzipError: the object is malformed, retrying cannot help) and an error of the
 * source stream itself (rethrown unchanged, so a network error stays retryable).
 */
import { Readable, pipeline } from 'stream';
import * as zlib from 'zlib';

export class CorruptGzipError extends Error {
  override readonly name = 'CorruptGzipError';
}

export async function* gunzipChunks(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer, void, undefined> {
  let sourceError: { error: unknown } | undefined;
  let inputBytes = 0;
  async function* watched(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of source) {
        inputBytes += chunk.length;
        yield chunk;
      }
    } catch (error) {
      sourceError = { error };
      throw error;
    }
  }
  const gunzip = zlib.createGunzip();
  // pipeline destroys every stream on any failure and closes the source when we stop early; the
  // failure itself reaches us through the iteration of `gunzip` below.
  pipeline(Readable.from(watched()), gunzip, () => {});
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    if (sourceError) throw sourceError.error;
    // A zero-byte object has no gzip header at all: it is an empty object, not a corrupt one.
    if (inputBytes === 0) return;
    throw new CorruptGzipError(`corrupt gzip data: ${(e as Error).message}`);
  }
}
