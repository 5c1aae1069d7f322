import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { encodeAvroObject } from '../../dev/sink-simulator/encoders';
import { BackupFixture, TEST_BUCKET } from '../helpers/backup';
import { Client, Connection } from '@temporalio/client';
import { restoreWorkflowId } from '../../domain/ids';
import { LOCAL_STACK } from '../../stack/local-stack';
import { KafkaFixture, readPartition } from '../helpers/kafka';

const REPO = join(__dirname, '../..');

/** Runs the real `lifeboat` binary, as an operator or a script would. */
function lifeboat(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin/lifeboat.js'), ...args], { cwd: REPO, env: { ...process.env, LIFEBOAT_LOG_LEVEL: 'ERROR', ...env }, maxBuffer: 32 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('the lifeboat CLI', () => {
  const kafka = new KafkaFixture();
  const backup = new BackupFixture();
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-cli-'));
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await backup.cleanup();
    await kafka.cleanup();
  });

  test('stack status lists every service of the local stack as healthy', async () => {
    const { code, stdout } = await lifeboat(['stack', 'status']);
    expect(code).toBe(0);
    for (const service of ['kafka-source', 'kafka-destination', 'temporal', 'gcs', 'schema-registry']) {
      expect(stdout).toMatch(new RegExp(`✓ ${service}\\s+healthy`));
    }
  });

  test('says how to start a worker instead of waiting when none polls the task queue', async () => {
    const taskQueue = `nobody-${randomUUID().slice(0, 8)}`;
    const { code, stderr } = await lifeboat(['preflight'], { LIFEBOAT_TASK_QUEUE: taskQueue });
    expect(code).toBe(1);
    expect(stderr).toContain(`No worker is polling task queue '${taskQueue}'`);
    expect(stderr).toContain('npx lifeboat worker');
  });

  test('preflight --json reports both clusters, the bucket and the registry', async () => {
    const { code, stdout, stderr } = await lifeboat(['preflight', '--start-worker', '--json'], { LIFEBOAT_TASK_QUEUE: `cli-${randomUUID().slice(0, 8)}` });
    expect({ code, stderr: code ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.checks.map((c: { kind: string; name: string }) => `${c.kind}:${c.name}`).sort()).toEqual([
      'gcs:lifeboat-backups',
      'kafka:destination',
      'kafka:source',
      'schema-registry:schema-registry',
    ]);
  });

  test('restore --sink-config restores from the sink connector JSON and prints the report as JSON', async () => {
    const topic = kafka.uniqueName('cli-orders');
    kafka.adopt('destination', topic);
    const schema = { type: 'record', name: 'Row', fields: [{ name: 'n', type: 'int' }] };
    for (const start of [0, 4]) {
      await backup.put(`${backup.topicsDir}/${topic}/partition=0/${topic}+0+${String(start).padStart(10, '0')}.avro`, encodeAvroObject(schema, [0, 1, 2, 3].map((i) => ({ n: start + i }))));
    }
    const sink = join(dir, 'gcs-sink.json');
    writeFileSync(
      sink,
      JSON.stringify({
        name: 'gcs-backup',
        config: {
          'connector.class': 'io.confluent.connect.gcs.GcsSinkConnector',
          topics: 'some-other-topic',
          'gcs.bucket.name': TEST_BUCKET,
          'topics.dir': backup.topicsDir,
          'format.class': 'io.confluent.connect.gcs.format.avro.AvroFormat',
          'flush.size': 4,
          'gcs.credentials.json': '{"private_key":"must-never-be-read"}',
        },
      }),
    );
    const env = { LIFEBOAT_TASK_QUEUE: `cli-${randomUUID().slice(0, 8)}` };
    const plan = await lifeboat(['restore', '--sink-config', sink, '--topics', topic, '--create-topics', '--dry-run', '--start-worker', '--json'], env);
    expect({ code: plan.code, stderr: plan.code ? plan.stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(plan.stdout)).toMatchObject({ dryRun: true, plan: { totals: { objects: 2, partitions: 1 } }, createdTopics: [topic] });
    expect(plan.stderr).toContain('ignored "gcs.credentials.json"');
    expect(plan.stderr + plan.stdout).not.toContain('must-never-be-read');

    const run = await lifeboat(['restore', '--sink-config', sink, '--topics', topic, '--create-topics', '--start-worker', '--json'], env);
    expect({ code: run.code, stderr: run.code ? run.stderr : '' }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ verified: true, totals: { records: 8, partitions: 1 }, createdTopics: [topic] });

    // A mistyped topic restores nothing: a failure naming it, never a "verified" restore of zero records.
    const typo = await lifeboat(['restore', '--sink-config', sink, '--topics', `${topic}-typo`, '--start-worker'], env);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain(`no avro objects of selected topic(s) ${topic}-typo; the scan ignored 2 topic-not-selected`);
  });

  test('restore --follow --wait: cancelled, its normal end, it says it stopped and exits 0', async () => {
    const topic = kafka.uniqueName('cli-follow');
    kafka.adopt('destination', topic);
    const schema = { type: 'record', name: 'Row', fields: [{ name: 'n', type: 'int' }] };
    await backup.put(`${backup.topicsDir}/${topic}/partition=0/${topic}+0+0000000000.avro`, encodeAvroObject(schema, [{ n: 1 }]));
    const restoreId = `cli-follow-${randomUUID().slice(0, 8)}`;
    const env = { LIFEBOAT_TASK_QUEUE: `cli-${randomUUID().slice(0, 8)}` };
    const args = ['restore', '--bucket', TEST_BUCKET, '-p', 'format.class=avro', '-p', `topics.dir=${backup.topicsDir}`, '--value-serializer', 'avro'];
    const following = lifeboat([...args, '--topics', topic, '--create-topics', '--follow', '--poll-interval', '1', '--restore-id', restoreId, '--start-worker', '--json'], env);
    await readPartition(kafka.kafka('destination'), topic, 0, 1, 60_000); // restored: the runbook now follows
    const connection = await Connection.connect({ address: LOCAL_STACK.temporalAddress });
    try {
      await new Client({ connection }).workflow.getHandle(restoreWorkflowId(restoreId)).cancel();
    } finally {
      await connection.close();
    }
    const { code, stdout, stderr } = await following;
    expect({ code, stderr: code ? stderr : '' }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toMatchObject({ restoreId, stopped: true });
  });

  test('a wrong setting fails with one line naming it, and a non-zero exit', async () => {
    const sink = join(dir, 's3-sink.json');
    writeFileSync(sink, JSON.stringify({ 'connector.class': 'io.confluent.connect.s3.S3SinkConnector', 'gcs.bucket.name': 'b', 'format.class': 'avro' }));
    const { code, stderr } = await lifeboat(['restore', '--sink-config', sink]);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^lifeboat: connector\.class: "io\.confluent\.connect\.s3\.S3SinkConnector" is not a GCS sink connector/);

    const destination = await lifeboat(['restore', '--bucket', 'b', '-p', 'format.class=avro', '--destination', 'dr', '--start-worker']);
    expect(destination.code).toBe(1);
    expect(destination.stderr.trim()).toBe("lifeboat: --destination: no cluster named 'dr' in the config (clusters: source, destination)");

    const noTemporal = await lifeboat(['preflight'], { LIFEBOAT_TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(noTemporal.code).toBe(1);
    expect(noTemporal.stderr.trim()).toMatch(/^lifeboat: temporal\.address 127\.0\.0\.1:1: cannot connect \(.*\)\. Start the local stack/);

    const worker = await lifeboat(['worker', '--max-concurrent-activities', 'many']);
    expect(worker.code).toBe(1);
    expect(worker.stderr.trim()).toBe('lifeboat: --max-concurrent-activities: "many" is not a positive integer');
  });
});
