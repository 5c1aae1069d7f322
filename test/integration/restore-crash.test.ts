import { randomUUID } from 'node:crypto';
import type { RestoreReport } from '../../domain/restore-report';
import { restoreWorkflowId } from '../../domain/ids';
import { BackupFixture } from '../helpers/backup';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreRequest } from '../helpers/restore';
import { RunbookHarness, uniqueTaskQueue } from '../helpers/temporal';
import { WorkerProcess } from '../helpers/worker-process';

const PARTITIONS = 3;
const RECORDS_PER_PARTITION = 60_000;

describe('restore under worker crashes', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backup = new BackupFixture();
  const aloBackup = new BackupFixture(); // its own topics dir: a restore takes every topic under it
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await backup.cleanup();
    await aloBackup.cleanup();
    await kafka.cleanup();
    await harness?.close();
  });

  test('SIGKILLing the worker twice mid-restore leaves every backed-up record exactly once, in order', async () => {
    const topic = kafka.uniqueName('crash');
    kafka.adopt('destination', topic);
    const settings = backup.settings({ 'format.class': 'json', 'tasks.max': String(PARTITIONS) });
    const payload = 'x'.repeat(200);
    const inputs = Array.from({ length: PARTITIONS }, (_, partition) => ({
      topic,
      partition,
      records: Array.from({ length: RECORDS_PER_PARTITION }, (_, i) => ({
        offset: i,
        timestamp: 0,
        value: Buffer.from(JSON.stringify({ p: partition, i, payload })),
      })),
    }));
    const { committed } = await backup.write(settings, { flushSize: 1_000 }, inputs);

    const taskQueue = uniqueTaskQueue();
    const request = restoreRequest(settings, { partitionHeartbeatTimeoutSeconds: 4, transactionMaxRecords: 500 });
    workers.push(WorkerProcess.start(taskQueue));
    await workers[0].ready(harness.client, taskQueue);
    const handle = await harness.client.workflow.start('restoreFromGcs', {
      taskQueue,
      workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`,
      args: [request],
    });

    const total = PARTITIONS * RECORDS_PER_PARTITION;
    // Kill while records are flowing: first at ~15 %, then again at ~50 % on the replacement worker.
    for (const fraction of [0.15, 0.5]) {
      await waitForDestinationRecords(topic, total * fraction);
      await workers[workers.length - 1].kill('SIGKILL');
      workers.push(WorkerProcess.start(taskQueue));
      await workers[workers.length - 1].ready(harness.client, taskQueue);
    }
    const report = (await handle.result()) as RestoreReport;

    expect(report.verified).toBe(true);
    expect(report.totals.records).toBe(total);
    expect(report.partitions.some((p) => p.resumed)).toBe(true);
    const history = await handle.fetchHistory();
    const retried = history.events!.filter((e) => e.activityTaskStartedEventAttributes && (e.activityTaskStartedEventAttributes.attempt ?? 1) > 1);
    expect(retried.length).toBeGreaterThanOrEqual(1); // the kills really interrupted restore activities

    for (let partition = 0; partition < PARTITIONS; partition++) {
      const expected = committed(topic, partition).map((r) => (r.value as Buffer).toString());
      const restored = await readPartition(kafka.kafka('destination'), topic, partition, expected.length, 120_000, 2_000);
      expect(restored.length).toBe(expected.length);
      const values = restored.map((r) => r.value!.toString());
      // Record by record, not just counts: a duplicate or a loss anywhere shifts everything after it.
      const firstDifference = values.findIndex((v, i) => v !== expected[i]);
      expect(firstDifference).toBe(-1);
    }
  });

  test('at-least-once: SIGKILLing the worker mid-restore loses nothing; replayed records are bounded and reported', async () => {
    const topic = kafka.uniqueName('crash-alo');
    kafka.adopt('destination', topic);
    const settings = aloBackup.settings({ 'format.class': 'json', 'tasks.max': '2' });
    const perPartition = 30_000;
    const inputs = [0, 1].map((partition) => ({
      topic,
      partition,
      records: Array.from({ length: perPartition }, (_, i) => ({ offset: i, timestamp: 0, value: Buffer.from(JSON.stringify({ p: partition, i, payload: 'y'.repeat(200) })) })),
    }));
    const { committed } = await aloBackup.write(settings, { flushSize: 1_000 }, inputs);

    const taskQueue = uniqueTaskQueue();
    const transactionMaxRecords = 500;
    const request = restoreRequest(settings, { delivery: 'at-least-once', partitionHeartbeatTimeoutSeconds: 4, transactionMaxRecords });
    workers.push(WorkerProcess.start(taskQueue));
    await workers[workers.length - 1].ready(harness.client, taskQueue);
    const handle = await harness.client.workflow.start('restoreFromGcs', {
      taskQueue,
      workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`,
      args: [request],
    });
    await waitForDestinationRecords(topic, 2 * perPartition * 0.3);
    await workers[workers.length - 1].kill('SIGKILL');
    workers.push(WorkerProcess.start(taskQueue));
    await workers[workers.length - 1].ready(harness.client, taskQueue);
    const report = (await handle.result()) as RestoreReport;

    expect(report.verified).toBe(true);
    expect(report.totals.records).toBe(2 * perPartition);
    expect(report.partitions.some((p) => p.resumed)).toBe(true);
    for (const partitionReport of report.partitions) expect(partitionReport.recordsOnDestination).toBeGreaterThanOrEqual(partitionReport.recordsWritten);
    for (const partition of [0, 1]) {
      const expected = committed(topic, partition).map((r) => (r.value as Buffer).toString());
      const restored = (await readPartition(kafka.kafka('destination'), topic, partition, expected.length, 120_000, 2_000)).map((r) => r.value!.toString());
      // Nothing lost, original order: the first occurrences of the values are exactly the backup.
      expect([...new Set(restored)]).toEqual(expected);
      // Replays: what was sent after the last committed checkpoint — the checkpoint in flight and the one being
      // filled, each half of --transaction-records — so at most one --transaction-records per crash.
      expect(restored.length - expected.length).toBeLessThanOrEqual(transactionMaxRecords);
      const replayed = report.partitions.find((p) => p.partition === partition)!;
      expect(replayed.recordsOnDestination! - replayed.recordsWritten).toBe(restored.length - expected.length);
    }
  });

  async function waitForDestinationRecords(topic: string, atLeast: number, timeoutMs = 120_000): Promise<void> {
    const admin = await kafka.admin('destination');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      if (offsets.reduce((n, o) => n + Number(o.high), 0) >= atLeast) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`destination ${topic} did not reach ${atLeast} records`);
  }
});
