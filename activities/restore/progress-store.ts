import type { Admin, Transaction } from 'kafkajs';
import { decodePosition, encodePosition, type PartitionPosition } from '../../domain/restore-position';

/** About 2 s of backoff in all: the previous commit's markers take milliseconds unless the broker is failing over. */
const CONCURRENT_TRANSACTIONS_ATTEMPTS = 14;

/**
 * A partition's restore position, kept as the committed offset (records published) and its metadata
 * (the full position) of the restore's progress group on the destination cluster. Written inside the
 * transaction that publishes the records, so position and data can never disagree.
 */
export class ProgressStore {
  constructor(
    private readonly admin: Admin,
    readonly groupId: string,
    readonly topic: string,
    readonly partition: number,
  ) {}

  private metadata?: Promise<unknown>;

  /**
   * A fresh kafkajs admin knows only its seed broker until it loads metadata: its first coordinator lookup
   * finds no broker, refreshes, and retries after the retry backoff (~200-300 ms, timed). Loading it needs
   * no fencing, so a restore starts it while its producers connect; `read` waits for it.
   */
  loadMetadata(): Promise<unknown> {
    this.metadata ??= this.admin.fetchTopicMetadata({ topics: [this.topic] });
    return this.metadata;
  }

  async read(): Promise<PartitionPosition | undefined> {
    await this.loadMetadata();
    const [topicOffsets] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
    const committed = topicOffsets?.partitions.find((p) => p.partition === this.partition);
    return decodePosition(committed?.metadata);
  }

  /**
   * Adds the position to an open transaction; it becomes visible only if the transaction commits.
   * Right after the producer's previous commit the coordinator may still be writing its markers and answer
   * CONCURRENT_TRANSACTIONS; kafkajs retries that for sends but not for offsets, so it is retried here.
   */
  async commitWithin(transaction: Transaction, position: PartitionPosition): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.sendOffsets(transaction, position);
        return;
      } catch (err) {
        if ((err as { type?: string }).type !== 'CONCURRENT_TRANSACTIONS' || attempt >= CONCURRENT_TRANSACTIONS_ATTEMPTS) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
      }
    }
  }

  private async sendOffsets(transaction: Transaction, position: PartitionPosition): Promise<void> {
    await transaction.sendOffsets({
      consumerGroupId: this.groupId,
      topics: [
        {
          topic: this.topic,
          // kafkajs passes `metadata` through to TxnOffsetCommit; its typings omit it.
          partitions: [{ partition: this.partition, offset: String(position.recordsPublished), metadata: encodePosition(position) } as never],
        },
      ],
    });
  }
}
