import { randomUUID } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { countRestoredRecords } from '../../activities/kafka/count-restored';
import { KafkaFixture } from '../helpers/kafka';

/** The separate read-back step, kept for restores whose histories predate reading back while streaming. */
describe('counting restored ranges after the restore (legacy read-back step)', () => {
  const kafka = new KafkaFixture();
  afterAll(() => kafka.cleanup());

  test('counts committed records inside each range only, from where each range starts', async () => {
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
