/**
 * The benchmark's record values, deterministic per (topic, partition, offset), so the generator can
 * write them to the bucket and the baseline can rebuild exactly the same bytes later without keeping a
 * million records around. Values are ~0.5 KB: a Connect-style order with a random base64 payload
 * (random text, so deflate gets a realistic ratio rather than an absurd one).
 */
import { createCipheriv, createHash } from 'node:crypto';
import * as avro from 'avsc';

export type BenchFormat = 'avro' | 'json' | 'bytearray';

export const VALUE_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'com.acme.bench',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null },
    { name: 'amount', type: 'double' },
    { name: 'at', type: { type: 'long', 'connect.name': 'org.apache.kafka.connect.data.Timestamp', logicalType: 'timestamp-millis' } },
    { name: 'tags', type: { type: 'map', values: 'string' } },
    { name: 'payload', type: 'string' },
  ],
  'connect.version': 1,
  'connect.name': 'com.acme.bench.Order',
};

/** Plain avsc without logical types: longs as safe-integer numbers encode exactly as the sink simulator's. */
const avroType = avro.Type.forSchema(VALUE_SCHEMA as avro.Schema);

export interface Order {
  id: number;
  customer: string;
  email: string | null;
  amount: number;
  at: number;
  tags: Record<string, string>;
  payload: string;
}

/** Record `offset` of one topic-partition, in the shape each format stores (the sink's value). */
export type StoredValue = Order | Buffer;

/**
 * Produces the values of one topic-partition in offset order, starting at offset 0. A keystream
 * (AES-CTR keyed by topic and partition) supplies the payload bytes, so two streams over the same
 * topic-partition produce identical records.
 */
export class PartitionValues {
  private readonly cipher;
  private offset = 0;

  constructor(
    readonly format: BenchFormat,
    topic: string,
    readonly partition: number,
  ) {
    const key = createHash('sha256').update(`${topic}/${partition}`).digest();
    this.cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  }

  /** The next `count` values as the sink stores them: Avro objects for Avro, raw bytes otherwise. */
  next(count: number): StoredValue[] {
    const lengths = Array.from({ length: count }, (_, i) => 270 + ((this.offset + i) % 30));
    const random = this.cipher.update(Buffer.alloc(lengths.reduce((a, b) => a + b, 0)));
    const values: StoredValue[] = [];
    let at = 0;
    for (const length of lengths) {
      const order = this.order(this.offset++, random.subarray(at, at + length).toString('base64'));
      at += length;
      values.push(this.stored(order));
    }
    return values;
  }

  private order(offset: number, payload: string): Order {
    const id = this.partition * 10_000_000 + offset;
    return {
      id,
      customer: `customer-${id % 9973}`,
      email: id % 3 === 0 ? null : `user${id}@example.com`,
      amount: (id % 100_000) * 1.25,
      at: 1_764_000_000_000 + offset * 10,
      tags: { region: 'eu-west', tier: id % 2 ? 'gold' : 'silver' },
      payload,
    };
  }

  private stored(order: Order): StoredValue {
    if (this.format === 'avro') return order;
    if (this.format === 'json') return Buffer.from(JSON.stringify(order), 'utf8');
    // ByteArray: a pipe-separated line; base64 and digits never contain the "\n" separator.
    return Buffer.from(`order|${order.id}|${order.customer}|${order.email ?? ''}|${order.amount}|${order.at}|${order.payload}`, 'utf8');
  }
}

/**
 * The bytes Lifeboat publishes for a stored value with valueSerializer `avro`: the bare Avro datum for
 * Avro (no registry prefix), the stored bytes for JSON and ByteArray.
 */
export function publishedBytes(value: StoredValue): Buffer {
  return Buffer.isBuffer(value) ? value : avroType.toBuffer(value);
}
