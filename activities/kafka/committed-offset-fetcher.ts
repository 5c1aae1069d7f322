import type { Kafka } from 'kafkajs';
import { DependencyError } from '../../domain/errors';
import { committedOffsets, type AbortedTransaction, type CommittedRecordSet } from './committed-batches';
import { createCluster, createErrorFromCode, Decoder, decodeRecordBatch, FETCH_API_KEY, fetchV11, type DecodedRecord, type KafkaBroker, type KafkaCluster, type KafkaDecoder } from './kafkajs-internals';

const READ_COMMITTED = 1;

export interface FetchOptions {
  /** How long the broker may wait for new records before answering with none. */
  maxWaitMs: number;
  maxBytes: number;
  /** Also return the committed data batches (to decode their records). */
  withBatches?: boolean;
}

/**
 * Fetches one partition (read_committed) from its leader and returns the committed offsets in what came
 * back, read from batch headers (committed-batches.ts). Errors are kafkajs's own: `retriable` marks the
 * transient ones (leader moved, connection lost), after which the next fetch looks the leader up again.
 * Anything else (a record set it cannot read, offset out of range) is not transient.
 */
export class CommittedOffsetFetcher {
  private leader?: KafkaBroker;

  private constructor(
    private readonly cluster: KafkaCluster,
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Connects to the cluster; the leader is looked up by the first fetch, so a transient fault there is retried like any other. */
  static async connect(kafka: Kafka, topic: string, partition: number): Promise<CommittedOffsetFetcher> {
    const fetcher = new CommittedOffsetFetcher(createCluster(kafka), topic, partition);
    try {
      await fetcher.cluster.connect();
    } catch (err) {
      await fetcher.close();
      throw err;
    }
    return fetcher;
  }

  async fetch(offset: bigint, options: FetchOptions): Promise<CommittedRecordSet> {
    const broker = await this.leaderBroker();
    const request = fetchV11(
      {
        isolationLevel: READ_COMMITTED,
        maxWaitTime: options.maxWaitMs,
        minBytes: 1,
        maxBytes: options.maxBytes,
        topics: [{ topic: this.topic, partitions: [{ partition: this.partition, fetchOffset: offset.toString(), maxBytes: options.maxBytes }] }],
      },
      (raw) => this.decode(raw, options),
    );
    try {
      return (await broker.connectionPool.send(request)) as CommittedRecordSet;
    } catch (err) {
      if (isRetriable(err)) await this.forgetLeader();
      throw err;
    }
  }

  /**
   * `fetch`, retrying transient faults with backoff (100 ms, doubling to 5 s) until `deadline` (epoch ms);
   * `onRetry` hears of the first fault of the run. An aborted `signal` cuts a backoff short and ends the
   * run with the fault it was waiting out.
   */
  async fetchRetrying(offset: bigint, options: FetchOptions, retry: { deadline: number; onRetry?: (err: Error) => void; signal?: AbortSignal }): Promise<CommittedRecordSet> {
    for (let backoffMs = 100; ; backoffMs = Math.min(backoffMs * 2, 5_000)) {
      try {
        return await this.fetch(offset, options);
      } catch (err) {
        if (!isRetriable(err) || Date.now() + backoffMs > retry.deadline || retry.signal?.aborted) throw err;
        if (backoffMs === 100) retry.onRetry?.(err as Error);
        await abortableDelay(backoffMs, retry.signal);
      }
    }
  }

  /**
   * `fetchRetrying`, decoding the committed records from `offset` on (a batch may begin before it): for the
   * callers that need records, not only their offsets (the offset-map scan, the drill's comparison).
   */
  async fetchRecords(offset: bigint, options: Omit<FetchOptions, 'withBatches'>, retry: Parameters<CommittedOffsetFetcher['fetchRetrying']>[2]): Promise<{ records: DecodedRecord[]; nextOffset?: bigint }> {
    const fetched = await this.fetchRetrying(offset, { ...options, withBatches: true }, retry);
    const records: DecodedRecord[] = [];
    for (const batch of fetched.batches ?? []) {
      for (const record of (await decodeRecordBatch(new Decoder(batch))).records) if (BigInt(record.offset) >= offset) records.push(record);
    }
    return { records, nextOffset: fetched.nextOffset };
  }

  async close(): Promise<void> {
    await this.cluster.disconnect().catch(() => undefined);
  }

  private async leaderBroker(): Promise<KafkaBroker> {
    if (this.leader) return this.leader;
    await this.cluster.addTargetTopic(this.topic); // refreshes metadata unless the topic is known already
    const metadata = this.cluster.findTopicPartitionMetadata(this.topic).find((p) => p.partitionId === this.partition);
    if (!metadata || metadata.leader < 0) {
      await this.forgetLeader();
      throw this.protocolError(metadata ? 5 : 3); // LEADER_NOT_AVAILABLE, UNKNOWN_TOPIC_OR_PARTITION: both retriable
    }
    const broker = await this.cluster.findBroker({ nodeId: metadata.leader });
    const fetchVersions = broker.versions[FETCH_API_KEY];
    if (!fetchVersions || fetchVersions.maxVersion < 11 || fetchVersions.minVersion > 11) {
      throw new DependencyError(this.where(), `broker ${metadata.leader} does not serve Fetch v11 (Kafka 2.3 or later does); reading back needs it`, false);
    }
    this.leader = broker;
    return broker;
  }

  private async forgetLeader(): Promise<void> {
    this.leader = undefined;
    await this.cluster.refreshMetadata().catch(() => undefined); // the next fetch's lookup raises what is still wrong
  }

  /** Fetch v11 response: throttle, error, session, [topic [partition header, aborted transactions, records]]. */
  private async decode(raw: Buffer, options: FetchOptions): Promise<{ throttleTimeMs: number; value: CommittedRecordSet }> {
    const decoder = new Decoder(raw);
    const throttleTimeMs = decoder.readInt32();
    const errorCode = decoder.readInt16();
    decoder.readInt32(); // session_id
    if (errorCode !== 0) throw this.protocolError(errorCode);
    let result: CommittedRecordSet | undefined;
    const topics = decoder.readInt32();
    for (let t = 0; t < topics; t++) {
      const topic = decoder.readString();
      const partitions = decoder.readInt32();
      for (let p = 0; p < partitions; p++) {
        const partition = decoder.readInt32();
        const partitionError = decoder.readInt16();
        decoder.readInt64(); // high_watermark
        decoder.readInt64(); // last_stable_offset
        decoder.readInt64(); // log_start_offset
        const aborted = decoder.readArray(readAbortedTransaction);
        decoder.readInt32(); // preferred_read_replica
        const records = decoder.readBytes();
        if (topic !== this.topic || partition !== this.partition) continue;
        if (partitionError !== 0) throw this.protocolError(partitionError);
        result = await committedOffsets(records ?? Buffer.alloc(0), aborted, this.where(), { withBatches: options.withBatches });
      }
    }
    if (!result) throw new Error(`${this.where()}: the fetch response has no entry for the partition`);
    return { throttleTimeMs, value: result };
  }

  private protocolError(code: number): Error {
    const error = createErrorFromCode(code);
    error.message = `${this.where()}: ${error.message}`;
    return error;
  }

  private where(): string {
    return `${this.topic}-${this.partition}`;
  }
}

function readAbortedTransaction(decoder: KafkaDecoder): AbortedTransaction {
  return { producerId: BigInt(decoder.readInt64().toString()), firstOffset: BigInt(decoder.readInt64().toString()) };
}

/** kafkajs marks each of its errors retriable or not; an error that is not kafkajs's is not transient. */
export function isRetriable(err: unknown): boolean {
  return (err as { retriable?: unknown } | undefined)?.retriable === true;
}

function abortableDelay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
