/**
 * `npm ci` applies patches/kafkajs+2.2.4.patch (postinstall: patch-package). Unpatched, kafkajs groups a
 * send's messages by partition in O(n²) time and garbage, which cost a restore about a third of its speed,
 * and copies every request twice into zero-filled power-of-two buffers before writing it; and it restarts a
 * producer's sequence at 0 past Int32 max, which the broker refuses (it wraps by 2^31).
 */
// kafkajs internals have no types.
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition');
const createRequest = require('kafkajs/src/protocol/request');
const Encoder = require('kafkajs/src/protocol/encoder');
const { incrementSequence } = require('kafkajs/src/producer/eosManager');

type Message = { partition: number; value: string };
const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId }));
const byGivenPartition = ({ message }: { message: Message }) => message.partition;

describe('kafkajs as installed', () => {
  it('carries the linear-time grouping patch', () => {
    expect(groupMessagesPerPartition.linearTime).toBe(true);
  });

  it('groups messages by partition, each partition in its original order', () => {
    const messages: Message[] = Array.from({ length: 9 }, (_, i) => ({ partition: (i * 2) % 3, value: `m${i}` }));
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner: byGivenPartition });
    expect(Object.keys(grouped).sort()).toEqual(['0', '1', '2']);
    expect(grouped[0].map((m: Message) => m.value)).toEqual(['m0', 'm3', 'm6']);
    expect(grouped[2].map((m: Message) => m.value)).toEqual(['m1', 'm4', 'm7']);
    expect(grouped[1].map((m: Message) => m.value)).toEqual(['m2', 'm5', 'm8']);
  });

  it('groups nothing when the topic has no partition metadata yet', () => {
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ partition: 0, value: 'x' }], partitioner: byGivenPartition });
    expect(grouped).toEqual({});
  });
});

describe('kafkajs request framing as installed', () => {
  it('carries the single-copy framing patch, and in-place framing for payloads that leave room', () => {
    expect(createRequest.singleCopyFraming).toBe(true);
    expect(createRequest.framesInPlace).toBe(true);
  });

  it('frames a payload with room before it in place, the same bytes as a copied frame', async () => {
    const payload = Buffer.from('a produce request body');
    const room = Buffer.alloc(64 + payload.length, 0xee);
    payload.copy(room, 64);
    const inPlace = new Encoder(0);
    inPlace.buf = room.subarray(64);
    inPlace.offset = payload.length;
    inPlace.headroom = { buffer: room, start: 64 };
    const frame: Buffer = (await createRequest({ correlationId: 5, clientId: 'lifeboat-y', request: { apiKey: 0, apiVersion: 7, encode: async () => inPlace } })).buffer;
    const copied: Buffer = (await createRequest({ correlationId: 5, clientId: 'lifeboat-y', request: { apiKey: 0, apiVersion: 7, encode: async () => new Encoder().writeBuffer(payload) } })).buffer;
    expect(frame.equals(copied)).toBe(true);
    expect(frame.buffer).toBe(room.buffer); // written into the room, not copied
  });

  it("frames a request as Kafka's protocol does: size, api key and version, correlation id, client id, payload", async () => {
    const payload = Buffer.from('the request body, as its encoder wrote it');
    const frame: Buffer = (await createRequest({ correlationId: 77, clientId: 'lifeboat-x', request: { apiKey: 0, apiVersion: 7, encode: async () => new Encoder().writeBuffer(payload) } })).buffer;
    // what kafkajs's original wrote, built the original way
    const header = new Encoder().writeInt16(0).writeInt16(7).writeInt32(77).writeString('lifeboat-x').writeEncoder(new Encoder().writeBuffer(payload));
    const original = new Encoder().writeInt32(header.size()).writeEncoder(header).buffer;
    expect(frame.equals(original)).toBe(true);
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    expect(frame.subarray(frame.length - payload.length).equals(payload)).toBe(true);
  });
});

describe('kafkajs producer sequence numbers as installed', () => {
  const MAX = 2 ** 31 - 1;
  it('wrap past Int32 max by 2^31, as the broker expects, instead of restarting at 0', () => {
    expect(incrementSequence(100, 1600)).toBe(1700);
    expect(incrementSequence(MAX - 1600, 1600)).toBe(MAX); // exactly max is still in range
    expect(incrementSequence(MAX - 448, 1600)).toBe(1151); // the broker's (seq + n) − 2^31
  });
});

