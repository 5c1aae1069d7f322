import { encodeProduceRequest, type ProduceRequestInput } from '../../../../activities/kafka/produce-request-encoder';
import { Decoder, decodeRecordBatch, installProduceRequestEncoder, isProduceRequestEncoderInstalled } from '../../../../activities/kafka/kafkajs-internals';

// kafkajs's own Produce v3 request (v4 to v7 reuse it) and its pieces: the bytes Lifeboat's encoder must match.
const kafkajsProduceV3 = require('kafkajs/src/protocol/requests/produce/v3/request');
const produceRequests = require('kafkajs/src/protocol/requests/produce');
const Long = require('kafkajs/src/utils/long');
const createRequest = require('kafkajs/src/protocol/request');
const Encoder = require('kafkajs/src/protocol/encoder');
const { Types: Compression } = require('kafkajs/src/protocol/message/compression');

const NOW = 1_764_300_000_000;

async function kafkajsBytes(input: ProduceRequestInput, compression = Compression.None): Promise<Buffer> {
  const now = jest.spyOn(Date, 'now').mockReturnValue(input.now ?? NOW);
  try {
    const request = kafkajsProduceV3({ ...input, producerId: Long.fromValue(input.producerId), transactionalId: input.transactionalId ?? undefined, compression });
    return (await request.encode()).buffer;
  } finally {
    now.mockRestore();
  }
}

/** Each batch's partition_leader_epoch: kafkajs writes 0, Lifeboat -1 (as the Java producer); the rest must match. */
function batchesOf(request: Buffer): Array<{ at: number; length: number }> {
  const batches: Array<{ at: number; length: number }> = [];
  let at = 0;
  const idLength = request.readInt16BE(at);
  at += 2 + Math.max(idLength, 0) + 2 + 4;
  const topics = request.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topics; t++) {
    at += 2 + request.readInt16BE(at);
    const partitions = request.readInt32BE(at);
    at += 4;
    for (let p = 0; p < partitions; p++) {
      const length = request.readInt32BE(at + 4);
      batches.push({ at: at + 8, length });
      at += 8 + length;
    }
  }
  expect(at).toBe(request.length);
  return batches;
}

function withUnknownLeaderEpoch(request: Buffer): Buffer {
  const copy = Buffer.from(request);
  for (const batch of batchesOf(copy)) copy.writeInt32BE(-1, batch.at + 12);
  return copy;
}

function messages(count: number, offset = 0) {
  return Array.from({ length: count }, (_, i) => ({
    key: i % 3 === 0 ? null : i % 3 === 1 ? Buffer.from(`key-${i + offset}`) : `string key ${i + offset} é`,
    value: i % 7 === 6 ? `value ${i} as a string ✓` : Buffer.alloc(50 + ((i * 37) % 300), i + offset),
    headers: i % 2 === 0 ? {} : { source: 'lifeboat', trace: Buffer.from([i, 0, 255]), repeated: ['a', Buffer.from('b')] },
  }));
}

const transactional: ProduceRequestInput = {
  transactionalId: 'lifeboat.restore-1.orders.3',
  acks: -1,
  timeout: 30_000,
  producerId: 4_100_000_123n,
  producerEpoch: 7,
  now: NOW,
  topicData: [
    { topic: 'orders', partitions: [{ partition: 3, firstSequence: 1_000, messages: messages(150) }, { partition: 0, firstSequence: 0, messages: messages(1, 9) }] },
    { topic: 'lifeboat-offset-map', partitions: [{ partition: 11, firstSequence: 2_147_483_000, messages: messages(20, 40) }] },
  ],
};

