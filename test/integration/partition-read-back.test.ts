import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { countRestoredRecords } from '../../activities/kafka/count-restored';
import { PartitionReadBack } from '../../activities/kafka/partition-read-back';
import { KafkaFixture } from '../helpers/kafka';

/**
 * The verification a restore relies on: a reader started before the writes follows them and counts, in
 * the restored range, committed records only — aborted ones never, another writer's always.
 */
describe('reading a partition back while it is written', () => {
  const kafka = new KafkaFixture();
  afterAll(() => kafka.cleanup());

  test('counts committed records in the range, skips aborted ones, and counts another writer inside the range', async () => {
    const topic = await kafka.topic('destination', 'read-back', 2);
    const client = kafka.kafka('destination');
    let alive = 0;
    const reader = await PartitionReadBack.start(client, topic, 1, '0', () => alive++);
    const transactional = client.producer({ transactionalId: `lifeboat-test.${randomUUID()}`, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    const other = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await transactional.connect();
    await other.connect();
    try {
      const inTransaction = async (values: string[], commit: boolean) => {
        const transaction = await transactional.transaction();
        await transaction.send({ topic, messages: values.map((value) => ({ partition: 1, value })) });
        await (commit ? transaction.commit() : transaction.abort());
      };
      await inTransaction(['a', 'b', 'c'], true); // offsets 0-2, marker 3
      await inTransaction(['x', 'y'], false); // 4-5 aborted, marker 6
      await inTransaction(['d', 'e'], true); // 7-8, marker 9
      await other.send({ topic, messages: [{ partition: 1, value: 'someone else' }] }); // 10
      await other.send({ topic, messages: [{ partition: 0, value: 'another partition' }] });

      // With a deadline well inside jest's, a reader that stalls fails here saying where it stopped.
      expect(await reader.countBetween('0', '8', 60_000)).toBe(5);
      expect(await reader.countBetween('7', '10', 60_000)).toBe(3); // the other writer's record is in the range: counted
      expect(alive).toBeGreaterThan(0); // it reports progress while it reads
    } finally {
      await reader.close();
      await transactional.disconnect();
      await other.disconnect();
    }
  });

  test('starts where it is told: records before its start offset are never read', async () => {
    const topic = await kafka.topic('destination', 'read-back-from', 1);
    const client = kafka.kafka('destination');
    const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, messages: ['a', 'b', 'c'].map((value) => ({ partition: 0, value })) }); // offsets 0-2
      const reader = await PartitionReadBack.start(client, topic, 0, '3', () => undefined);
      try {
        await producer.send({ topic, messages: ['d', 'e', 'f'].map((value) => ({ partition: 0, value })) }); // offsets 3-5
        // Had the seek been lost, the reader would have started at the beginning and counted 6.
        expect(await reader.countBetween('0', '5', 60_000)).toBe(3);
      } finally {
        await reader.close();
      }
    } finally {
      await producer.disconnect();
    }
  });

  test('gives up with an error naming the partition when the range end never arrives', async () => {
    const topic = await kafka.topic('destination', 'read-back-short', 1);
    const reader = await PartitionReadBack.start(kafka.kafka('destination'), topic, 0, '0', () => undefined);
    try {
      await expect(reader.countBetween('0', '5', 2_000)).rejects.toThrow(new RegExp(`${topic}-0: read-back reached offset -1, not 5`));
    } finally {
      await reader.close();
    }
  });

  test('a count still waiting when the reader closes ends at once, naming the partition (a restore that failed after starting it)', async () => {
    const topic = await kafka.topic('destination', 'read-back-closed', 1);
    const reader = await PartitionReadBack.start(kafka.kafka('destination'), topic, 0, '0', () => undefined);
    const counting = reader.countBetween('0', '5', 60_000);
    counting.catch(() => undefined);
    const started = Date.now();
    await reader.close();
    await expect(counting).rejects.toThrow(new RegExp(`${topic}-0: the read-back was closed at offset -1, before 5`));
    expect(Date.now() - started).toBeLessThan(5_000); // not the count's own 60 s deadline
  });

  test('starts on a topic that does not exist yet, says it is retrying, and counts once the topic is there', async () => {
    const name = kafka.uniqueName('read-back-late');
    const retried: string[] = [];
    const reader = await PartitionReadBack.start(kafka.kafka('destination'), name, 0, '0', () => undefined, (err) => retried.push(err.message));
    try {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const topic = await kafka.topic('destination', 'read-back-late', 1, name);
      const producer = kafka.kafka('destination').producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      await producer.send({ topic, messages: ['a', 'b'].map((value) => ({ partition: 0, value })) });
      await producer.disconnect();
      expect(await reader.countBetween('0', '1', 30_000)).toBe(2);
      expect(retried).toHaveLength(1); // once per run of failures, not once per attempt
      expect(retried[0]).toMatch(/topic|partition/i);
    } finally {
      await reader.close();
    }
  });

  test('fails at once, naming the partition, when the broker refuses the read for good', async () => {
    const topic = await kafka.topic('destination', 'read-back-out-of-range', 1);
    const reader = await PartitionReadBack.start(kafka.kafka('destination'), topic, 0, '100', () => undefined); // the partition is empty
    try {
      const started = Date.now();
      await expect(reader.countBetween('100', '105', 20_000)).rejects.toThrow(new RegExp(`${topic}-0: The requested offset is not within the range`));
      expect(Date.now() - started).toBeLessThan(10_000); // not retried as if transient
    } finally {
      await reader.close();
    }
  });

  // Kept for restores whose histories predate reading back while streaming (workflow patch verify-while-streaming).
  test('the separate read-back step counts committed records inside each range only', async () => {
    const topic = await kafka.topic('destination', 'count-restored', 2);
    const client = kafka.kafka('destination');
    const producer = client.producer({ transactionalId: `lifeboat-test.${randomUUID()}`, idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      const inTransaction = async (partition: number, values: string[], commit: boolean) => {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: values.map((value) => ({ partition, value })) });
        await (commit ? transaction.commit() : transaction.abort());
      };
      await inTransaction(0, ['before', 'the', 'range'], true); // 0-2, marker 3
      await inTransaction(0, ['a', 'b'], true); // 4-5, marker 6
      await inTransaction(0, ['x'], false); // 7 aborted, marker 8
      await inTransaction(0, ['c'], true); // 9, marker 10
      await inTransaction(1, ['p', 'q', 'r'], true); // 0-2

      let alive = 0;
      const counts = await countRestoredRecords(client, topic, [{ partition: 0, first: '4', last: '9' }, { partition: 1, first: '0', last: '2' }], () => alive++);
      expect(counts).toEqual([
        { partition: 0, records: 3 }, // a, b, c: not the aborted x, not the records before the range
        { partition: 1, records: 3 },
      ]);
      expect(alive).toBeGreaterThan(0);
    } finally {
      await producer.disconnect();
    }
  });
});
