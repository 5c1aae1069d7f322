import type { IHeaders, Kafka, Message, Producer, RecordMetadata, Transaction } from 'kafkajs';
import { checkpointTransactionalId } from '../../domain/ids';
import { OFFSET_MAP_TOPIC } from '../../domain/offset-map';
import type { DeliveryMode } from '../../domain/restore-request';
import type { PartitionPosition } from '../../domain/restore-position';
import { NamedPartitioner } from '../kafka/named-partitioner';
import type { ProgressStore } from './progress-store';

/**
 * Publishes a partition's records and checkpoints its position, in one of two ways:
 * - exactly-once: records, offset-map entries and the position go into one Kafka transaction (the entries
 *   are sent at the checkpoint, all in one request, not one round trip per object); a restarted attempt
 *   re-initialises the same transactional id, which fences the old producer and aborts whatever it had not
 *   committed. Nothing is added to the records themselves.
 * - at-least-once: records go out on an idempotent producer; offset-map entries and the position are
 *   committed together, in a transaction of a second producer, once the records they describe are
 *   acknowledged. A checkpoint commits while the stream goes on, and the next one waits for it, so a
 *   crash replays at most two checkpoint intervals (restorePartition makes those half as long). A previous attempt that is still running is fenced
 *   only at its next checkpoint, so it can interleave up to that much too.
 */
/** Broker-side limit of one transaction; checkpoints come well before it (see MAX_TRANSACTION_MS). */
const TRANSACTION_TIMEOUT_MS = 300_000;
/** A checkpoint is due after this long even if the record count is not reached (slow reads, large records). */
export const MAX_TRANSACTION_MS = 30_000;

export class PartitionPublisher {
  private transaction?: Transaction;
  private checkpointProducer?: Producer;
  private checkpointTransaction?: Transaction;
  /** Offset-map entries of objects published since the last checkpoint: the next checkpoint commits them. */
  private pendingEntries: Message[] = [];
  /** at-least-once: the checkpoint being committed, and the first failure. */
  private checkpointInFlight?: Promise<void>;
  private checkpointFailure?: unknown;
  /** A send or exactly-once commit failed: what the broker kept of it is unknown, so nothing more is committed. */
  private failure?: unknown;
  /** Transactional ids whose transaction a failed commit or abort may have left open on the broker. */
  private readonly maybeOpen = new Set<string>();

  private constructor(
    private readonly kafka: Kafka,
    private readonly producer: Producer,
    private readonly delivery: DeliveryMode,
    private readonly progress: ProgressStore,
    private readonly transactionalId: string,
  ) {}

  private get checkpointTransactionalId(): string {
    return checkpointTransactionalId(this.transactionalId);
  }

