import { committedOffsets, type AbortedTransaction } from '../../../../activities/kafka/committed-batches';
import { Decoder, decodeRecordBatch } from '../../../../activities/kafka/kafkajs-internals';

// kafkajs's own record batch encoder writes the data batches (real v2 bytes); it cannot write control batches,
// so those are laid out here by hand after https://kafka.apache.org/documentation/#controlbatch.
// Untyped internal modules.
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
const { Types: Compression } = require('kafkajs/src/protocol/message/compression');

async function dataBatch(options: { baseOffset: bigint; offsetDeltas: number[]; producerId?: bigint; transactional?: boolean; compression?: number }): Promise<Buffer> {
  const records = options.offsetDeltas.map((offsetDelta) => Record({ offsetDelta, value: Buffer.from(`record ${offsetDelta}`), timestampDelta: 0 }));
  const encoder = await RecordBatch({
    firstOffset: options.baseOffset.toString(),
    lastOffsetDelta: options.offsetDeltas[options.offsetDeltas.length - 1],
    producerId: (options.producerId ?? -1n).toString(),
    transactional: options.transactional ?? false,
    compression: options.compression,
    records,
  });
  return encoder.buffer;
}

function controlBatch(offset: bigint, producerId: bigint, type: 'abort' | 'commit'): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(0, 0); // version
  key.writeInt16BE(type === 'abort' ? 0 : 1, 2);
  // record: attributes, timestampDelta 0, offsetDelta 0, keyLength 4 (zigzag 8), key, valueLength 0, no headers
  const body = Buffer.concat([Buffer.from([0, 0, 0, 8]), key, Buffer.from([0, 0])]);
  const record = Buffer.concat([Buffer.from([body.length * 2]), body]); // zigzag varint length (< 64)
  const header = Buffer.alloc(61);
  header.writeBigInt64BE(offset, 0);
  header.writeInt32BE(61 - 12 + record.length, 8);
  header.writeInt8(2, 16); // magic
  header.writeInt16BE(0x10 | 0x20, 21); // transactional, control
  header.writeInt32BE(0, 23); // lastOffsetDelta
  header.writeBigInt64BE(producerId, 43);
  header.writeInt32BE(1, 57); // recordsCount
  return Buffer.concat([header, record]);
}

describe('committed offsets from record batch headers', () => {
  it('gives contiguous batches as one run and the offset after the last batch', async () => {
    const set = Buffer.concat([await dataBatch({ baseOffset: 10n, offsetDeltas: [0, 1, 2] }), await dataBatch({ baseOffset: 13n, offsetDeltas: [0, 1] })]);
    expect(await committedOffsets(set, [], 't-0')).toEqual({ runs: [[10n, 14n]], nextOffset: 15n });
  });

  it('drops an aborted transaction and the control markers, keeps committed ones', async () => {
    const set = Buffer.concat([
      await dataBatch({ baseOffset: 0n, offsetDeltas: [0, 1], producerId: 7n, transactional: true }),
      controlBatch(2n, 7n, 'commit'),
      await dataBatch({ baseOffset: 3n, offsetDeltas: [0, 1], producerId: 7n, transactional: true }), // aborted below
      await dataBatch({ baseOffset: 5n, offsetDeltas: [0], producerId: 8n, transactional: true }), // another producer, committed
      controlBatch(6n, 7n, 'abort'),
      controlBatch(7n, 8n, 'commit'),
      await dataBatch({ baseOffset: 8n, offsetDeltas: [0, 1], producerId: 7n, transactional: true }), // the producer's next transaction
      controlBatch(10n, 7n, 'commit'),
    ]);
    const aborted: AbortedTransaction[] = [{ producerId: 7n, firstOffset: 3n }];
    expect(await committedOffsets(set, aborted, 't-0')).toEqual({ runs: [[0n, 1n], [5n, 5n], [8n, 9n]], nextOffset: 11n });

    // Asked for, the committed data batches come back whole: their records decode, the aborted ones are not there.
    const { batches } = await committedOffsets(set, aborted, 't-0', { withBatches: true });
    const decoded = await Promise.all(batches!.map((batch) => decodeRecordBatch(new Decoder(batch))));
    expect(decoded.flatMap((b) => b.records.map((r) => [r.offset, r.value?.toString()]))).toEqual([
      ['0', 'record 0'],
      ['1', 'record 1'],
      ['5', 'record 0'],
      ['8', 'record 0'],
      ['9', 'record 1'],
    ]);
  });

  it('keeps a non-transactional batch of a producer with an aborted transaction', async () => {
    const set = Buffer.concat([await dataBatch({ baseOffset: 0n, offsetDeltas: [0], producerId: 7n, transactional: true }), await dataBatch({ baseOffset: 1n, offsetDeltas: [0], producerId: 9n })]);
    expect((await committedOffsets(set, [{ producerId: 7n, firstOffset: 0n }, { producerId: 9n, firstOffset: 0n }], 't-0')).runs).toEqual([[1n, 1n]]);
  });

  it('reads the offsets of a compacted batch, compressed or not, from its records', async () => {
    for (const compression of [Compression.None, Compression.GZIP]) {
      const set = await dataBatch({ baseOffset: 20n, offsetDeltas: [0, 2, 5], compression });
      expect(await committedOffsets(set, [], 't-0')).toEqual({ runs: [[20n, 20n], [22n, 22n], [25n, 25n]], nextOffset: 26n });
    }
  });

  it('stops before a batch the fetch cut short; the next fetch starts there', async () => {
    const first = await dataBatch({ baseOffset: 0n, offsetDeltas: [0, 1] });
    const second = await dataBatch({ baseOffset: 2n, offsetDeltas: [0, 1, 2] });
    for (const cut of [5, 30, second.length - 1]) {
      expect(await committedOffsets(Buffer.concat([first, second.subarray(0, cut)]), [], 't-0')).toEqual({ runs: [[0n, 1n]], nextOffset: 2n });
    }
    expect(await committedOffsets(Buffer.alloc(0), [], 't-0')).toEqual({ runs: [], nextOffset: undefined });
  });

  it('refuses the pre-0.11 message format, naming the partition and offset', async () => {
    const batch = await dataBatch({ baseOffset: 4n, offsetDeltas: [0] });
    batch.writeInt8(1, 16);
    await expect(committedOffsets(batch, [], 'orders-3')).rejects.toThrow('orders-3: the batch at offset 4 has message format v1');
    await expect(committedOffsets(batch, [], 'orders-3')).rejects.toMatchObject({ name: 'DependencyError', retryable: false }); // not retried forever
  });
});