describe('encodeProduceRequest', () => {
  it("writes kafkajs's bytes for a transactional request with keys, values and headers of every kind", async () => {
    const ours = encodeProduceRequest(transactional);
    expect(ours.equals(withUnknownLeaderEpoch(await kafkajsBytes(transactional)))).toBe(true);
    expect(batchesOf(ours).map((b) => ours.readInt32BE(b.at + 12))).toEqual([-1, -1, -1]);
  });

  it("writes kafkajs's bytes for an idempotent, non-transactional request and for a plain one", async () => {
    const idempotent = { ...transactional, transactionalId: null };
    expect(encodeProduceRequest(idempotent).equals(withUnknownLeaderEpoch(await kafkajsBytes(idempotent)))).toBe(true);
    const plain = { ...idempotent, acks: 1, producerId: -1n, producerEpoch: 0, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: messages(5) }] }] };
    expect(encodeProduceRequest(plain).equals(withUnknownLeaderEpoch(await kafkajsBytes(plain)))).toBe(true);
  });

  it('writes given timestamps as deltas from the earliest, past 32 bits of milliseconds too', async () => {
    const timestamps = [NOW - 5_000_000_000, NOW, NOW + 3, NOW - 2]; // 5e9 ms: a delta beyond the 31-bit fast path
    const input: ProduceRequestInput = { ...transactional, topicData: [{ topic: 't', partitions: [{ partition: 1, messages: timestamps.map((ts, i) => ({ value: Buffer.from(`v${i}`), timestamp: String(ts) })) }] }] };
    const ours = encodeProduceRequest(input);
    // kafkajs sorts timestamps as strings: with equal digit counts that is numeric order, and the bytes agree
    expect(ours.equals(withUnknownLeaderEpoch(await kafkajsBytes(input)))).toBe(true);

    const [batch] = batchesOf(ours);
    const decoded = await decodeRecordBatch(new Decoder(ours.subarray(batch.at, batch.at + batch.length)));
    expect(decoded.records.map((r) => Number(r.timestamp))).toEqual(timestamps);
  });

  it('decodes back to the same records with kafkajs, null header values and empty values included', async () => {
    const input: ProduceRequestInput = {
      ...transactional,
      topicData: [{ topic: 't', partitions: [{ partition: 0, firstSequence: 5, messages: [{ key: Buffer.alloc(0), value: null, headers: { gone: null, kept: 'x' } }, { value: Buffer.alloc(0) }] }] }],
    };
    const ours = encodeProduceRequest(input);
    const [batch] = batchesOf(ours);
    const decoded = await decodeRecordBatch(new Decoder(ours.subarray(batch.at, batch.at + batch.length)));
    expect(decoded.records).toHaveLength(2);
    expect(decoded.records[0].key).toEqual(Buffer.alloc(0));
    expect(decoded.records[0].value).toBeNull();
    expect(decoded.records[0].headers).toEqual({ gone: null, kept: Buffer.from('x') });
    expect(decoded.records[1].key).toBeNull();
    expect(decoded.records[1].value).toEqual(Buffer.alloc(0));
    expect(decoded.records.map((r) => r.offset)).toEqual(['0', '1']);
  });

  it("matches kafkajs on 60 random requests: sizes across varint lengths, a 20,000-record batch, odd headers", async () => {
    let seed = 0x5eed;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32); // deterministic: a failure replays
    const pick = <T>(choices: T[]): T => choices[Math.floor(random() * choices.length)];
    const size = () => pick([0, 1, 63, 64, 127, 128, 8191, 8192, 16_384, Math.floor(random() * 2_000)]);
    const bytes = (n: number) => {
      const b = Buffer.alloc(n, Math.floor(random() * 256));
      for (let i = 0; i < n; i += 97) b[i] = Math.floor(random() * 256);
      return b;
    };
    const field = () => pick<Buffer | string | null>([null, bytes(size()), 'ünïcödé ' + 'x'.repeat(Math.floor(random() * 200))]);
    for (let round = 0; round < 60; round++) {
      const count = round === 0 ? 20_000 : 1 + Math.floor(random() * 60); // round 0: offset deltas in 3-byte varints
      const withTimestamps = random() < 0.3;
      const input: ProduceRequestInput = {
        ...transactional,
        transactionalId: random() < 0.5 ? null : `txn-${round}`,
        producerId: BigInt(Math.floor(random() * 2 ** 40)),
        topicData: [{ topic: `t-${round}`, partitions: [{ partition: round % 7, firstSequence: Math.floor(random() * 2 ** 31), messages: Array.from({ length: count }, (_, i) => ({
          key: round === 0 ? null : field(),
          value: round === 0 ? Buffer.alloc(10, i) : field(),
          headers: round === 0 || random() < 0.5 ? undefined : { [pick(['a', 'trace-id', 'ключ'])]: pick<Buffer | string | Array<Buffer | string>>([bytes(size() % 500), 'v', ['x', bytes(3)]]) },
          ...(withTimestamps ? { timestamp: String(1_700_000_000_000 + i * 997) } : {}),
        })) }] }],
      };
      const ours = encodeProduceRequest(input);
      expect({ round, equal: ours.equals(withUnknownLeaderEpoch(await kafkajsBytes(input))) }).toEqual({ round, equal: true });
    }
  });

  it('writes the same body after the headroom asked for, which the request frame will fill', () => {
    const plain = encodeProduceRequest(transactional);
    const roomy = encodeProduceRequest(transactional, 254);
    expect(roomy.length).toBe(plain.length + 254);
    expect(roomy.subarray(254).equals(plain)).toBe(true);
  });

  it('refuses a timestamp that is not a whole number of milliseconds', () => {
    const input = { ...transactional, topicData: [{ topic: 't', partitions: [{ partition: 0, messages: [{ value: 'v', timestamp: 'yesterday' }] }] }] };
    expect(() => encodeProduceRequest(input)).toThrow(/timestamp NaN is not a whole number/);
  });
});

