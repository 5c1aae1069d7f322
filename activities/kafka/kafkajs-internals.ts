/**
 * The few kafkajs internals Lifeboat uses, typed, in one place. kafkajs is pinned at 2.2.4 (its last
 * release, patched in patches/), so these cannot move under us; the read-back and offset-map integration
 * tests use them against the real brokers.
 *
 * They serve two needs: fetching a partition's committed record batches without a consumer group and
 * without decoding each record (see committed-batches.ts), which kafkajs's public consumer cannot do; and
 * encoding produce requests in one pass (see produce-request-encoder.ts), which kafkajs does record by record.
 */
import type { Kafka } from 'kafkajs';
import { DependencyError } from '../../domain/errors';
import { encodeProduceRequest } from './produce-request-encoder';

// Untyped internal modules, typed below.
const DecoderClass = require('kafkajs/src/protocol/decoder');
const recordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder');
const fetchV11Request = require('kafkajs/src/protocol/requests/fetch/v11/request');
const { createErrorFromCode: errorFromCode } = require('kafkajs/src/protocol/error');
const apiKeys = require('kafkajs/src/protocol/requests/apiKeys');
const produceRequests = require('kafkajs/src/protocol/requests/produce');
const EncoderClass = require('kafkajs/src/protocol/encoder');
const Long = require('kafkajs/src/utils/long');
const { Types: CompressionTypes } = require('kafkajs/src/protocol/message/compression');

export interface KafkaDecoder {
  readInt8(): number;
  readInt16(): number;
  readInt32(): number;
  readInt64(): { toString(): string };
  readString(): string;
  /** Without a length: an int32 length, then that many bytes (null for -1). */
  readBytes(length?: number): Buffer | null;
  readArray<T>(read: (decoder: KafkaDecoder) => T): T[];
  canReadBytes(length: number): boolean;
}

export const Decoder: new (buffer: Buffer) => KafkaDecoder = DecoderClass;

export interface DecodedRecord {
  offset: string;
  timestamp: string;
  key: Buffer | null;
  value: Buffer | null;
  /** A repeated header key holds an array of its values, as kafkajs's consumer gives them. */
  headers: Record<string, Buffer | Buffer[]>;
}

/** Decodes (and decompresses) one whole record batch: a batch with holes in its offsets, the offset map's records. */
export const decodeRecordBatch: (decoder: KafkaDecoder) => Promise<{ records: DecodedRecord[] }> = recordBatchDecoder;

/** The kafkajs error for a protocol error code; `retriable` tells transient errors apart. */
export const createErrorFromCode: (code: number) => Error & { retriable?: boolean; type?: string } = errorFromCode;

export const FETCH_API_KEY: number = apiKeys.Fetch;

export interface ProtocolRequest {
  request: { apiKey: number; apiVersion: number; apiName: string; encode(): Promise<unknown> };
  response: { decode(raw: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<unknown> };
  requestTimeout: number;
  /** kafkajs logs failed responses as errors unless told the caller handles them. */
  logResponseError: boolean;
}

export interface FetchPartition {
  partition: number;
  fetchOffset: string;
  maxBytes: number;
}

/**
 * A Fetch v11 request (Kafka 2.3+; Kafka 4 serves v4 to v17) whose response the caller decodes. The caller
 * handles (and reports) errors itself. kafkajs's connection honours the throttle time the decoder returns.
 */
export function fetchV11<T>(
  options: { isolationLevel: 0 | 1; maxWaitTime: number; minBytes: number; maxBytes: number; topics: Array<{ topic: string; partitions: FetchPartition[] }> },
  decode: (raw: Buffer) => Promise<{ throttleTimeMs: number; value: T }>,
): ProtocolRequest {
  return {
    request: fetchV11Request({ replicaId: -1, ...options }),
    response: {
      decode: async (raw) => {
        const { throttleTimeMs, value } = await decode(raw);
        return { clientSideThrottleTime: throttleTimeMs, value };
      },
      parse: async (decoded) => (decoded as { value: T }).value,
    },
    // A fetch waits at the broker for up to maxWaitTime before it answers.
    requestTimeout: options.maxWaitTime + 30_000,
    logResponseError: false,
  };
}

export interface KafkaBroker {
  versions: Record<number, { minVersion: number; maxVersion: number }>;
  connectionPool: { send(request: ProtocolRequest): Promise<unknown> };
}

export interface KafkaCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): Array<{ partitionId: number; leader: number }>;
  findBroker(options: { nodeId: number }): Promise<KafkaBroker>;
}

