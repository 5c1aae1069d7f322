import { CancelledFailure } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import { encodeSeparatedObject } from '../../dev/sink-simulator/encoders';
import { ProgressStore } from '../../activities/restore/progress-store';
import { restoreProgressGroup, restoreWorkflowId } from '../../domain/ids';
import type { RestoreProgressView } from '../../domain/restore-progress';
import { BackupFixture } from '../helpers/backup';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreFailure, restoreRequest, runRestore } from '../helpers/restore';
import { RunbookHarness } from '../helpers/temporal';

const NL = Buffer.from('\n');

describe('restore in follow mode', () => {
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

  test('picks up new objects, partitions, topics and time periods until cancelled, with bounded history', async () => {
    const settings = backup.settings({ 'format.class': 'json', 'partitioner.class': 'HourlyPartitioner', locale: 'en', timezone: 'UTC', 'tasks.max': '3' });
    const orders = await kafka.topic('destination', 'follow-orders', 3); // partition 2 has no backup yet
    const put = (topic: string, partition: number, hour: string, start: number, count: number) =>
      backup.put(
        `${backup.topicsDir}/${topic}/year=2026/month=11/day=27/hour=${hour}/${topic}+${partition}+${String(start).padStart(10, '0')}.json`,
        encodeSeparatedObject(Array.from({ length: count }, (_, i) => Buffer.from(JSON.stringify({ topic, partition, n: start + i }))), NL, false),
      );
    await put(orders, 0, '10', 0, 3);
    await put(orders, 1, '10', 0, 2);

    await harness.withWorker(async (taskQueue) => {
      const request = restoreRequest(settings, { follow: { pollIntervalSeconds: 1, continueAsNewAfterPolls: 3 } });
      const handle = await harness.client.workflow.start('restoreFromGcs', {
        taskQueue,
        workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`,
        args: [request],
      });
      try {
        const read = async (topic: string, partition: number, expected: number) =>
          (await readPartition(kafka.kafka('destination'), topic, partition, expected, 60_000, 300)).map((r) => JSON.parse(r.value!.toString()).n);

        expect(await read(orders, 0, 3)).toEqual([0, 1, 2]);
        // New object in the same folder, a new time period (the connector's TimeBasedPartitioner misses those),
        // a new partition folder and a whole new topic folder.
        const invoices = kafka.uniqueName('follow-invoices');
        kafka.adopt('destination', invoices);
        await put(orders, 0, '10', 3, 2);
        await put(orders, 0, '11', 5, 2);
        await put(orders, 2, '11', 0, 4);
        await put(invoices, 0, '12', 0, 2);
        expect(await read(orders, 0, 7)).toEqual([0, 1, 2, 3, 4, 5, 6]);
        expect(await read(orders, 2, 4)).toEqual([0, 1, 2, 3]);
        expect(await read(invoices, 0, 2)).toEqual([0, 1]);
        expect(await read(orders, 1, 2)).toEqual([0, 1]); // nothing restored twice across polls
        // A later poll reads back only its own range: its position says where that began.
        const position = await new ProgressStore(await kafka.admin('destination'), restoreProgressGroup(request.restoreId), orders, 0).read();
        expect(position?.pollBase).toMatchObject({ after: expect.stringMatching(/^[035]$/) });
        expect(position!.pollBase!.recordsBefore).toBeGreaterThanOrEqual(3);
        expect(Number(position!.pollBase!.destinationOffset)).toBeGreaterThanOrEqual(position!.pollBase!.recordsBefore);

        // History stays bounded: the runbook continued as new while following.
        const deadline = Date.now() + 30_000;
        let runs = 1;
        while (Date.now() < deadline && runs < 2) {
          const description = await handle.describe();
          runs = description.runId === handle.firstExecutionRunId ? 1 : 2;
          if (runs < 2) await new Promise((r) => setTimeout(r, 500));
        }
        expect(runs).toBe(2);
        const progress = await harness.client.workflow.getHandle(handle.workflowId).query<RestoreProgressView>('progress');
        expect(['plan', 'follow-wait', 'restore', 'verify-destination', 'verify']).toContain(progress.step);
        // Cancelled, the runbook ends (while its worker still runs: else it would stay open on the server).
        const latest = harness.client.workflow.getHandle(handle.workflowId);
        await latest.cancel();
        await expect(latest.result()).rejects.toMatchObject({ cause: expect.any(CancelledFailure) });
      } finally {
        await harness.client.workflow.getHandle(handle.workflowId).terminate('test over').catch(() => undefined); // after a failed expectation
      }
    });
  });

  test('a sink with several files open at once: a lower-offset file uploaded after a higher one is still restored', async () => {
    const settings = backup.settings({ 'format.class': 'json', 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'color' });
    const topic = await kafka.topic('destination', 'follow-colors', 1);
    const put = (color: string, start: number, ns: number[]) =>
      backup.put(
        `${backup.topicsDir}/${topic}/color=${color}/${topic}+0+${String(start).padStart(10, '0')}.json`,
        encodeSeparatedObject(ns.map((n) => Buffer.from(JSON.stringify({ n }))), NL, false),
      );
    // One sink commit: offsets 0..5 alternate between the red and the blue file.
    await put('red', 0, [0, 2, 4]);
    await put('blue', 1, [1, 3, 5]);

    await harness.withWorker(async (taskQueue) => {
      const request = restoreRequest(settings, { follow: { pollIntervalSeconds: 1, settleSeconds: 3 } });
      const handle = await harness.client.workflow.start('restoreFromGcs', { taskQueue, workflowId: `${restoreWorkflowId(request.restoreId)}-${randomUUID().slice(0, 6)}`, args: [request] });
      try {
        const read = async (expected: number) => (await readPartition(kafka.kafka('destination'), topic, 0, expected, 60_000, 300)).map((r) => JSON.parse(r.value!.toString()).n);
        expect(await read(6)).toEqual([0, 2, 4, 1, 3, 5]);
        // The next commit uploads its files in the other order, 1.5 s apart: polls in between see only the
        // higher-offset file. Restoring it then would leave the lower one sorting before the restored position.
        await put('red', 7, [7, 9]);
        await new Promise((r) => setTimeout(r, 1_500));
        await put('blue', 6, [6, 8]);
        expect(await read(10)).toEqual([0, 2, 4, 1, 3, 5, 6, 8, 7, 9]);
      } finally {
        await handle.terminate('test over').catch(() => undefined);
      }
    });
  });

  test('a mistyped topic fails the first poll instead of following nothing forever', async () => {
    const settings = backup.settings({ 'format.class': 'json' });
    await backup.put(`${backup.topicsDir}/follow-present/partition=0/follow-present+0+0000000000.json`, encodeSeparatedObject([Buffer.from('{}')], NL, false));
    const request = restoreRequest(settings, { topics: ['follow-absent'], follow: { pollIntervalSeconds: 1 } });
    const failure = await restoreFailure(runRestore(harness, request));
    expect(failure).toMatchObject({ type: 'NothingToRestoreError', nonRetryable: true });
    expect(failure.message).toContain('no json objects of selected topic(s) follow-absent');
  });
});
