import { randomUUID } from 'node:crypto';
import { ProgressStore } from '../../activities/restore/progress-store';
import { abortOpenTransaction, PartitionPublisher } from '../../activities/restore/publisher';
import type { PartitionPosition } from '../../domain/restore-position';
import { offsetMapKeyPrefix, offsetMapPartition } from '../../domain/offset-map';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { readOffsetMapEntries } from '../../activities/kafka/offset-map-reader';

const position = (records: number): PartitionPosition => ({
  objectStart: '0',
  objectName: 'o',
  recordIndex: records,
  objectComplete: false,
  objectsCompleted: 0,
  recordsRead: 0,
  recordsPublished: records,
  bytesPublished: records,
  duplicatesSkipped: 0,
  gaps: 0,
  overlaps: 0,
  discontinuities: [],
});

/**
 * The position once the commit's markers are written: EndTxn returns before they are, and an offset fetch
 * in between still sees the previous position (a restarted attempt is not affected: its InitProducerId
 * waits for them).
 */
async function committedPosition(progress: ProgressStore, recordsPublished: number, timeoutMs = 10_000): Promise<PartitionPosition | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await progress.read();
    if (found?.recordsPublished === recordsPublished || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Entries go to the offset-map topic, where a restore's entries are found by key prefix and map partition. */
const offsetMapEntryFor = (restoreId: string, topic: string) => (object: number) => ({
  partition: offsetMapPartition(restoreId, topic, 0),
  key: `${offsetMapKeyPrefix(restoreId, topic, 0)}${object}`,
  value: JSON.stringify({ object: `object-${object}` }),
});

/**
 * The guarantee the restore rests on: once a new attempt has connected, an earlier attempt with the same
 * transactional id can no longer commit — before the new attempt reads the committed position.
 */
describe('publisher fencing and checkpoints', () => {
  const kafka = new KafkaFixture();
  afterAll(() => kafka.cleanup());

  test('connecting a second publisher fences the first: its open transaction can no longer commit', async () => {
    const topic = await kafka.topic('destination', 'fencing', 1);
    const admin = await kafka.admin('destination');
    const transactionalId = `lifeboat-test.${randomUUID()}`;
    const progress = new ProgressStore(admin, `lifeboat-test.${randomUUID()}`, topic, 0);
    const options = { delivery: 'exactly-once' as const, transactionalId, progress };

    const zombie = await PartitionPublisher.connect(kafka.kafka('destination'), options);
    await zombie.send(topic, [{ partition: 0, value: 'from the old attempt' }]);
    const current = await PartitionPublisher.connect(kafka.kafka('destination'), options);
    try {
      await expect(zombie.checkpoint(position(1))).rejects.toThrow(/epoch|fenced|transactional/i);
      expect(zombie.canCheckpoint()).toBe(false); // a restore's failure path then commits nothing more
      expect(await progress.read()).toBeUndefined(); // the zombie's position never committed
      await current.send(topic, [{ partition: 0, value: 'from the current attempt' }]);
      await current.checkpoint(position(1));
      expect(await committedPosition(progress, 1)).toMatchObject({ recordsPublished: 1 });
      const records = await readPartition(kafka.kafka('destination'), topic, 0, 1);
      expect(records.map((r) => r.value?.toString())).toEqual(['from the current attempt']);
    } finally {
      await zombie.close();
      await current.close();
    }
  });

  test('a transaction left open (its commit failed, no retry coming) is aborted at once by registering its id again', async () => {
    const topic = await kafka.topic('destination', 'left-open', 1);
    const admin = await kafka.admin('destination');
    const transactionalId = `lifeboat-test.${randomUUID()}`;
    const stranded = kafka.kafka('destination').producer({ idempotent: true, maxInFlightRequests: 1, transactionalId });
    await stranded.connect();
    const transaction = await stranded.transaction();
    await transaction.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }], acks: -1 });
    // read_committed readers stop at the open transaction (the admin lists the last stable offset).
    const stable = async () => (await admin.fetchTopicOffsets(topic))[0].high;
    expect(await stable()).toBe('0');

    await abortOpenTransaction(kafka.kafka('destination'), transactionalId);
    const deadline = Date.now() + 10_000; // the abort marker is written right after InitProducerId returns
    while ((await stable()) === '0' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await stable()).toBe('4'); // three aborted records and the abort marker: readers move on
    await expect(transaction.commit()).rejects.toThrow(); // the stranded producer is fenced
    await stranded.disconnect();
  });

  test('exactly-once: offset-map entries commit with the checkpoint after them, and vanish with a transaction that never commits', async () => {
    const topic = await kafka.topic('destination', 'eos-entries', 1);
    const restoreId = `it-${randomUUID()}`;
    const entry = offsetMapEntryFor(restoreId, topic);
    const admin = await kafka.admin('destination');
    const progress = new ProgressStore(admin, `lifeboat-test.${randomUUID()}`, topic, 0);
    const publisher = await PartitionPublisher.connect(kafka.kafka('destination'), { delivery: 'exactly-once', transactionalId: `lifeboat-test.${randomUUID()}`, progress });
    try {
      await publisher.send(topic, [{ partition: 0, value: 'a' }]);
      publisher.recordObject(entry(1));
      await publisher.checkpoint(position(1));
      await publisher.send(topic, [{ partition: 0, value: 'b' }]);
      publisher.recordObject(entry(2)); // its transaction is aborted by close(): neither 'b' nor this entry may show
    } finally {
      await publisher.close();
    }
    expect(await committedPosition(progress, 1)).toMatchObject({ recordsPublished: 1 });
    const entries = await readOffsetMapEntries(kafka.kafka('destination'), admin, { restoreId, destinationTopic: topic, partition: 0 }, () => undefined);
    expect(entries.map((e) => e.object)).toEqual(['object-1']);
    const records = await readPartition(kafka.kafka('destination'), topic, 0, 1);
    expect(records.map((r) => r.value?.toString())).toEqual(['a']);
  });

  test('at-least-once: checkpoints commit behind the stream with their offset-map entries; a fenced one fails the next send and flush', async () => {
    const topic = await kafka.topic('destination', 'alo-checkpoints', 1);
    const restoreId = `it-${randomUUID()}`;
    const entry = offsetMapEntryFor(restoreId, topic);
    const admin = await kafka.admin('destination');
    const transactionalId = `lifeboat-test.${randomUUID()}`;
    const progress = new ProgressStore(admin, `lifeboat-test.${randomUUID()}`, topic, 0);
    const options = { delivery: 'at-least-once' as const, transactionalId, progress };

    const current = await PartitionPublisher.connect(kafka.kafka('destination'), options);
    try {
      await current.send(topic, [{ partition: 0, value: 'a' }, { partition: 0, value: 'b' }]);
      current.recordObject(entry(1));
      await current.checkpoint(position(2)); // returns before the checkpoint commits
      await current.send(topic, [{ partition: 0, value: 'c' }]);
      current.recordObject(entry(2));
      await current.checkpoint(position(3));
      await current.flush();
      expect(current.canCheckpoint()).toBe(true);
      expect(await committedPosition(progress, 3)).toMatchObject({ recordsPublished: 3 });
      const entries = await readOffsetMapEntries(kafka.kafka('destination'), admin, { restoreId, destinationTopic: topic, partition: 0 }, () => undefined);
      expect(entries.map((e) => e.object)).toEqual(['object-1', 'object-2']);
    } finally {
      await current.close();
    }

    // A newer attempt fences this one's checkpoint producer: the failure must not go unnoticed.
    const zombie = await PartitionPublisher.connect(kafka.kafka('destination'), options);
    const newer = await PartitionPublisher.connect(kafka.kafka('destination'), options);
    try {
      await zombie.send(topic, [{ partition: 0, value: 'd' }]);
      await zombie.checkpoint(position(4));
      await expect(zombie.flush()).rejects.toThrow(/epoch|fenced|transactional/i);
      await expect(zombie.send(topic, [{ partition: 0, value: 'e' }])).rejects.toThrow(/epoch|fenced|transactional/i);
      expect(zombie.canCheckpoint()).toBe(false);
      expect(await progress.read()).toMatchObject({ recordsPublished: 3 }); // the zombie's position never committed
    } finally {
      await zombie.close();
      await newer.close();
    }
  });
});
