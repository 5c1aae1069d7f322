import { randomUUID } from 'node:crypto';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { onePartitionAssigner } from './one-partition-assigner';

/**
 * Reads one destination partition back (read_committed) while the restore is still writing it, so the
 * verification costs no extra phase at the end: the reader follows the writer and only has to catch up on
 * the last transaction. It keeps the committed offsets it saw as contiguous runs — a handful per partition,
 * never records — and counts those inside the restored range once the range is known.
 */
export class PartitionReadBack {
  /** Contiguous runs of committed offsets seen, in order: [first, last] inclusive. */
  private readonly runs: Array<[bigint, bigint]> = [];
  private lastSeen = -1n; // read by the join handler in start()
  private failure?: Error;
  private wake?: () => void;

  private constructor(
    private readonly consumer: Consumer,
    private readonly admin: Admin,
    private readonly groupId: string,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Starts reading `topic`-`partition` at `fromOffset` (no record before it can belong to this restore attempt). */
  static async start(kafka: Kafka, admin: Admin, topic: string, partition: number, fromOffset: string, alive: () => void): Promise<PartitionReadBack> {
    const groupId = `lifeboat-verify-${randomUUID()}`;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      partitionAssigners: [onePartitionAssigner(topic, partition)],
      // One reader per partition being restored: modest fetches keep their memory small.
      maxBytesPerPartition: 2 << 20,
      maxBytes: 2 << 20,
      // Caught up, a fetch waits at the broker for new records; short waits let close() return promptly.
      maxWaitTimeInMs: 250,
    });
    const reader = new PartitionReadBack(consumer, admin, groupId, topic, partition);
    try {
      await consumer.connect();
      // From the beginning, not the end, if the seek below is ever lost (kafkajs forgets one when a join fails
      // and it restarts the consumer): the reader then reads more than it needs, but never starts past the range.
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      consumer.on(consumer.events.CRASH, (event) => {
        if (!event.payload.restart) reader.fail(event.payload.error); // a restarting consumer joins again (below)
      });
      // Position the reader on every join, before its first fetch: kafkajs restarts a consumer whose join
      // failed (a coordinator still loading) with fresh group state that has forgotten an earlier seek.
      consumer.on(consumer.events.GROUP_JOIN, () => {
        try {
          consumer.seek({ topic, partition, offset: reader.lastSeen >= 0n ? String(reader.lastSeen + 1n) : fromOffset });
        } catch (err) {
          reader.fail(err as Error);
        }
      });
      await consumer.run({
        // Nothing to commit: a rejoining reader is positioned from what it saw (above). Without auto-commit a
        // seek is local to the consumer; with it, kafkajs commits the seek through the group coordinator and
        // re-reads it, which can lose it while a coordinator is still loading (seen in CI on a cold stack).
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          if (batch.partition !== partition) return;
          for (const message of batch.messages) reader.saw(BigInt(message.offset));
          alive();
          reader.wake?.();
        },
      });
    } catch (err) {
      await reader.close();
      throw err;
    }
    return reader;
  }

  /**
   * Committed records in [first, last], once the reader has reached `last` (the offset of the last record
   * the restore wrote, so it will be seen). Other writers' records inside the range count too: the
   * verification then fails, as it should.
   */
  async countBetween(first: string, last: string, timeoutMs = 30 * 60_000): Promise<number> {
    const from = BigInt(first);
    const to = BigInt(last);
    const deadline = Date.now() + timeoutMs;
    while (this.lastSeen < to) {
      if (this.failure) throw this.failure;
      if (Date.now() > deadline) {
        throw new Error(`verifying ${this.topic}-${this.partition}: read-back reached offset ${this.lastSeen}, not ${last}, in ${timeoutMs / 1000} s`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    let count = 0n;
    for (const [start, end] of this.runs) {
      const lo = start > from ? start : from;
      const hi = end < to ? end : to;
      if (hi >= lo) count += hi - lo + 1n;
    }
    return Number(count);
  }

  /** Stops reading and deletes the reader's group (it commits nothing; this removes the group itself). */
  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
    await this.admin.deleteGroups([this.groupId]).catch(() => undefined);
  }

  private saw(offset: bigint): void {
    if (offset <= this.lastSeen) return; // a re-delivered batch after a seek or rebalance
    const run = this.runs[this.runs.length - 1];
    if (run && run[1] + 1n === offset) run[1] = offset;
    else this.runs.push([offset, offset]);
    this.lastSeen = offset;
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake?.();
  }
}
