import { MalformedBackupObjectError } from '../../domain/errors';
import type { RecordBatch, RecordReader } from '../../formats/record-batch';

/**
 * Reads a `.keys` or `.headers` object in step with its value object: the sink writes one key and one
 * header set per value record, in the same order, so record i of each belongs together.
 */
export class CompanionRecords {
  private readonly batches: AsyncIterator<RecordBatch>;
  private pending: Buffer[] = [];
  private position = 0;

  constructor(private readonly reader: RecordReader, startAt: number) {
    this.batches = reader[Symbol.asyncIterator]();
    this.position = startAt;
  }

  writerSchema(): Promise<string | null> {
    return this.reader.writerSchema();
  }

  async take(count: number): Promise<Buffer[]> {
    while (this.pending.length < count) {
      const next = await this.batches.next();
      if (next.done) {
        throw new MalformedBackupObjectError(
          this.reader.objectName,
          this.position + this.pending.length,
          `has fewer records than its value object (needed ${count - this.pending.length} more)`,
        );
      }
      this.pending.push(...next.value.records);
    }
    const taken = this.pending.splice(0, count);
    this.position += count;
    return taken;
  }

  /** Stops reading early (an error elsewhere): ends the reader, which closes the object's stream. */
  async close(): Promise<void> {
    await this.batches.return?.(undefined);
  }

  /** The companion must end where the value object ends, or the two are not a pair. */
  async expectEnd(): Promise<void> {
    if (this.pending.length === 0) {
      const next = await this.batches.next();
      if (next.done) return;
      this.pending.push(...next.value.records);
    }
    if (this.pending.length) {
      throw new MalformedBackupObjectError(this.reader.objectName, this.position, 'has more records than its value object');
    }
  }
}
