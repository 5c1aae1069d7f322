import type { Admin, Transaction } from 'kafkajs';
import { decodePosition, encodePosition, type PartitionPosition } from '../../domain/restore-position';

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

  async read(): Promise<PartitionPosition | undefined> {
    const [topicOffsets] = await this.admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
    const committed = topicOffsets?.partitions.find((p) => p.partition === this.partition);
    return decodePosition(committed?.metadata);
  }

  /** Adds the position to an open transaction; it becomes visible only if the transaction commits. */
  async commitWithin(transaction: Transaction, position: PartitionPosition): Promise<void> {
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