describe('installProduceRequestEncoder', () => {
  const args = { ...transactional, producerId: Long.fromValue(transactional.producerId) };

  it("makes kafkajs's Produce v3 to v7 requests use the encoder, keeps kafkajs's for compressed and pre-0.11 ones, and goes back", async () => {
    expect(isProduceRequestEncoderInstalled()).toBe(false);
    const kafkajsV2 = produceRequests.protocol({ version: 2 });
    const uninstall = installProduceRequestEncoder();
    try {
      expect(isProduceRequestEncoderInstalled()).toBe(true);
      const now = jest.spyOn(Date, 'now').mockReturnValue(NOW);
      try {
        for (const version of [3, 5, 7]) {
          const { request, response } = produceRequests.protocol({ version })(args);
          expect(request.apiVersion).toBe(version);
          expect((await request.encode()).buffer.equals(encodeProduceRequest(transactional))).toBe(true);
          expect(typeof response.decode).toBe('function');
        }
        // Framed in place, in the encoder's own buffer: the bytes kafkajs's framing gives the same payload.
        const { request } = produceRequests.protocol({ version: 7 })(args);
        const encoded = await request.encode();
        const framed: Buffer = (await createRequest({ correlationId: 9, clientId: 'lifeboat-worker', request: { ...request, encode: async () => encoded } })).buffer;
        const copied: Buffer = (await createRequest({ correlationId: 9, clientId: 'lifeboat-worker', request: { ...request, encode: async () => new Encoder().writeBuffer(encoded.buffer) } })).buffer;
        expect(framed.equals(copied)).toBe(true);
        expect(framed.buffer).toBe(encoded.headroom.buffer.buffer); // no copy of the payload
        // A client id too long for the room is framed by copying, and still right.
        const longId = 'x'.repeat(300);
        const framedLong: Buffer = (await createRequest({ correlationId: 9, clientId: longId, request })).buffer;
        const copiedLong: Buffer = (await createRequest({ correlationId: 9, clientId: longId, request: { ...request, encode: async () => new Encoder().writeBuffer(encoded.buffer) } })).buffer;
        expect(framedLong.equals(copiedLong)).toBe(true);
        const gzip = produceRequests.protocol({ version: 7 })({ ...args, compression: Compression.GZIP });
        expect((await gzip.request.encode()).buffer.equals(await kafkajsBytes(transactional, Compression.GZIP))).toBe(true);
        expect(produceRequests.protocol({ version: 2 })).toBe(kafkajsV2); // message sets: kafkajs's own
      } finally {
        now.mockRestore();
      }
    } finally {
      uninstall();
    }
    expect(isProduceRequestEncoderInstalled()).toBe(false);
  });
});
