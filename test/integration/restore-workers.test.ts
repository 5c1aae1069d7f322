import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { restoreWorkflowId } from '../../domain/ids';
import type { RestoreReport } from '../../domain/restore-report';
import { encodeAvroObject } from '../../dev/sink-simulator/encoders';
import { decodeAvroDatum } from '../../formats';
import { BackupFixture } from '../helpers/backup';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreRequest } from '../helpers/restore';
import { RunbookHarness } from '../helpers/temporal';
import { WorkerProcess } from '../helpers/worker-process';

const SCHEMA = { type: 'record', name: 'Reading', fields: [{ name: 'seq', type: 'int' }] };

/**
 * "Any number of workers share a restore" (README, Scaling a restore): partitions are separate activities,
 * so they run wherever a worker has a free slot, and nothing of one partition lives in another's process.
 */
describe('restore from GCS: several workers', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backup = new BackupFixture();

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    await backup.cleanup();
    await kafka.cleanup();
    await harness?.close();
  });

  test('workers with one slot each share the partitions, and the restore verifies every record', async () => {
    const topic = kafka.uniqueName('shared');
    kafka.adopt('destination', topic);
    const partitions = [0, 1, 2];
    for (const partition of partitions) {
      for (const start of [0, 4]) {
        const name = `${backup.topicsDir}/${topic}/partition=${partition}/${topic}+${partition}+${String(start).padStart(10, '0')}.avro`;
        await backup.put(name, encodeAvroObject(SCHEMA, [0, 1, 2, 3].map((i) => ({ seq: partition * 100 + start + i }))));
      }
    }
    const request = restoreRequest(backup.settings({ 'format.class': 'avro', 'tasks.max': '3' }), { valueSerializer: 'avro' });
    const workflowId = `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`;

    const report = await harness.withWorkers(
      3,
      (taskQueue) => harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId, args: [request] }) as Promise<RestoreReport>,
      { maxConcurrentActivities: 1 },
    );

    expect(report.verified).toBe(true);
    expect(report.totals.records).toBe(24);
    const history = await harness.client.workflow.getHandle(workflowId).fetchHistory();
    const scheduled = new Map<number, string>();
    const ranOn = new Set<string>();
    for (const event of history.events ?? []) {
      const attrs = event.activityTaskScheduledEventAttributes;
      if (attrs) scheduled.set(Number(event.eventId), attrs.activityType?.name ?? '');
      const started = event.activityTaskStartedEventAttributes;
      if (started && scheduled.get(Number(started.scheduledEventId)) === 'restorePartition') ranOn.add(started.identity ?? '');
    }
    expect([...ranOn].sort()).toEqual(['worker-1', 'worker-2', 'worker-3']); // one slot each: three partitions, three workers
    for (const partition of partitions) {
      const restored = await readPartition(kafka.kafka('destination'), topic, partition, 8);
      expect(restored.map((r) => (decodeAvroDatum(SCHEMA, r.value!) as { seq: number }).seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => partition * 100 + i));
    }
  });

  test('the compiled build, as docker-compose runs it, is a worker that restores', async () => {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: join(__dirname, '../..'), stdio: 'pipe' });
    const topic = kafka.uniqueName('compiled');
    kafka.adopt('destination', topic);
    await backup.put(`${backup.topicsDir}/${topic}/partition=0/${topic}+0+0000000000.avro`, encodeAvroObject(SCHEMA, [1, 2, 3].map((seq) => ({ seq }))));
    const taskQueue = `compiled-${randomUUID().slice(0, 8)}`;
    const worker = WorkerProcess.start(taskQueue, {}, 'compiled');
    try {
      await worker.ready(harness.client, taskQueue, 120_000); // its first start builds the workflow bundle from dist/
      const request = restoreRequest(backup.settings({ 'format.class': 'avro' }), { valueSerializer: 'avro', topics: [topic] });
      const report = (await harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`, args: [request] })) as RestoreReport;
      expect(report).toMatchObject({ verified: true, totals: { records: 3 } });
      const restored = await readPartition(kafka.kafka('destination'), topic, 0, 3);
      expect(restored.map((r) => (decodeAvroDatum(SCHEMA, r.value!) as { seq: number }).seq)).toEqual([1, 2, 3]);
    } finally {
      await worker.kill('SIGTERM');
    }
  });
});
