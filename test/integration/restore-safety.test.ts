import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readOffsetMapEntries } from '../../activities/kafka/offset-map-reader';
import { SchemaRegistryClient } from '../../activities/schema-registry/client';
import { encodeAvroObject } from '../../dev/sink-simulator/encoders';
import { decodeAvroDatum } from '../../formats';
import { BackupFixture } from '../helpers/backup';
import { decodeWireFormat, plain } from '../helpers/destination';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreProgressGroup } from '../../domain/ids';
import { restoreFailure, restoreRequest, runRestore } from '../helpers/restore';
import { RunbookHarness } from '../helpers/temporal';
import { createDependencies } from '../../worker/dependencies';

const SCHEMA = { type: 'record', name: 'Reading', fields: [{ name: 'seq', type: 'int' }, { name: 'text', type: 'string' }] };
const reading = (seq: number) => ({ seq, text: `reading ${seq}` });
const objectName = (backup: BackupFixture, topic: string, partition: number, start: number, ext = '.avro') =>
  `${backup.topicsDir}/${topic}/partition=${partition}/${topic}+${partition}+${String(start).padStart(10, '0')}${ext}`;

describe('restore from GCS: safety', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backups: BackupFixture[] = [];
  const newBackup = () => {
    const b = new BackupFixture();
    backups.push(b);
    return b;
  };
  const avroSettings = (backup: BackupFixture) => backup.settings({ 'format.class': 'avro' });

  /** Objects of `count` readings each, for the given start offsets, in partition 0. */
  async function writeObjects(backup: BackupFixture, topic: string, starts: number[], count: number): Promise<void> {
    for (const start of starts) {
      await backup.put(objectName(backup, topic, 0, start), encodeAvroObject(SCHEMA, Array.from({ length: count }, (_, i) => reading(start + i))));
    }
  }
  const seqs = async (topic: string, expected: number) =>
    (await readPartition(kafka.kafka('destination'), topic, 0, expected)).map((r) => (decodeAvroDatum(SCHEMA, r.value!) as { seq: number }).seq);

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    await Promise.all(backups.map((b) => b.cleanup()));
    await kafka.cleanup();
    await harness?.close();
  });

  test('a destination topic with too few partitions fails the restore before anything is written', async () => {
    const backup = newBackup();
    const topic = await kafka.topic('destination', 'short', 1);
    for (const partition of [0, 1, 2]) {
      await backup.put(objectName(backup, topic, partition, 0), encodeAvroObject(SCHEMA, [reading(partition)]));
    }
    const failure = await restoreFailure(runRestore(harness, restoreRequest(avroSettings(backup), { createTopics: undefined, valueSerializer: 'avro' })));
    expect(failure).toMatchObject({ type: 'DestinationCheckError', nonRetryable: true });
    expect(failure.message).toContain(`${topic} has 1, the backup needs 3`);
    const offsets = await (await kafka.admin('destination')).fetchTopicOffsets(topic);
    expect(offsets.map((o) => o.high)).toEqual(['0']);
  });

  test('a failed preflight is the failure reported, though the first plan runs alongside it and fails too', async () => {
    const backup = newBackup();
    const bucket = `no-such-bucket-${kafka.uniqueName('b').slice(-8)}`;
    const settings = { ...avroSettings(backup), bucket };
    const workflowId = `it-preflight-first-${kafka.uniqueName('w').slice(-8)}`;
    const run = harness.withWorker((taskQueue) => harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId, args: [restoreRequest(settings, { valueSerializer: 'avro' })] }));
    const failure = await restoreFailure(run);
    expect(failure).toMatchObject({ type: 'PreflightFailed', nonRetryable: true });
    expect(failure.message).toContain(bucket);
    const { events } = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const activities = (events ?? []).map((e) => e.activityTaskScheduledEventAttributes?.activityType?.name).filter(Boolean);
    expect(activities).toEqual(['planRestore']); // listed alongside preflight; nothing after it failed
  });

  test('a failed preflight is still the failure reported when the destination check alongside it fails too', async () => {
    const backup = newBackup();
    const topic = await kafka.topic('destination', 'short-and-no-registry', 1);
    await backup.put(objectName(backup, topic, 1, 0), encodeAvroObject(SCHEMA, [reading(0)])); // needs 2 partitions
    // A worker whose registry is unreachable: the schema-registry serializer's preflight check fails.
    const deps = createDependencies({ ...harness.config, schemaRegistry: { url: 'http://127.0.0.1:9' } });
    const workflowId = `it-preflight-over-destination-${kafka.uniqueName('w').slice(-8)}`;
    try {
      const request = restoreRequest(avroSettings(backup), { topics: [topic], valueSerializer: 'schema-registry' });
      const failure = await restoreFailure(
        harness.withWorker((taskQueue) => harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId, args: [request] }), { deps }),
      );
      expect(failure).toMatchObject({ type: 'PreflightFailed', nonRetryable: true });
      expect(failure.message).toMatch(/schema-registry/i);
    } finally {
      await deps.close();
    }
    const { events } = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const inspection = (events ?? []).find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'inspectRestoreDestination');
    expect(inspection).toBeDefined(); // it did run (and would have failed: 1 partition of 2), but preflight's failure is the one reported
  });

  test('the destination is checked while preflight runs; the writing check runs only when something must be created', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('checked-early');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0], 2);
    /** The checks the workflow scheduled before its partitions, in order ('preflight done': the child completed). */
    const restoreSteps = async (request: ReturnType<typeof restoreRequest>) => {
      const workflowId = `it-early-check-${kafka.uniqueName('w').slice(-8)}`;
      await harness.withWorker((taskQueue) => harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId, args: [request] }));
      const { events } = await harness.client.workflow.getHandle(workflowId).fetchHistory();
      const steps = (events ?? [])
        .map((e) => (e.childWorkflowExecutionCompletedEventAttributes ? 'preflight done' : e.activityTaskScheduledEventAttributes?.activityType?.name))
        .filter((step): step is string => !!step);
      return steps.slice(0, steps.indexOf('restorePartition'));
    };
    // The inspection starts as soon as the plan is in, so usually before preflight is done; either order is right.
    const withoutPreflight = (steps: string[]) => steps.filter((s) => s !== 'preflight done');
    // The topic is missing: inspected, then created by the writing check once preflight is done.
    const first = await restoreSteps(restoreRequest(avroSettings(backup), { topics: [topic], valueSerializer: 'avro' }));
    expect(withoutPreflight(first)).toEqual(['planRestore', 'inspectRestoreDestination', 'verifyRestoreDestination']);
    expect(first.indexOf('preflight done')).toBeLessThan(first.indexOf('verifyRestoreDestination'));
    // Now it exists (the offset-map topic too): nothing to write, no second check.
    const second = await restoreSteps(restoreRequest(avroSettings(backup), { topics: [topic], valueSerializer: 'avro' }));
    expect(withoutPreflight(second)).toEqual(['planRestore', 'inspectRestoreDestination']);
    expect(second).toContain('preflight done'); // partitions start only after it
    expect(await seqs(topic, 4)).toEqual([0, 1, 0, 1]); // two restores under two ids: each wrote its records
  });

  test('a missing destination topic is refused unless --create-topics; extra partitions stay unused', async () => {
    const backup = newBackup();
    const missing = kafka.uniqueName('missing');
    await writeObjects(backup, missing, [0], 2);
    const failure = await restoreFailure(runRestore(harness, restoreRequest(avroSettings(backup), { createTopics: undefined, valueSerializer: 'avro' })));
    expect(failure.message).toMatch(new RegExp(`${missing}.*missing on cluster 'destination'`));

    const wide = await kafka.topic('destination', 'wide', 4);
    await writeObjects(backup, wide, [0], 2);
    const report = await runRestore(harness, restoreRequest(avroSettings(backup), { topics: [wide], createTopics: undefined, valueSerializer: 'avro' }));
    expect(report.unusedDestinationPartitions).toEqual([{ topic: wide, partitions: 3 }]);
  });

  test('a truncated object fails without retry, naming it; a re-run after the fix resumes and writes each record once', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('truncated');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0, 5, 10], 5);
    const bad = objectName(backup, topic, 0, 5);
    const good = encodeAvroObject(SCHEMA, [5, 6, 7, 8, 9].map(reading));
    await backup.put(bad, good.subarray(0, good.length - 20));

    const request = restoreRequest(avroSettings(backup), { valueSerializer: 'avro' });
    const failure = await restoreFailure(runRestore(harness, request));
    expect(failure).toMatchObject({ type: 'MalformedBackupObjectError', nonRetryable: true });
    expect(failure.message).toContain(bad);
    expect(await seqs(topic, 5)).toEqual([0, 1, 2, 3, 4]); // the object before it stays restored, the bad one left nothing

    await backup.put(bad, good);
    const report = await runRestore(harness, request);
    expect(report.verified).toBe(true);
    expect(report.partitions[0]).toMatchObject({ resumed: true, recordsWritten: 15 });
    expect(await seqs(topic, 15)).toEqual(Array.from({ length: 15 }, (_, i) => i));

    const highBefore = await (await kafka.admin('destination')).fetchTopicOffsets(topic);
    const again = await runRestore(harness, request); // finished restore, same id: nothing new
    expect(again.totals.records).toBe(15);
    expect(await (await kafka.admin('destination')).fetchTopicOffsets(topic)).toEqual(highBefore);
  });

  test('a re-run that resumes inside an overlapping object still knows what it skipped: verified, offset map right', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('resume-overlap');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0], 10); // 0..9
    const inside = objectName(backup, topic, 0, 2); // 2..4, a sink re-run's object wholly inside 0..9: 8 repeats claimed, 3 held
    const good = encodeAvroObject(SCHEMA, [2, 3, 4].map(reading));
    await backup.put(inside, good.subarray(0, good.length - 20)); // fails while its repeats are being skipped
    await writeObjects(backup, topic, [10], 3); // 10..12

    const request = restoreRequest(avroSettings(backup), { valueSerializer: 'avro' });
    expect(await restoreFailure(runRestore(harness, request))).toMatchObject({ type: 'MalformedBackupObjectError' });
    await backup.put(inside, good);
    const report = await runRestore(harness, request);
    expect(report.verified).toBe(true);
    expect(report.partitions[0]).toMatchObject({ resumed: true, overlaps: 1, duplicatesSkipped: 3, recordsRead: 16, recordsWritten: 13 });
    expect(await seqs(topic, 13)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    const map = await readOffsetMapEntries(kafka.kafka('destination'), await kafka.admin('destination'), { restoreId: request.restoreId, destinationTopic: topic, partition: 0 }, () => undefined);
    expect(map.map((e) => [e.sourceStartOffset, e.records, e.duplicatesSkipped])).toEqual([
      ['0', 10, 0],
      ['2', 3, 3],
      ['10', 3, 0],
    ]);
  });

  test('a malformed record mid-object keeps every record before it; a re-run after the fix resumes at that record', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('cut');
    kafka.adopt('destination', topic);
    const settings = backup.settings({ 'format.class': 'bytearray' });
    const lines = Array.from({ length: 5_000 }, (_, i) => `record ${i}`);
    const name = objectName(backup, topic, 0, 0, '.bin');
    await backup.put(name, Buffer.from(lines.join('\n'))); // the sink ends every record with the separator: the last one is cut

    const request = restoreRequest(settings); // exactly-once
    const failure = await restoreFailure(runRestore(harness, request));
    expect(failure).toMatchObject({ type: 'MalformedBackupObjectError', nonRetryable: true });
    expect(failure.message).toContain(`${name}: malformed at record 4999`);
    const kept = await readPartition(kafka.kafka('destination'), topic, 0, 4_999);
    expect(kept.map((r) => r.value!.toString())).toEqual(lines.slice(0, 4_999)); // committed, not aborted with the failure

    await backup.put(name, Buffer.from(`${lines.join('\n')}\n`));
    const report = await runRestore(harness, request);
    expect(report.verified).toBe(true);
    expect(report.partitions[0]).toMatchObject({ resumed: true, recordsWritten: 5_000 });
    const restored = await readPartition(kafka.kafka('destination'), topic, 0, 5_000);
    expect(restored.map((r) => r.value!.toString())).toEqual(lines); // record 4999 once, nothing before it twice
  });

  test('a re-run whose committed position expired refuses, by the offset map, instead of writing everything again', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('expired');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0, 5, 10], 5);
    const request = restoreRequest(avroSettings(backup), { valueSerializer: 'avro' }); // an id the operator chose
    expect((await runRestore(harness, request)).totals.records).toBe(15);

    // What offsets.retention.minutes does to an idle progress group after 7 days.
    const admin = await kafka.admin('destination');
    await admin.deleteGroups([restoreProgressGroup(request.restoreId)]);
    const highBefore = await admin.fetchTopicOffsets(topic);

    const failure = await restoreFailure(runRestore(harness, request));
    expect(failure).toMatchObject({ type: 'DestinationCheckError', nonRetryable: true });
    expect(failure.message).toContain(`${topic}-0: restore ${request.restoreId} already restored 3 of the 3 objects planned here`);
    expect(failure.message).toContain('committed position is gone');
    expect(await admin.fetchTopicOffsets(topic)).toEqual(highBefore); // nothing written
    expect(await seqs(topic, 15)).toEqual(Array.from({ length: 15 }, (_, i) => i));
  });

  test('when one partition fails for good, the others are stopped before the runbook reports the failure', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('halt');
    kafka.adopt('destination', topic);
    const settings = backup.settings({ 'format.class': 'json', 'tasks.max': '2' });
    const big = Array.from({ length: 200_000 }, (_, i) => ({ offset: i, timestamp: 0, value: Buffer.from(JSON.stringify({ i, pad: 'z'.repeat(150) })) }));
    await backup.write(settings, { flushSize: 2_000 }, [{ topic, partition: 1, records: big }]);
    await backup.put(`${backup.topicsDir}/${topic}/partition=0/${topic}+0+0000000000.json`, Buffer.from('{"ok":1}\n{"cut":'));

    // A checkpoint every 1,000 records keeps partition 1 busy for a few seconds however fast it streams.
    const failure = await restoreFailure(runRestore(harness, restoreRequest(settings, { partitionHeartbeatTimeoutSeconds: 2, transactionMaxRecords: 1_000 })));
    expect(failure).toMatchObject({ type: 'MalformedBackupObjectError', nonRetryable: true });
    const admin = await kafka.admin('destination');
    const high = async () => (await admin.fetchTopicOffsets(topic)).find((o) => o.partition === 1)!.high;
    const atFailure = await high();
    expect(Number(atFailure)).toBeLessThan(200_000); // partition 1 was interrupted, not finished
    await new Promise((r) => setTimeout(r, 3_000));
    expect(await high()).toBe(atFailure); // nothing still writing once the failure is reported
  });

  test('overlapping objects restore each record once; gaps are reported', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('overlap');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0], 5); // 0..4
    await writeObjects(backup, topic, [3], 5); // 3..7: a sink re-run rewrote 3 and 4
    await writeObjects(backup, topic, [20], 2); // 20..21: gap after 7
    const report = await runRestore(harness, restoreRequest(avroSettings(backup), { valueSerializer: 'avro' }));
    expect(report.partitions[0]).toMatchObject({ overlaps: 1, gaps: 1, duplicatesSkipped: 2, recordsRead: 12, recordsWritten: 10 });
    expect(report.partitions[0].discontinuities.join('\n')).toMatch(/overlap.*\+0000000003\.avro starts at 3[\s\S]*gap.*\+0000000020\.avro starts at 20/);
    expect(await seqs(topic, 10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 20, 21]);
  });

  test('an object wholly inside what was already restored is skipped, and counted as duplicates only once', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('contained');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0], 10); // 0..9
    await writeObjects(backup, topic, [3], 2); // 3..4: nothing new
    await writeObjects(backup, topic, [10], 2); // 10..11
    const report = await runRestore(harness, restoreRequest(avroSettings(backup), { valueSerializer: 'avro' }));
    expect(report.partitions[0]).toMatchObject({ objects: 3, overlaps: 1, gaps: 0, duplicatesSkipped: 2, recordsRead: 14, recordsWritten: 12, recordsOnDestination: 12 });
    expect(await seqs(topic, 12)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  test('objects sharing a start offset in different folders (a sink re-run) lose no record and repeat none', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('rerun');
    kafka.adopt('destination', topic);
    const at = (hour: string, start: number, count: number) =>
      backup.put(
        `${backup.topicsDir}/${topic}/year=2026/month=11/day=27/hour=${hour}/${topic}+0+${String(start).padStart(10, '0')}.avro`,
        encodeAvroObject(SCHEMA, Array.from({ length: count }, (_, i) => reading(start + i))),
      );
    await at('00', 100, 3); // 100..102, then the sink crashed and re-ran with other boundaries
    await at('01', 100, 5); // 100..104
    await at('01', 105, 2); // 105..106
    const settings = backup.settings({ 'format.class': 'avro', 'partitioner.class': 'HourlyPartitioner', locale: 'en', timezone: 'UTC' });
    const report = await runRestore(harness, restoreRequest(settings, { valueSerializer: 'avro' }));
    expect(report.partitions[0]).toMatchObject({ objects: 3, overlaps: 1, duplicatesSkipped: 3, recordsWritten: 7 });
    expect(report.plan.warnings.map((w) => w.code)).toContain('duplicate-start-offset');
    expect(await seqs(topic, 7)).toEqual([100, 101, 102, 103, 104, 105, 106]);
    // Both objects starting at 100 keep their own offset-map entry (compaction keeps one per key).
    const map = await readOffsetMapEntries(kafka.kafka('destination'), await kafka.admin('destination'), { restoreId: report.restoreId, destinationTopic: topic, partition: 0 }, () => undefined);
    expect(map.map((e) => [e.object.replace(/^.*\/(hour=\d+)\/.*\+(\d+)\.avro$/, '$1 $2'), e.records, e.duplicatesSkipped])).toEqual([
      ['hour=00 0000000100', 3, 0],
      ['hour=01 0000000100', 5, 3],
      ['hour=01 0000000105', 2, 0],
    ]);
  });

  test.each([
    ['FieldPartitioner', { 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'color' }, ['color=red', 'color=blue']],
    ['Hourly on record timestamps', { 'partitioner.class': 'HourlyPartitioner', locale: 'en', timezone: 'UTC', 'timestamp.extractor': 'Record' }, ['year=2026/month=11/day=27/hour=10', 'year=2026/month=11/day=27/hour=11']],
  ])('%s: files open at once overlap without repeating anything, so every record is restored', async (_layout, partitioner, [first, second]) => {
    const backup = newBackup();
    const topic = kafka.uniqueName('interleaved');
    kafka.adopt('destination', topic);
    // Offsets 0..5 alternate between two files the sink had open at once: 0,2,4 in one, 1,3,5 in the other.
    const put = (folder: string, start: number, seqs: number[]) =>
      backup.put(`${backup.topicsDir}/${topic}/${folder}/${topic}+0+${String(start).padStart(10, '0')}.avro`, encodeAvroObject(SCHEMA, seqs.map(reading)));
    await put(first, 0, [0, 2, 4]);
    await put(second, 1, [1, 3, 5]);
    const report = await runRestore(harness, restoreRequest(backup.settings({ 'format.class': 'avro', ...partitioner }), { valueSerializer: 'avro' }));
    expect(report.partitions[0]).toMatchObject({ objects: 2, overlaps: 1, duplicatesSkipped: 0, recordsRead: 6, recordsWritten: 6, recordsOnDestination: 6 });
    expect(report.notes.join('\n')).toContain('their ranges interleave, so every record was restored');
    expect(await seqs(topic, 6)).toEqual([0, 2, 4, 1, 3, 5]); // per-file order: all that such a backup keeps
  });

  test("restoring into a topic the backup's own sink consumes is refused unless overridden", async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('loop');
    kafka.adopt('destination', topic);
    await writeObjects(backup, topic, [0], 2);
    const settings = avroSettings(backup);
    const failure = await restoreFailure(runRestore(harness, restoreRequest(settings, { sinkTopics: { topics: [topic] } })));
    expect(failure.message).toMatch(new RegExp(`${topic}.*feedback loop`));
    // topics.regex is a Java pattern: (?i) is Java syntax that JavaScript's RegExp rejects.
    const byRegex = await restoreFailure(runRestore(harness, restoreRequest(settings, { sinkTopics: { topics: [], regex: `(?i)${topic.toUpperCase()}` } })));
    expect(byRegex).toMatchObject({ type: 'DestinationCheckError', nonRetryable: true });
    const report = await runRestore(harness, restoreRequest(settings, { sinkTopics: { topics: [topic] }, allowSinkFeedbackLoop: true, valueSerializer: 'avro' }));
    expect(report.totals.records).toBe(2);
  });

  test('a dry run reports the plan and creates or writes nothing', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('dry');
    await writeObjects(backup, topic, [0, 2], 2);
    await backup.put(`${backup.topicsDir}/${topic}/partition=0/notes.txt`, Buffer.from('not a backup object'));
    const report = await runRestore(harness, restoreRequest(avroSettings(backup), { dryRun: true }));
    expect(report).toMatchObject({ dryRun: true, partitions: [], plan: { totals: { objects: 2, partitions: 1 } } });
    expect(report.plan.ignored).toContainEqual(expect.objectContaining({ reason: 'wrong-extension', count: 1 }));
    expect(report.createdTopics).toEqual([topic]); // what the restore would create, checked but not created
    expect(await (await kafka.admin('destination')).listTopics()).not.toContain(topic);
  });

  test('a dry run fails where the restore would: a destination with too few partitions', async () => {
    const backup = newBackup();
    const topic = await kafka.topic('destination', 'dry-short', 1);
    await backup.put(objectName(backup, topic, 2, 0), encodeAvroObject(SCHEMA, [reading(0)]));
    const failure = await restoreFailure(runRestore(harness, restoreRequest(avroSettings(backup), { dryRun: true, createTopics: undefined })));
    expect(failure).toMatchObject({ type: 'DestinationCheckError', nonRetryable: true });
    expect(failure.message).toContain(`${topic} has 1, the backup needs 3`);
  });

  test('keys and headers files beside the values are restored with them', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('keyed');
    kafka.adopt('destination', topic);
    const settings = avroSettings(backup);
    const records = Array.from({ length: 6 }, (_, i) => ({ offset: i, timestamp: 0, value: reading(i), key: `key-${i}`, headers: [{ key: 'trace', value: `t${i}` }] }));
    await backup.write(settings, { flushSize: 3, storeKeys: true, storeHeaders: true }, [{ topic, partition: 0, records, valueSchema: SCHEMA, keySchema: 'string' }]);
    const report = await runRestore(harness, restoreRequest(settings));
    expect(report.notes.join(' ')).toMatch(/Keys were restored for 2 object\(s\) and headers for 2/);
    const restored = await readPartition(kafka.kafka('destination'), topic, 0, 6);
    const registry = new SchemaRegistryClient('http://127.0.0.1:8081');
    const keys = await Promise.all(restored.map(async (r) => (await decodeWireFormat(registry, r.key!)).value));
    expect(keys).toEqual(records.map((r) => r.key));
    expect(restored.map((r) => r.headers.trace?.toString())).toEqual(records.map((r) => `t${r.offset}`));
    const values = await Promise.all(restored.map(async (r) => plain((await decodeWireFormat(registry, r.value!)).value)));
    expect(values).toEqual(records.map((r) => r.value));
  });

  test('Apache Avro files written by other implementations restore exactly; broken ones fail naming the object', async () => {
    const backup = newBackup();
    const topic = kafka.uniqueName('weather');
    kafka.adopt('destination', topic);
    const fixtures = ['weather.avro', 'weather-deflate.avro', 'weather-snappy.avro', 'weather-zstd.avro'];
    for (const [partition, file] of fixtures.entries()) {
      await backup.put(objectName(backup, topic, partition, 0), readFileSync(join(__dirname, '../fixtures/avro/apache-avro', file)));
    }
    const report = await runRestore(harness, restoreRequest(avroSettings(backup)));
    expect(report.totals.records).toBe(20);
    const registry = new SchemaRegistryClient('http://127.0.0.1:8081');
    const decoded = await Promise.all(
      fixtures.map(async (_, partition) =>
        Promise.all((await readPartition(kafka.kafka('destination'), topic, partition, 5)).map(async (r) => plain((await decodeWireFormat(registry, r.value!)).value))),
      ),
    );
    expect(decoded[0]).toHaveLength(5);
    for (const records of decoded.slice(1)) expect(records).toEqual(decoded[0]);

    const broken = kafka.uniqueName('broken');
    await backup.put(objectName(backup, broken, 0, 0), readFileSync(join(__dirname, '../fixtures/avro/apache-avro/avro-1237-bad-union-discriminant.avro')));
    const failure = await restoreFailure(runRestore(harness, restoreRequest(avroSettings(backup), { topics: [broken], valueSerializer: 'avro' })));
    kafka.adopt('destination', broken);
    expect(failure).toMatchObject({ type: 'MalformedBackupObjectError', nonRetryable: true });
    expect(failure.message).toContain(objectName(backup, broken, 0, 0));
  });
});
