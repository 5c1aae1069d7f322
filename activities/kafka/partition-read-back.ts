import { randomUUID } from 'node:crypto';
import { AssignerProtocol, type Consumer, type Kafka, type PartitionAssigner } from 'kafkajs';

/**
 * Reads one destination partition back (read_committed) while the restore is still writing it, so the
 * verification costs no extra phase at the end: the reader follows the writer and only has to catch up on
 * the last transaction. It keeps the committed offsets it saw as contiguous runs — a handful per partition,
 * never records — and counts those inside the restored range once the range is known.
 */
export class PartitionReadBack {
  /** Contiguous runs of committed offsets seen, in order: [first, last] inclusive. */
  private readonly runs: Array<[bigint, bigint]> = [];
  private lastSeen = -1n;
  private failure?: Error;
  private wake?: () => void;

  private constructor(
    private readonly consumer: Consumer,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Starts reading `topic`-`partition` at `fromOffset` (no record before it can belong to this restore attempt). */
  static async start(kafka: Kafka, topic: string, partition: number, fromOffset: string, alive: () => void): Promise<PartitionReadBack> {
    const consumer = kafka.consumer({
      groupId: `lifeboat-verify-${randomUUID()}`,
      readUncommitted: false,
      partitionAssigners: [onePartitionAssigner(topic, partition)],
      // One reader per partition being restored: modest fetches keep their memory small.
      maxBytesPerPartition: 2 << 20,
      maxBytes: 2 << 20,
      // Caught up, a fetch waits at the broker for new records; short waits let close() return promptly.
      maxWaitTimeInMs: 250,
    });
    const reader = new PartitionReadBack(consumer, topic, partition);
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: false });
      consumer.on(consumer.events.CRASH, (event) => reader.fail(event.payload.error));
      await consumer.run({
        eachBatch: async ({ batch }) => {
          if (batch.partition !== partition) return;
          for (const message of batch.messages) reader.saw(BigInt(message.offset));
          alive();
          reader.wake?.();
        },
      });
      // seek() is only allowed once run() has started.
      consumer.seek({ topic, partition, offset: fromOffset });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
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

  async close(): Promise<void> {
    await this.consumer.disconnect().catch(() => undefined);
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

/** Assigns the one partition being verified to the group's only member (kafkajs has no assign()). */
function onePartitionAssigner(topic: string, partition: number): PartitionAssigner {
  const name = 'LifeboatOnePartition';
  return () => ({
    name,
    version: 1,
    async assign({ members }) {
      return members.map((member, i) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: i === 0 ? { [topic]: [partition] } : {}, userData: Buffer.alloc(0) }),
      }));
    },
    protocol({ topics }) {
      return { name, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.alloc(0) }) };
    },
  });
}