/**
 * A cluster connection of its own, with the client's brokers, TLS, SASL and retry settings: what kafkajs
 * gives each producer, consumer and admin. The factory is a private symbol on the Kafka client.
 */
export function createCluster(kafka: Kafka): KafkaCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const factory = symbol && (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function') throw new DependencyError('kafkajs', 'this version does not expose its cluster factory (Lifeboat needs kafkajs 2.2.4)', false);
  return factory({ allowAutoTopicCreation: false });
}

interface ProduceArgs {
  acks: number;
  timeout: number;
  compression?: number;
  transactionalId?: string;
  producerId?: unknown;
  producerEpoch?: number;
  topicData: Parameters<typeof encodeProduceRequest>[0]['topicData'];
}
type ProduceProtocol = (args: ProduceArgs) => { request: { encode(): Promise<unknown> }; response: unknown };

/** The patched framing (patches/) writes a frame in front of a payload that left room for it. */
const framingWritesInPlace: boolean = require('kafkajs/src/protocol/request').framesInPlace === true;
/** Client ids up to this many bytes fit the room left; Lifeboat's are ~20. */
const FRAME_CLIENT_ID_ROOM = 240;

/** Produce v3 to v7 share one layout (v3/request.js); older brokers get kafkajs's own encoding. */
const FIRST_RECORD_BATCH_PRODUCE_VERSION = 3;
const kafkajsProduceProtocol: (v: { version: number }) => ProduceProtocol | undefined = produceRequests.protocol;

/**
 * From now on, this process's kafkajs producers encode uncompressed Produce requests with
 * produce-request-encoder.ts instead of record by record; compressed ones, and brokers older than
 * Kafka 0.11, keep kafkajs's path. The lookup is per request, so producers already connected switch
 * too. The worker installs it for good; the benchmark measures kafkajs with and without it and gets
 * the returned function to put kafkajs's own back.
 */
export function installProduceRequestEncoder(): () => void {
  // Room for the frame in front of each request: size, api key, version, correlation id, client id (int16
  // length + bytes). A longer client id is framed by copying, as kafkajs does.
  const frameHeadroom = framingWritesInPlace ? 4 + 2 + 2 + 4 + 2 + FRAME_CLIENT_ID_ROOM : 0;
  produceRequests.protocol = ({ version }: { version: number }) => {
    const kafkajsRequest = kafkajsProduceProtocol({ version });
    if (kafkajsRequest === undefined || version < FIRST_RECORD_BATCH_PRODUCE_VERSION) return kafkajsRequest;
    return (args: ProduceArgs) => {
      const built = kafkajsRequest(args);
      if ((args.compression ?? CompressionTypes.None) !== CompressionTypes.None) return built;
      const encode = async () =>
        encoderHolding(
          encodeProduceRequest(
            {
              transactionalId: args.transactionalId ?? null,
              acks: args.acks,
              timeout: args.timeout,
              producerId: args.producerId === undefined ? -1n : Long.fromValue(args.producerId).value,
              producerEpoch: args.producerEpoch ?? 0,
              topicData: args.topicData,
            },
            frameHeadroom,
          ),
          frameHeadroom,
        );
      return { ...built, request: { ...built.request, encode } };
    };
  };
  return () => {
    produceRequests.protocol = kafkajsProduceProtocol;
  };
}

export function isProduceRequestEncoderInstalled(): boolean {
  return produceRequests.protocol !== kafkajsProduceProtocol;
}

/**
 * kafkajs's request framing takes an Encoder: one that already holds the bytes, without copying them. Its
 * `headroom` tells the patched framing (patches/, request.js) that the first `start` bytes of `buffer` are
 * free, so the frame's size and header go there and the payload is never copied; unpatched framing reads
 * only `buf`, the payload itself.
 */
function encoderHolding(bytes: Buffer, headroom: number): unknown {
  const encoder = new EncoderClass(0);
  encoder.buf = headroom ? bytes.subarray(headroom) : bytes;
  encoder.offset = bytes.length - headroom;
  if (headroom) encoder.headroom = { buffer: bytes, start: headroom };
  return encoder;
}
