/**
 * The body of a Produce request (v3 to v7, one layout) with uncompressed v2 record batches, written in one
 * pass into one buffer sized beforehand. kafkajs builds the same bytes with an encoder per record, grown by
 * doubling and copied into the batch, then into the partition, then into the topic: four copies of every
 * value and most of a restore's garbage. The bytes are the ones kafkajs would send (its request and record
 * batch layout; `test/unit/activities/kafka/produce-request-encoder.test.ts` compares them), except the batch's
 * partition leader epoch: -1, "unknown", as the Java producer writes it (the broker sets its own).
 *
 * Layout (Kafka's `ProduceRequest` and `DefaultRecordBatch`):
 *   transactional_id NULLABLE_STRING, acks INT16, timeout INT32, [topic STRING, [partition INT32, records BYTES]]
 *   records = base_offset INT64, batch_length INT32, partition_leader_epoch INT32, magic INT8 (2), crc UINT32
 *             (CRC-32C of everything after it), attributes INT16, last_offset_delta INT32, base_timestamp INT64,
 *             max_timestamp INT64, producer_id INT64, producer_epoch INT16, base_sequence INT32, [record]
 *   record  = length VARINT, attributes INT8, timestamp_delta VARLONG, offset_delta VARINT, key VARBYTES,
 *             value VARBYTES, [header_key VARSTRING, header_value VARBYTES]
 */
import { crc32c } from './crc32c';

export type ProduceValue = Buffer | string | null | undefined;

export interface ProduceMessage {
  key?: ProduceValue;
  value: ProduceValue;
  headers?: Record<string, ProduceValue | ProduceValue[]>;
  /** Milliseconds since the epoch, as a number or a decimal string (kafkajs takes both); now when absent. */
  timestamp?: string | number;
}

export interface ProducePartitionData {
  partition: number;
  /** The idempotent producer's sequence number of the first record; 0 otherwise (as kafkajs writes). */
  firstSequence?: number;
  messages: ProduceMessage[];
}

export interface ProduceRequestInput {
  transactionalId?: string | null;
  acks: number;
  timeout: number;
  /** -1 when the producer is neither idempotent nor transactional. */
  producerId: bigint;
  producerEpoch: number;
  topicData: Array<{ topic: string; partitions: ProducePartitionData[] }>;
  /** Date.now() unless given (tests): the timestamp of records that carry none. */
  now?: number;
}

const MAGIC = 2;
const TRANSACTIONAL_ATTRIBUTE = 0x10;
const NO_PARTITION_LEADER_EPOCH = -1;
/** base_offset … records count: the fixed part of a v2 batch. */
const BATCH_HEADER_BYTES = 61;
/** The batch's bytes covered by its CRC start at its attributes. */
const CRC_OFFSET = 17;
const ATTRIBUTES_OFFSET = 21;

/**
 * The encoded body of the request: what kafkajs's `encode()` of a Produce request returns, as bytes. With
 * `headroom`, the body starts that many bytes into the returned buffer, so that the request's frame (size and
 * header) can be written in front of it instead of copying it into a frame.
 */
export function encodeProduceRequest(input: ProduceRequestInput, headroom = 0): Buffer {
  const now = input.now ?? Date.now();
  const transactionalId = input.transactionalId ?? null;
  const batches = input.topicData.map((topic) => topic.partitions.map((p) => planBatch(p.messages, now)));

  let size = 2 + (transactionalId === null ? 0 : Buffer.byteLength(transactionalId)) + 2 + 4 + 4;
  input.topicData.forEach((topic, t) => {
    size += 2 + Buffer.byteLength(topic.topic) + 4;
    for (const batch of batches[t]) size += 4 + 4 + batch.bytes;
  });

  const out = new Writer(Buffer.allocUnsafe(headroom + size));
  out.offset = headroom;
  out.nullableString(transactionalId);
  out.int16(input.acks);
  out.int32(input.timeout);
  out.int32(input.topicData.length);
  input.topicData.forEach((topic, t) => {
    out.string(topic.topic);
    out.int32(topic.partitions.length);
    topic.partitions.forEach((partition, p) => {
      out.int32(partition.partition);
      out.int32(batches[t][p].bytes);
      writeBatch(out, partition, batches[t][p], input, !!transactionalId); // kafkajs's test, for the same bytes
    });
  });
  if (out.offset !== headroom + size) throw new Error(`produce request encoder: wrote ${out.offset - headroom} bytes of the ${size} planned`);
  return out.buffer;
}

/** What a batch needs written, measured before anything is: each record's timestamp delta and body size. */
interface BatchPlan {
  bytes: number;
  baseTimestamp: number;
  maxTimestamp: number;
  timestampDeltas: number[];
  bodySizes: number[];
}

function planBatch(messages: ProduceMessage[], now: number): BatchPlan {
  const timestamps = messages.map((m) => (m.timestamp === undefined || m.timestamp === null ? now : Number(m.timestamp)));
  let baseTimestamp = timestamps.length > 0 ? timestamps[0] : now;
  let maxTimestamp = baseTimestamp;
  for (const ts of timestamps) {
    if (!Number.isSafeInteger(ts)) throw new Error(`record timestamp ${ts} is not a whole number of milliseconds`);
    if (ts < baseTimestamp) baseTimestamp = ts;
    if (ts > maxTimestamp) maxTimestamp = ts;
  }
  const timestampDeltas = timestamps.map((ts) => ts - baseTimestamp);
  const bodySizes: number[] = new Array(messages.length);
  let bytes = BATCH_HEADER_BYTES;
  messages.forEach((message, i) => {
    const body = 1 + sizeOfVarLong(timestampDeltas[i]) + sizeOfVarInt(i) + sizeOfVarBytes(message.key) + sizeOfVarBytes(message.value) + sizeOfHeaders(message.headers);
    bodySizes[i] = body;
    bytes += sizeOfVarInt(body) + body;
  });
  return { bytes, baseTimestamp, maxTimestamp, timestampDeltas, bodySizes };
}

