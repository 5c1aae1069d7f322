import type { BackupObjectSource } from './object-source';

interface OpenedAhead {
  name: string;
  iterator: AsyncIterator<Buffer>;
  first: Promise<IteratorResult<Buffer>>;
}

/**
 * Reads a partition's objects one after another, opening the next one while the current one streams. Each
 * object is its own GET, and its time to first byte (~30 ms per object on the emulator under a restore's
 * load, timed; a round trip to the bucket's region on GCS) would otherwise stall the stream at every object
 * boundary — for objects of a MB or two, as long as reading them. One object is opened ahead: until the
 * stream takes it, it holds its first chunk and its socket's buffers.
 */
export class PrefetchingObjectReader {
  private ahead?: OpenedAhead;
  /** Closed for good: nothing more is opened ahead (a late openAhead would leak its read). */
  private closed = false;

  constructor(
    private readonly source: BackupObjectSource,
    private readonly signal?: AbortSignal,
  ) {}

  /** Streams `name` and opens `next`, the object the stream takes after it, at the same time. */
  read(name: string, next?: string): AsyncIterable<Buffer> {
    return this.stream(name, next);
  }

  /**
   * Opens `name` before the stream asks for it: the partition's first object, while the producers connect.
   * If the stream starts elsewhere (a resumed partition), it is dropped unread.
   */
  openAhead(name: string): void {
    if (!this.closed) this.ahead ??= this.open(name);
  }

  /** Drops the object opened ahead, if any (the stream ended, or ended early: cancelled, failed); opens nothing more ahead. */
  async close(): Promise<void> {
    this.closed = true;
    await this.dropAhead();
  }

  private async dropAhead(): Promise<void> {
    const ahead = this.ahead;
    this.ahead = undefined;
    if (ahead) await closeOpened(ahead);
  }

  private async *stream(name: string, next: string | undefined): AsyncGenerator<Buffer> {
    let opened = this.ahead?.name === name ? this.ahead : undefined;
    if (!opened) {
      await this.dropAhead(); // opened ahead for an object the stream did not take
      opened = this.open(name);
    }
    this.ahead = next === undefined || this.closed ? undefined : this.open(next);
    const { iterator } = opened;
    let finished = false;
    try {
      for (let result = await opened.first; !result.done; result = await iterator.next()) yield result.value;
      finished = true;
    } finally {
      if (!finished) await iterator.return?.();
    }
  }

  private open(name: string): OpenedAhead {
    const iterator = this.source.read(name, this.signal)[Symbol.asyncIterator]();
    const first = iterator.next();
    first.catch(() => undefined); // raised when the stream reaches this object; unhandled if it never does
    return { name, iterator, first };
  }
}

async function closeOpened(opened: OpenedAhead): Promise<void> {
  await opened.first.catch(() => undefined);
  await opened.iterator.return?.().catch(() => undefined);
}
