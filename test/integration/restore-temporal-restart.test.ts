import { randomUUID } from 'node:crypto';
import type { RestoreReport } from '../../domain/restore-report';
import { restoreWorkflowId } from '../../domain/ids';
import { stackUp } from '../../stack';
import { killGroup, removePidFile, runningPid } from '../../stack/process';
import { temporalService } from '../../stack/services/temporal';
import { BackupFixture } from '../helpers/backup';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreRequest } from '../helpers/restore';
import { RunbookHarness, uniqueTaskQueue } from '../helpers/temporal';
import { WorkerProcess } from '../helpers/worker-process';

const PARTITIONS = 2;
const RECORDS_PER_PARTITION = 60_000;

describe('exactly-once restore across a Temporal server restart', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backup = new BackupFixture();
  let worker: WorkerProcess | undefined;

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    await worker?.kill();
    await backup.cleanup();
    await kafka.cleanup();
    await harness?.close();
  });

  test('the server going away mid-restore neither loses nor duplicates a record', async () => {
    const topic = kafka.uniqueName('server-restart');
    kafka.adopt('destination', topic);
    const settings = backup.settings({ 'format.class': 'json', 'tasks.max': String(PARTITIONS) });
    const inputs = Array.from({ length: PARTITIONS }, (_, partition) => ({
      topic,
      partition,
      records: Array.from({ length: RECORDS_PER_PARTITION }, (_, i) => ({ offset: i, timestamp: 0, value: Buffer.from(JSON.stringify({ partition, i, pad: 'y'.repeat(200) })) })),
    }));
    const { committed } = await backup.write(settings, { flushSize: 1_000 }, inputs);

    const taskQueue = uniqueTaskQueue();
    worker = WorkerProcess.start(taskQueue);
    await worker.ready(harness.client, taskQueue);
    const request = restoreRequest(settings, { partitionHeartbeatTimeoutSeconds: 5, transactionMaxRecords: 500 });
    const workflowId = `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`;
    await harness.client.workflow.start('restoreFromGcs', { taskQueue, workflowId, args: [request] });

    await waitForRecords(topic, PARTITIONS * RECORDS_PER_PARTITION * 0.2);
    const temporal = temporalService();
    const pid = runningPid(temporal.name, temporal.marker);
    expect(pid).toBeDefined();
    await killGroup(pid!, 10_000);
    removePidFile(temporal.name);
    await stackUp(); // restarts only Temporal; its history is on disk

    const report = (await harness.client.workflow.getHandle(workflowId).result()) as RestoreReport;
    expect(report.verified).toBe(true);
    for (let partition = 0; partition < PARTITIONS; partition++) {
      const expected = committed(topic, partition).map((r) => (r.value as Buffer).toString());
      const restored = (await readPartition(kafka.kafka('destination'), topic, partition, expected.length, 120_000, 2_000)).map((r) => r.value!.toString());
      expect(restored.length).toBe(expected.length);
      expect(restored.findIndex((v, i) => v !== expected[i])).toBe(-1);
    }
  });

  async function waitForRecords(topic: string, atLeast: number): Promise<void> {
    const admin = await kafka.admin('destination');
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      if (offsets.reduce((n, o) => n + Number(o.high), 0) >= atLeast) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${topic} did not reach ${atLeast} records`);
  }
});