  static async connect(kafka: Kafka, options: { delivery: DeliveryMode; transactionalId: string; progress: ProgressStore }): Promise<PartitionPublisher> {
    const exactlyOnce = options.delivery === 'exactly-once';
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: NamedPartitioner,
      ...(exactlyOnce ? { transactionalId: options.transactionalId, transactionTimeout: TRANSACTION_TIMEOUT_MS } : {}),
    });
    const publisher = new PartitionPublisher(kafka, producer, options.delivery, options.progress, options.transactionalId);
    try {
      if (exactlyOnce) {
        await producer.connect();
        // kafkajs registers the transactional id (InitProducerId) on the first transaction(), not on
        // connect(): open it now, so any earlier attempt is fenced — and its open transaction aborted —
        // before the caller reads the committed position.
        publisher.transaction = await producer.transaction();
      } else {
        const checkpointProducer = kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          createPartitioner: NamedPartitioner,
          transactionalId: publisher.checkpointTransactionalId,
        });
        publisher.checkpointProducer = checkpointProducer;
        // Both connect at once: each is a few round trips the stream's start would otherwise wait for.
        const connected = await Promise.allSettled([
          producer.connect(),
          (async () => {
            await checkpointProducer.connect();
            publisher.checkpointTransaction = await checkpointProducer.transaction(); // fences the previous attempt's checkpoints
          })(),
        ]);
        for (const c of connected) if (c.status === 'rejected') throw c.reason;
      }
    } catch (err) {
      await publisher.close();
      throw err;
    }
    return publisher;
  }

  async send(topic: string, messages: Message[]): Promise<RecordMetadata[]> {
    if (this.checkpointFailure) throw this.checkpointFailure;
    try {
      if (this.delivery === 'exactly-once') {
        this.transaction ??= await this.producer.transaction();
        return await this.transaction.send({ topic, messages, acks: -1 });
      }
      return await this.producer.send({ topic, messages, acks: -1 });
    } catch (err) {
      this.failure ??= err;
      throw err;
    }
  }

  /** Whether a checkpoint can still be committed: no send or checkpoint has failed. */
  canCheckpoint(): boolean {
    return this.failure === undefined && this.checkpointFailure === undefined;
  }

  /** An offset-map entry for an object whose records are all acknowledged: the next checkpoint commits it with the position. */
  recordObject(entry: Message): void {
    this.pendingEntries.push(entry);
  }

  private takeEntries(): Message[] {
    const entries = this.pendingEntries;
    this.pendingEntries = [];
    return entries;
  }

  /**
   * Makes everything sent so far, and this position, durable together. exactly-once: returns once the
   * transaction committed. at-least-once: waits only for the previous checkpoint, then commits this one
   * in the background and returns — the stream runs at most one checkpoint ahead of what is committed.
   * `flush()` waits for the last one; a failure surfaces at the next send or checkpoint.
   */
  async checkpoint(position: PartitionPosition): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.delivery === 'exactly-once') {
      try {
        const transaction = (this.transaction ??= await this.producer.transaction());
        const entries = this.takeEntries();
        if (entries.length) await transaction.send({ topic: OFFSET_MAP_TOPIC, messages: entries, acks: -1 });
        await this.progress.commitWithin(transaction, position);
        await transaction.commit();
        this.transaction = undefined; // kept until committed: close() aborts one that failed
      } catch (err) {
        this.failure ??= err;
        // kafkajs leaves a transaction whose commit failed in COMMITTING, not active: it cannot abort it.
        if (this.transaction && !this.transaction.isActive()) this.maybeOpen.add(this.transactionalId);
        throw err;
      }
      return;
    }
    await this.checkpointInFlight;
    if (this.checkpointFailure) throw this.checkpointFailure;
    this.checkpointInFlight = this.commitCheckpoint(position, this.takeEntries());
  }

  /** Waits until the last checkpoint has committed (at-least-once); throws the first failure. */
  async flush(): Promise<void> {
    await this.checkpointInFlight;
    if (this.checkpointFailure) throw this.checkpointFailure;
  }

  /** Never rejects: a failure is kept for the stream to raise at its next step. */
  private async commitCheckpoint(position: PartitionPosition, entries: Message[]): Promise<void> {
    let transaction: Transaction | undefined;
    try {
      transaction = this.checkpointTransaction ?? (await this.checkpointProducer!.transaction());
      this.checkpointTransaction = undefined;
      if (entries.length) await transaction.send({ topic: OFFSET_MAP_TOPIC, messages: entries, acks: -1 });
      await this.progress.commitWithin(transaction, position);
      await transaction.commit();
    } catch (err) {
      this.checkpointFailure = err;
      if (transaction?.isActive()) await transaction.abort().catch(() => this.maybeOpen.add(this.checkpointTransactionalId));
      else if (transaction) this.maybeOpen.add(this.checkpointTransactionalId);
    }
  }

  /**
   * Drops what was not checkpointed (cancellation, failure) and disconnects. A transaction a failed commit
   * or abort may have left open would hold back read_committed readers of its partitions until the
   * broker's transaction timeout (5 min), and no retry may come to fence it: registering its id again makes
   * the broker abort it now.
   */
  async close(): Promise<void> {
    await this.checkpointInFlight; // never rejects: a failure is kept in checkpointFailure
    const open: Array<[Transaction | undefined, string]> = [
      [this.transaction, this.transactionalId],
      [this.checkpointTransaction, this.checkpointTransactionalId],
    ];
    for (const [transaction, id] of open) {
      if (transaction?.isActive()) await transaction.abort().catch(() => this.maybeOpen.add(id));
    }
    this.transaction = undefined;
    this.checkpointTransaction = undefined;
    await this.producer.disconnect().catch(() => undefined);
    await this.checkpointProducer?.disconnect().catch(() => undefined);
    for (const id of this.maybeOpen) await abortOpenTransaction(this.kafka, id).catch(() => undefined);
  }
}

/** Registers `transactionalId` again (InitProducerId): the broker bumps its epoch and aborts its open transaction. */
export async function abortOpenTransaction(kafka: Kafka, transactionalId: string): Promise<void> {
  const fencer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, transactionalId });
  await fencer.connect();
  try {
    await fencer.transaction(); // kafkajs sends InitProducerId on the first transaction(); nothing is added to it
  } finally {
    await fencer.disconnect();
  }
}

export type { IHeaders };
