import type { Message } from 'kafkajs';

/** Kafka brokers refuse record batches over message.max.bytes (1 MB by default): stay well below. */
export const MAX_SEND_BYTES = 800 * 1024;
/** Rough per-record overhead inside a record batch, added to the payload bytes when sizing a send. */
const PER_RECORD_OVERHEAD = 64;

/** Something the stream reports between records (an object begins or ends), carried in order through the sends. */
export interface StreamMark<M> {
  mark: M;
}

/**
 * One produce request's worth of messages, the value, key and header bytes they carry, and the marks met
 * among them: `at` is the number of this send's messages that came before the mark. A chunk can hold marks
 * and no message (objects whose records were all skipped): nothing to send, only marks to apply.
 */
export interface SendChunk<M = never> {
  messages: Message[];
  bytes: number;
  marks: Array<{ at: number; mark: M }>;
}

export interface SendChunkOptions {
  maxBytes?: number;
  /** Also end a send after every this many records, so that checkpoints taken every so many fall on a send's end. */
  cutEvery?: number;
}

/**
 * Cuts a stream of message batches into sends that stay just under `maxBytes`, filling each send across
 * batch boundaries — and across marks, so a partition's objects share sends: a send per reader batch or per
 * object would mean more, smaller requests, each a round trip. When the batches fail, what was read before
 * the failure is yielded first, then the failure is raised.
 */
export async function* sendChunks<M = never>(batches: AsyncIterable<Message[] | StreamMark<M>>, options: SendChunkOptions = {}): AsyncGenerator<SendChunk<M>> {
  const maxBytes = options.maxBytes ?? MAX_SEND_BYTES;
  const cutEvery = options.cutEvery ?? Infinity;
  let untilCut = cutEvery;
  let messages: Message[] = [];
  let marks: SendChunk<M>['marks'] = [];
  let bytes = 0;
  let estimate = 0;
  const take = (): SendChunk<M> => {
    const chunk = { messages, bytes, marks };
    messages = [];
    marks = [];
    bytes = 0;
    estimate = 0;
    return chunk;
  };
  const pending = () => messages.length > 0 || marks.length > 0;
  try {
    for await (const batch of batches) {
      if (!Array.isArray(batch)) {
        marks.push({ at: messages.length, mark: batch.mark });
        continue;
      }
      for (const message of batch) {
        const size = messageBytes(message);
        if (messages.length > 0 && estimate + size + PER_RECORD_OVERHEAD > maxBytes) yield take();
        messages.push(message);
        bytes += size;
        estimate += size + PER_RECORD_OVERHEAD;
        if (--untilCut === 0) {
          yield take();
          untilCut = cutEvery;
        }
      }
    }
  } catch (err) {
    // A malformed record: the good ones read before it still go out, so a re-run resumes right at it.
    if (pending()) yield take();
    throw err;
  }
  if (pending()) yield take();
}

/**
 * Iterates `source` one item ahead: while the caller awaits a send, the next chunk is already being read
 * from the bucket, decoded and encoded. Stopping early waits for that read to settle, then closes the
 * source (which closes its object streams).
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let next = iterator.next();
  let finished = false;
  try {
    for (;;) {
      const result = await next;
      if (result.done) {
        finished = true;
        return;
      }
      next = iterator.next();
      next.catch(() => undefined); // raised when awaited above; not unhandled if the caller stops first
      yield result.value;
    }
  } catch (err) {
    finished = true; // the source threw: it is closed already
    throw err;
  } finally {
    if (!finished) {
      await next.catch(() => undefined);
      await iterator.return?.();
    }
  }
}

export function messageBytes(message: Message): number {
  let bytes = (message.value as Buffer | null)?.length ?? 0;
  bytes += (message.key as Buffer | null)?.length ?? 0;
  if (message.headers) {
    for (const [name, value] of Object.entries(message.headers)) {
      bytes += name.length + [value].flat().reduce((n: number, v) => n + (v ? Buffer.byteLength(v as string | Buffer) : 0), 0);
    }
  }
  return bytes;
}
