/**
 * Throughput of the record readers from memory (not a test): is the reader fast enough not to be the
 * bottleneck of a 1M-record restore? Builds ~200 MB of ~0.5 KB Connect-style Avro records per codec and
 * a JSON-lines object of the same size, feeds them in 64 KiB chunks (like a GCS read stream) and prints
 * records/s. Run: node bin/run-ts.js bench/formats-benchmark.ts [targetMB]
 */
import { randomBytes } from 'crypto';
import { encodeAvroObject, encodeJsonValue, encodeSeparatedObject } from '../dev/sink-simulator/encoders';
import { openRecordReader, type BackupFormat } from '../formats';

const TARGET_MB = Number(process.argv[2] ?? 200);
const CHUNK = 64 * 1024;

const SCHEMA = {
  type: 'record',
  name: 'ConnectDefault',
  namespace: 'io.confluent.connect.avro',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'customer', type: 'string' },
    { name: 'email', type: ['null', 'string'], default: null },
    { name: 'amount', type: 'double' },
    { name: 'at', type: { type: 'long', 'connect.name': 'org.apache.kafka.connect.data.Timestamp', logicalType: 'timestamp-millis' } },
    { name: 'tags', type: { type: 'map', values: 'string' } },
    { name: 'notes', type: { type: 'array', items: 'string' } },
    { name: 'payload', type: 'string' },
  ],
  'connect.name': 'io.confluent.connect.avro.ConnectDefault',
};

function makeValue(i: number) {
  return {
    id: BigInt(i),
    customer: `customer-${i % 9973}`,
    email: i % 3 === 0 ? null : `user${i}@example.com`,
    amount: i * 1.25,
    at: 1700000000000n + BigInt(i),
    tags: { region: 'eu-west', tier: i % 2 ? 'gold' : 'silver' },
    notes: ['first note', `note ${i}`],
    payload: randomBytes(285 + (i % 30)).toString('base64'), // random text: codecs get real-world ratios
  };
}

async function* chunks(buf: Buffer): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += CHUNK) yield buf.subarray(i, i + CHUNK);
}

async function measure(label: string, format: BackupFormat, objectName: string, body: Buffer, rawBytes: number): Promise<void> {
  const start = process.hrtime.bigint();
  let records = 0;
  let bytes = 0;
  for await (const batch of openRecordReader({ format, objectName, source: chunks(body) })) {
    records += batch.records.length;
    for (const r of batch.records) bytes += r.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (bytes !== rawBytes) throw new Error(`${label}: read ${bytes} record bytes, expected ${rawBytes}`);
  const rate = Math.round(records / seconds);
  console.log(
    `${label.padEnd(22)} ${records} records, ${(body.length / 1e6).toFixed(0)} MB stored, ${seconds.toFixed(2)} s → ` +
      `${rate.toLocaleString('en-US')} records/s, ${(rawBytes / 1e6 / seconds).toFixed(0)} MB/s of record bytes`,
  );
}

async function main(): Promise<void> {
  const probe = encodeAvroObject(SCHEMA, [makeValue(1)]).length;
  const count = Math.round((TARGET_MB * 1e6) / 500);
  console.log(`node ${process.version}; building ${count} records (~${TARGET_MB} MB, one probe object ${probe} B)…`);
  const values = Array.from({ length: count }, (_, i) => makeValue(i));

  for (const codec of ['null', 'snappy', 'deflate'] as const) {
    const file = encodeAvroObject(SCHEMA, values, { codec });
    await measure(`avro ${codec}`, 'avro', 'bench+0+0000000000.avro', file, await recordBytes(file));
  }

  const lines = values.map((v) => encodeJsonValue(v));
  const json = encodeSeparatedObject(lines, Buffer.from('\n'), false);
  const lineBytes = lines.reduce((n, l) => n + l.length, 0);
  await measure('json', 'json', 'bench+0+0000000000.json', json, lineBytes);
  await measure('json.gz', 'json', 'bench+0+0000000000.json.gz', encodeSeparatedObject(lines, Buffer.from('\n'), true), lineBytes);
}

/** Total datum bytes, counted by a separate (unmeasured) read, to check the measured read saw them all. */
async function recordBytes(file: Buffer): Promise<number> {
  let n = 0;
  for await (const batch of openRecordReader({ format: 'avro', objectName: 'count.avro', source: chunks(file) })) {
    for (const r of batch.records) n += r.length;
  }
  return n;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
