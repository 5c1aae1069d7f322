import { loadConfig } from '../../config';
import type { KafkaClusterCheck, PreflightReport } from '../../domain/preflight';
import { createDependencies } from '../../worker/dependencies';
import { RunbookHarness, workflowId } from '../helpers/temporal';

describe('preflight runbook', () => {
  let harness: RunbookHarness;
  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => harness?.close());

  test('reports both Kafka clusters with their authorizer, the bucket and the schema registry', async () => {
    const report = await harness.withWorker((taskQueue) =>
      harness.client.workflow.execute('preflight', { taskQueue, workflowId: workflowId('preflight'), args: [{}] }),
    ) as PreflightReport;

    expect(report.ok).toBe(true);
    const kafka = report.checks.filter((c): c is KafkaClusterCheck => c.kind === 'kafka');
    expect(kafka.map((c) => c.name).sort()).toEqual(['destination', 'source']);
    for (const cluster of kafka) {
      expect(cluster).toMatchObject({ ok: true, brokerCount: 1, authorizer: 'enabled' });
      expect(cluster.clusterId).toMatch(/\S{8,}/);
    }
    expect(kafka[0].clusterId).not.toEqual(kafka[1].clusterId); // two independent clusters, not one twice
    expect(report.checks).toContainEqual(expect.objectContaining({ kind: 'gcs', name: 'lifeboat-backups', ok: true }));
    expect(report.checks).toContainEqual(expect.objectContaining({ kind: 'schema-registry', ok: true }));
  });

  test('names the cluster and bucket that fail, and still checks the rest', async () => {
    const config = loadConfig({
      env: { LIFEBOAT_KAFKA_GHOST_BOOTSTRAP: '127.0.0.1:1', LIFEBOAT_GCS_BUCKETS: 'lifeboat-backups,no-such-bucket-lifeboat' },
    });
    const deps = createDependencies(config);
    try {
      const report = await harness.withWorker(
        (taskQueue) =>
          harness.client.workflow.execute('preflight', {
            taskQueue,
            workflowId: workflowId('preflight-ghost'),
            args: [{ schemaRegistry: false, clusters: ['ghost', 'source', 'typo'] }],
          }),
        { deps },
      ) as PreflightReport;
      expect(report.ok).toBe(false);
      // A name the worker's config lacks is one failed check, not a failed runbook that loses the others.
      expect(report.checks.find((c) => c.name === 'typo')).toMatchObject({ ok: false, error: expect.stringContaining("no cluster named 'typo'") });
      expect(report.checks.find((c) => c.name === 'ghost')).toMatchObject({ ok: false, error: expect.stringMatching(/ECONNREFUSED|Connection|connect/i) });
      expect(report.checks.find((c) => c.name === 'no-such-bucket-lifeboat')).toMatchObject({ ok: false, error: 'bucket does not exist' });
      expect(report.checks.find((c) => c.name === 'source')).toMatchObject({ ok: true });
      expect(report.checks.some((c) => c.kind === 'schema-registry')).toBe(false);
    } finally {
      await deps.close();
    }
  });

  test('checks just what a caller names, without asking the worker for its config first (as a restore calls it)', async () => {
    const id = workflowId('preflight-named');
    const report = (await harness.withWorker((taskQueue) =>
      harness.client.workflow.execute('preflight', {
        taskQueue,
        workflowId: id,
        args: [{ clusters: ['destination'], buckets: ['lifeboat-backups'], schemaRegistry: false }],
      }),
    )) as PreflightReport;
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => `${c.kind} ${c.name}`).sort()).toEqual(['gcs lifeboat-backups', 'kafka destination']);
    const { events } = await harness.client.workflow.getHandle(id).fetchHistory();
    const activities = (events ?? []).flatMap((e) => (e.activityTaskScheduledEventAttributes?.activityType?.name ? [e.activityTaskScheduledEventAttributes.activityType.name] : []));
    expect(activities.sort()).toEqual(['checkBucket', 'checkKafkaCluster']); // no describeConfiguredDependencies round trip
  });
});
