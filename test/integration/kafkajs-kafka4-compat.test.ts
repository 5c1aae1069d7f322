import { randomUUID } from 'node:crypto';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
} from 'kafkajs';
import { installProduceRequestEncoder } from '../../activities/kafka/kafkajs-internals';
import { KafkaFixture, readPartition } from '../helpers/kafka';

/**
 * kafkajs 2.2.4 predates Kafka 4 (which removed old protocol versions, KIP-896). These tests pin down,
 * against the real 4.x brokers of the local stack, every API Lifeboat relies on.
 */
describe('kafkajs against Kafka 4.x', () => {
  const kafka = new KafkaFixture();
  afterAll(() => kafka.cleanup());

  test('admin: create topics, read metadata and partition offsets', async () => {
    const topic = await kafka.topic('destination', 'compat-admin', 4);
    const admin = await kafka.admin('destination');
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    expect(metadata.topics[0].partitions).toHaveLength(4);
    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.map((o) => o.high)).toEqual(['0', '0', '0', '0']);
  });

  test('ACLs: create, describe and delete bindings', async () => {
    const admin = await kafka.admin('source');
    const principal = `User:${kafka.uniqueName('compat')}`;
    const binding = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'compat-',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal,
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    };
    await admin.createAcls({ acl: [binding] });
    const filter = { ...binding, resourceName: undefined, resourcePatternType: ResourcePatternTypes.ANY, resourceType: AclResourceTypes.ANY };
    const described = await admin.describeAcls({ ...filter, principal });
    expect(described.resources).toHaveLength(1);
    await admin.deleteAcls({ filters: [{ ...filter, principal }] });
    expect((await admin.describeAcls({ ...filter, principal })).resources).toHaveLength(0);
  });

  test('transactions: produce and commit group offsets with metadata atomically; aborted writes stay invisible', async () => {
    const topic = await kafka.topic('destination', 'compat-txn', 1);
    const groupId = kafka.uniqueName('compat-group');
    const producer = kafka.kafka('destination').producer({ transactionalId: kafka.uniqueName('compat-txn'), maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    try {
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [{ value: 'a', partition: 0 }, { value: 'b', partition: 0 }] });
      await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '2', metadata: '{"object":0}' } as any] }] });
      await committed.commit();

      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ value: 'never', partition: 0 }] });
      await aborted.abort();
    } finally {
      await producer.disconnect();
    }
    const admin = await kafka.admin('destination');
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(offsets.partitions[0]).toMatchObject({ partition: 0, offset: '2', metadata: '{"object":0}' });
    const records = await readPartition(kafka.kafka('destination'), topic, 0, 2);
    expect(records.map((r) => r.value?.toString())).toEqual(['a', 'b']);
  });

  test("produce requests from Lifeboat's encoder: the broker takes their CRC and sequences, and they read back as sent", async () => {
    const topic = await kafka.topic('destination', 'compat-encoder', 2);
    const uninstall = installProduceRequestEncoder();
    const transactional = kafka.kafka('destination').producer({ transactionalId: kafka.uniqueName('compat-encoder'), maxInFlightRequests: 1, idempotent: true });
    const idempotent = kafka.kafka('destination').producer({ maxInFlightRequests: 1, idempotent: true });
    const sent = Array.from({ length: 300 }, (_, i) => ({
      partition: 0,
      key: i % 2 ? Buffer.from(`k${i}`) : null,
      value: Buffer.alloc(i * 10, i), // up to 3 KB: multi-byte length varints
      headers: { n: String(i), raw: Buffer.from([i & 0xff, 0]) },
      timestamp: String(1_700_000_000_000 + i * 1_000),
    }));
    try {
      await transactional.connect();
      await idempotent.connect();
      const txn = await transactional.transaction();
      for (let start = 0; start < sent.length; start += 100) await txn.send({ topic, messages: sent.slice(start, start + 100) }); // batches with rising sequences
      await txn.commit();
      await idempotent.send({ topic, messages: [{ partition: 1, value: 'one' }, { partition: 1, value: 'two' }] });
      await idempotent.send({ topic, messages: [{ partition: 1, value: 'three' }] });
    } finally {
      await transactional.disconnect();
      await idempotent.disconnect();
      uninstall();
    }
    const records = await readPartition(kafka.kafka('destination'), topic, 0, sent.length);
    expect(records).toHaveLength(sent.length);
    records.forEach((record, i) => {
      expect(record.key).toEqual(sent[i].key);
      expect(record.value).toEqual(sent[i].value);
      expect(record.headers).toEqual({ n: Buffer.from(String(i)), raw: sent[i].headers.raw });
      expect(record.timestamp).toBe(sent[i].timestamp);
    });
    expect((await readPartition(kafka.kafka('destination'), topic, 1, 3)).map((r) => r.value?.toString())).toEqual(['one', 'two', 'three']);
  });

  test('consumer groups: a group consumes, commits, and is listed and described', async () => {
    const topic = await kafka.topic('source', 'compat-group', 1);
    const producer = kafka.kafka('source').producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'x' }] });
    await producer.disconnect();
    const groupId = `lifeboat-test-group-${randomUUID()}`;
    const consumer = kafka.kafka('source').consumer({ groupId });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      const consumed = new Promise<string>((resolve) => {
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ topic: t, partition, message }) => {
            await consumer.commitOffsets([{ topic: t, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
            resolve(message.value!.toString());
          },
        });
      });
      expect(await consumed).toBe('x');
      const admin = await kafka.admin('source');
      const { groups } = await admin.listGroups();
      expect(groups.map((g) => g.groupId)).toContain(groupId);
      const { groups: described } = await admin.describeGroups([groupId]);
      expect(described[0]).toMatchObject({ groupId, state: 'Stable' });
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      expect(offsets.partitions[0]).toMatchObject({ partition: 0, offset: '1' });
    } finally {
      await consumer.disconnect();
    }
  });
});