describe('kafkajs transaction coordinators as installed', () => {
  // kafkajs internals have no types.
  const createEosManager = require('kafkajs/src/producer/eosManager');
  const COORDINATOR_TYPES = require('kafkajs/src/protocol/coordinatorTypes');
  const { KafkaJSProtocolError } = require('kafkajs/src/errors');
  const { createErrorFromCode } = require('kafkajs/src/protocol/error');
  const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

  /** A cluster of one broker that is every coordinator, counting the FindCoordinator lookups by type. */
  function fakeCluster() {
    const lookups: Record<string, number> = {};
    const broker = {
      nodeId: 1,
      initProducerId: async () => ({ producerId: 7, producerEpoch: 0 }),
      addPartitionsToTxn: jest.fn(async () => undefined),
      addOffsetsToTxn: jest.fn(async () => undefined),
      txnOffsetCommit: jest.fn(async () => undefined),
      endTxn: jest.fn(async () => undefined),
    };
    const cluster = {
      retry: { retries: 0 },
      refreshMetadataIfNecessary: async () => undefined,
      findGroupCoordinator: async ({ coordinatorType }: { coordinatorType: number }) => {
        const type = coordinatorType === COORDINATOR_TYPES.TRANSACTION ? 'transaction' : 'group';
        lookups[type] = (lookups[type] ?? 0) + 1;
        return broker;
      },
      findBroker: async () => broker,
    };
    return { cluster, broker, lookups };
  }

  interface EosManager {
    beginTransaction(): void;
    addPartitionsToTransaction(topics: unknown[]): Promise<void>;
    sendOffsets(offsets: unknown): Promise<void>;
    commit(): Promise<void>;
  }

  /** What an at-least-once checkpoint does: offset-map entries and the position, in one transaction. */
  async function checkpoint(eos: EosManager) {
    eos.beginTransaction();
    await eos.addPartitionsToTransaction([{ topic: 'offset-maps', partitions: [{ partition: 3 }] }]);
    await eos.sendOffsets({ consumerGroupId: 'lifeboat-restore.r', topics: [{ topic: 't', partitions: [{ partition: 0, offset: '10' }] }] });
    await eos.commit();
  }

  /** A transactional producer's manager after InitProducerId, which found the transaction coordinator. */
  async function initializedProducer() {
    const { cluster, broker, lookups } = fakeCluster();
    const eos = createEosManager({ logger, cluster, transactional: true, transactionalId: 'lifeboat-restore.r.t.0' });
    await eos.initProducerId();
    return { eos, broker, lookups };
  }

  it('carries the patch', () => {
    expect(createEosManager.keepsCoordinators).toBe(true);
  });

  it('looks each coordinator up once, not before every request (four lookups per checkpoint unpatched)', async () => {
    const { eos, broker, lookups } = await initializedProducer();
    for (let i = 0; i < 3; i++) await checkpoint(eos);
    expect(broker.endTxn).toHaveBeenCalledTimes(3);
    expect(broker.txnOffsetCommit).toHaveBeenCalledTimes(3);
    expect(lookups).toEqual({ transaction: 1, group: 1 });
  });

  it('asks a kept coordinator that has moved (the broker says so) once more, after looking it up again', async () => {
    const { eos, broker, lookups } = await initializedProducer();
    await checkpoint(eos);
    broker.addOffsetsToTxn.mockRejectedValueOnce(new KafkaJSProtocolError(createErrorFromCode(16))); // NOT_COORDINATOR
    broker.txnOffsetCommit.mockRejectedValueOnce(new KafkaJSProtocolError(createErrorFromCode(15))); // COORDINATOR_NOT_AVAILABLE
    await checkpoint(eos); // no failure reaches the caller
    expect(lookups).toEqual({ transaction: 2, group: 2 });
    expect(broker.addOffsetsToTxn).toHaveBeenCalledTimes(3);
    expect(broker.txnOffsetCommit).toHaveBeenCalledTimes(3);
    await checkpoint(eos);
    expect(lookups).toEqual({ transaction: 2, group: 2 }); // and kept from then on
  });

  it('forgets a coordinator whose request failed otherwise: the next request looks it up again', async () => {
    const { eos, broker, lookups } = await initializedProducer();
    await checkpoint(eos);
    broker.addOffsetsToTxn.mockRejectedValueOnce(new KafkaJSProtocolError(createErrorFromCode(47))); // INVALID_PRODUCER_EPOCH
    await expect(checkpoint(eos)).rejects.toThrow(/epoch/i);
    expect(lookups.transaction).toBe(1);
    await eos.abort(); // EndTxn: to the coordinator looked up again
    expect(lookups.transaction).toBe(2);
    expect(broker.addOffsetsToTxn).toHaveBeenCalledTimes(2); // not asked again: only a moved coordinator is
  });
});
