import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import type { StoreRecord } from './registry';

type Apply = (key: Record<string, unknown>, value: Record<string, unknown> | null) => void;

/**
 * The registry's durable store: a single-partition compacted topic, replayed from the start on
 * every boot (like Confluent's `_schemas`), so the registry survives restarts with no other state.
 */
export class KafkaStore {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  /** Offset of the last record applied, from either path: a record is never applied after a newer one. */
  private applied = -1;

  constructor(bootstrap: string, private readonly topic: string, private readonly apply: Apply) {
    this.kafka = new Kafka({ clientId: 'lifeboat-schema-registry', brokers: [bootstrap], logLevel: logLevel.WARN, retry: { retries: 10 } });
  }

  /** Resolves once every record written before start-up has been applied. */
  async start(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      // auto.create.topics.enable=false on our brokers: create it explicitly on first start.
      if (!(await admin.listTopics()).includes(this.topic)) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: [{ topic: this.topic, numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
        });
      }
      const [{ high }] = await admin.fetchTopicOffsets(this.topic);
      await this.replay(Number(high));
    } finally {
      await admin.disconnect();
    }
    this.producer = this.kafka.producer({ allowAutoTopicCreation: false, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await this.producer.connect();
  }

  private async replay(endOffset: number): Promise<void> {
    // A fresh group id and no commits: always read from the beginning; the empty group is then
    // discarded by the broker (it has no offsets), and no dead member from a killed run delays us.
    this.consumer = this.kafka.consumer({ groupId: `lifeboat-schema-registry-${randomUUID()}`, sessionTimeout: 10_000, rebalanceTimeout: 10_000 });
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.topic, fromBeginning: true });
    let caughtUp!: () => void;
    const done = new Promise<void>((resolve) => (caughtUp = resolve));
    if (endOffset === 0) caughtUp();
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ message }) => {
        const offset = Number(message.offset);
        if (message.key && offset > this.applied) {
          const key = JSON.parse(message.key.toString()) as Record<string, unknown>;
          this.apply(key, message.value ? (JSON.parse(message.value.toString()) as Record<string, unknown>) : null);
          this.applied = offset;
        }
        if (offset + 1 >= endOffset) caughtUp();
      },
    });
    await done;
  }

  /** Appends records (acks=all) and applies them locally so the caller reads its own write. */
  async write(records: StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    if (!this.producer) throw new Error('store not started');
    const [meta] = await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: records.map((r) => ({ key: JSON.stringify(r.key), value: r.value === null ? null : JSON.stringify(r.value) })),
    });
    // Single writer: the batch sits at baseOffset.. and our consumer will skip it when it gets there.
    const base = Number(meta.baseOffset ?? meta.offset);
    records.forEach((r, i) => {
      if (base + i > this.applied) this.apply(r.key, r.value);
    });
    this.applied = Math.max(this.applied, base + records.length - 1);
  }

  async stop(): Promise<void> {
    await Promise.allSettled([this.consumer?.disconnect(), this.producer?.disconnect()]);
  }
}
