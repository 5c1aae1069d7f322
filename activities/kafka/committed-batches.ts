/**
 * What a read_committed consumer sees of one fetched record set, worked out from the record-batch headers
 * alone: the offsets of committed data records, as contiguous runs. Decoding every record, as kafkajs's
 * consumer does, cost a restore's worker about a third of its CPU to learn the same offsets.
 *
 * Record batch v2 layout (KIP-98): https://kafka.apache.org/documentation/#recordbatch. Aborted
 * transactions are dropped as Kafka's own consumer does (FetchCollector/CompletedFetch): a transactional
 * batch is aborted while its producer has an aborted transaction that began at or before the batch's last
 * offset and whose abort marker has not been passed yet.
 */
import { Decoder, decodeRecordBatch } from './kafkajs-internals';
import { DependencyError } from '../../domain/errors';

const HEADER_BYTES = 61; // baseOffset … recordsCount
const LOG_OVERHEAD = 12; // baseOffset int64 + batchLength int32, not counted in batchLength
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
const ABORT_MARKER = 0;

export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

export type OffsetRun = [first: bigint, last: bigint];

export interface CommittedRecordSet {
  /** Committed data records' offsets, in order, as contiguous runs. */
  runs: OffsetRun[];
  /** Where the next fetch starts: after the last complete batch (data, aborted or control). */
  nextOffset?: bigint;
  /** With `withBatches`: the committed data batches themselves, whole, for a caller that needs the records. */
  batches?: Buffer[];
}

/** `where` names the partition (topic-partition) for errors. */
export async function committedOffsets(
  recordSet: Buffer,
  abortedTransactions: AbortedTransaction[],
  where: string,
  options: { withBatches?: boolean } = {},
): Promise<CommittedRecordSet> {
  const pendingAborts = [...abortedTransactions].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0));
  const abortedProducers = new Set<bigint>();
  const runs: OffsetRun[] = [];
  const batches: Buffer[] | undefined = options.withBatches ? [] : undefined;
  let nextOffset: bigint | undefined;
  let at = 0;
  // The broker may end a fetch with a partial batch (max bytes reached): the next fetch starts there.
  while (at + LOG_OVERHEAD <= recordSet.length) {
    const baseOffset = recordSet.readBigInt64BE(at);
    const end = at + LOG_OVERHEAD + recordSet.readInt32BE(at + 8);
    if (end > recordSet.length || at + HEADER_BYTES > recordSet.length) break;
    const magic = recordSet.readInt8(at + 16);
    if (magic !== 2) {
      throw new DependencyError(where, `the batch at offset ${baseOffset} has message format v${magic}; reading back needs record batches (v2, Kafka 0.11 or later)`, false);
    }
    const attributes = recordSet.readInt16BE(at + 21);
    const lastOffset = baseOffset + BigInt(recordSet.readInt32BE(at + 23));
    const producerId = recordSet.readBigInt64BE(at + 43);
    const recordsCount = recordSet.readInt32BE(at + 57);
    nextOffset = lastOffset + 1n;

    let aborted = false;
    if (producerId >= 0n) {
      while (pendingAborts.length && pendingAborts[0].firstOffset <= lastOffset) abortedProducers.add(pendingAborts.shift()!.producerId);
      if (attributes & CONTROL && controlType(recordSet, at, where, baseOffset) === ABORT_MARKER) abortedProducers.delete(producerId);
      else aborted = (attributes & TRANSACTIONAL) !== 0 && abortedProducers.has(producerId);
    }
    if (!aborted && !(attributes & CONTROL) && recordsCount > 0) {
      if (BigInt(recordsCount) === lastOffset - baseOffset + 1n) addRun(runs, baseOffset, lastOffset);
      else for (const offset of await recordOffsets(recordSet.subarray(at, end))) addRun(runs, offset, offset); // compacted: offsets have holes
      batches?.push(recordSet.subarray(at, end));
    }
    at = end;
  }
  return batches ? { runs, nextOffset, batches } : { runs, nextOffset };
}

function addRun(runs: OffsetRun[], first: bigint, last: bigint): void {
  const run = runs[runs.length - 1];
  if (run && run[1] + 1n === first) run[1] = last;
  else runs.push([first, last]);
}

/** The type in a control record's key (version int16, type int16): 0 abort, 1 commit. Never compressed. */
function controlType(recordSet: Buffer, batchAt: number, where: string, baseOffset: bigint): number {
  let at = batchAt + HEADER_BYTES;
  at = skipVarint(recordSet, at); // record length
  at += 1; // record attributes
  at = skipVarint(recordSet, at); // timestamp delta
  at = skipVarint(recordSet, at); // offset delta
  const [keyLength, keyAt] = readZigzagVarint(recordSet, at);
  if (keyLength < 4 || keyAt + 4 > recordSet.length) throw new Error(`${where}: the control batch at offset ${baseOffset} has no control record key`);
  return recordSet.readInt16BE(keyAt + 2);
}

function skipVarint(buffer: Buffer, at: number): number {
  while (buffer[at] & 0x80) at++;
  return at + 1;
}

function readZigzagVarint(buffer: Buffer, at: number): [value: number, next: number] {
  let raw = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = buffer[at++];
    raw += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80 && shift < 35);
  return [raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2, at];
}

/** Offsets of a batch whose records are not contiguous (a compacted log): decoded, decompressed if need be. */
async function recordOffsets(batch: Buffer): Promise<bigint[]> {
  const decoded = await decodeRecordBatch(new Decoder(batch));
  return decoded.records.map((record) => BigInt(record.offset));
}