function writeBatch(out: Writer, partition: ProducePartitionData, plan: BatchPlan, input: ProduceRequestInput, transactional: boolean): void {
  const start = out.offset;
  out.int64(0n);
  out.int32(plan.bytes - 12); // batch_length counts what follows it
  out.int32(NO_PARTITION_LEADER_EPOCH);
  out.int8(MAGIC);
  out.int32(0); // the CRC, once the rest is written
  out.int16(transactional ? TRANSACTIONAL_ATTRIBUTE : 0); // no compression, CreateTime
  out.int32(partition.messages.length - 1);
  out.int64(BigInt(plan.baseTimestamp));
  out.int64(BigInt(plan.maxTimestamp));
  out.int64(input.producerId);
  out.int16(input.producerEpoch);
  out.int32(partition.firstSequence ?? 0);
  out.int32(partition.messages.length);
  partition.messages.forEach((message, i) => {
    out.varInt(plan.bodySizes[i]);
    out.int8(0);
    out.varLong(plan.timestampDeltas[i]);
    out.varInt(i);
    out.varBytes(message.key);
    out.varBytes(message.value);
    writeHeaders(out, message.headers);
  });
  out.buffer.writeUInt32BE(crc32c(out.buffer, start + ATTRIBUTES_OFFSET, out.offset), start + CRC_OFFSET);
}

const NO_HEADERS: ReadonlyArray<[string, ProduceValue]> = [];

/** kafkajs's header shape: a key's value may be an array of values, each a header of its own. */
function headerEntries(headers: ProduceMessage['headers']): ReadonlyArray<[string, ProduceValue]> {
  if (!headers) return NO_HEADERS; // a restore's records mostly have none: no array per record
  const entries: Array<[string, ProduceValue]> = [];
  for (const key of Object.keys(headers)) {
    const value = headers[key];
    if (Array.isArray(value)) for (const v of value) entries.push([key, v]);
    else entries.push([key, value]);
  }
  return entries;
}

function sizeOfHeaders(headers: ProduceMessage['headers']): number {
  const entries = headerEntries(headers);
  let size = sizeOfVarInt(entries.length);
  for (const [key, value] of entries) size += sizeOfVarBytes(key) + sizeOfVarBytes(value);
  return size;
}

function writeHeaders(out: Writer, headers: ProduceMessage['headers']): void {
  const entries = headerEntries(headers);
  out.varInt(entries.length);
  for (const [key, value] of entries) {
    out.varBytes(key);
    out.varBytes(value);
  }
}

function byteLength(value: ProduceValue): number {
  if (value === null || value === undefined) return -1;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

function sizeOfVarBytes(value: ProduceValue): number {
  const length = byteLength(value);
  return length < 0 ? 1 : sizeOfVarInt(length) + length;
}

/** Bytes of a zigzag varint (Kafka's signed varint) of a 32-bit value. */
export function sizeOfVarInt(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (v >= 0x80) {
    v >>>= 7;
    bytes++;
  }
  return bytes;
}

/** Bytes of a zigzag varlong of a safe integer (timestamp deltas). */
export function sizeOfVarLong(value: number): number {
  if (value >= -0x40000000 && value < 0x40000000) return sizeOfVarInt(value);
  let v = zigzag64(value);
  let bytes = 1;
  while (v >= 0x80n) {
    v >>= 7n;
    bytes++;
  }
  return bytes;
}

function zigzag64(value: number): bigint {
  const v = BigInt(value);
  return BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
}

/** Writes big-endian integers, varints and byte strings into a buffer of known size. */
class Writer {
  offset = 0;
  constructor(readonly buffer: Buffer) {}

  int8(v: number): void {
    this.buffer.writeInt8(v, this.offset);
    this.offset += 1;
  }
  int16(v: number): void {
    this.buffer.writeInt16BE(v, this.offset);
    this.offset += 2;
  }
  int32(v: number): void {
    this.buffer.writeInt32BE(v, this.offset);
    this.offset += 4;
  }
  int64(v: bigint): void {
    this.buffer.writeBigInt64BE(v, this.offset);
    this.offset += 8;
  }
  string(v: string): void {
    const length = Buffer.byteLength(v);
    this.int16(length);
    this.offset += this.buffer.write(v, this.offset, 'utf8');
  }
  nullableString(v: string | null): void {
    if (v === null) this.int16(-1);
    else this.string(v);
  }
  varInt(value: number): void {
    let v = ((value << 1) ^ (value >> 31)) >>> 0;
    while (v >= 0x80) {
      this.buffer[this.offset++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buffer[this.offset++] = v;
  }
  varLong(value: number): void {
    if (value >= -0x40000000 && value < 0x40000000) {
      this.varInt(value); // the same bytes while the zigzag value fits 31 bits: the common case, no BigInt
      return;
    }
    let v = zigzag64(value);
    while (v >= 0x80n) {
      this.buffer[this.offset++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buffer[this.offset++] = Number(v);
  }
  varBytes(value: ProduceValue): void {
    if (value === null || value === undefined) {
      this.varInt(-1);
      return;
    }
    if (typeof value === 'string') {
      this.varInt(Buffer.byteLength(value));
      this.offset += this.buffer.write(value, this.offset, 'utf8');
      return;
    }
    this.varInt(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
  }
}
