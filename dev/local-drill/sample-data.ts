import type { Kafka } from 'kafkajs';
import { Partitioners } from 'kafkajs';
import * as avro from 'avsc';
import type { SchemaRegistryClient } from '../../activities/schema-registry/client';

/** The drill's sample topic: orders as a Schema-Registry Avro producer would write them. */
export const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  namespace: 'io.lifeboat.drill',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'amountCents', type: 'long' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
};
const orderType = avro.Type.forSchema(ORDER_SCHEMA as avro.Schema);

export interface Order {
  id: number;
  customer: string;
  amountCents: number;
  note: string | null;
}

/** Produces `perPartition` orders to each partition, in Confluent wire format; timestamps spread over hours. */
export async function produceSampleOrders(
  kafka: Kafka,
  registry: SchemaRegistryClient,
  topic: string,
  partitions: number,
  perPartition: number,
  startTime: number,
): Promise<void> {
  const schemaId = await registry.register(`${topic}-value`, JSON.stringify(ORDER_SCHEMA));
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (let partition = 0; partition < partitions; partition++) {
      for (let start = 0; start < perPartition; start += 500) {
        const messages = [];
        for (let i = start; i < Math.min(perPartition, start + 500); i++) {
          const order: Order = { id: partition * 1_000_000 + i, customer: `customer-${i % 97}`, amountCents: 100 + ((i * 7919) % 100_000), note: i % 5 ? null : 'gift' };
          messages.push({ partition, value: wireFormat(schemaId, orderType.toBuffer(order)), timestamp: String(startTime + i * 7_000) });
        }
        await producer.send({ topic, messages, acks: -1 });
      }
    }
  } finally {
    await producer.disconnect();
  }
}

export function wireFormat(schemaId: number, datum: Buffer): Buffer {
  const prefix = Buffer.alloc(5);
  prefix.writeInt32BE(schemaId, 1);
  return Buffer.concat([prefix, datum]);
}

/** The Avro datum inside a Confluent wire-format value. */
export function datumOf(value: Buffer): Buffer {
  if (value[0] !== 0) throw new Error('not Confluent wire format');
  return value.subarray(5);
}

export function decodeOrder(datum: Buffer): Order {
  return orderType.fromBuffer(datum) as Order;
}
