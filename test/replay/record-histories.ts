/**
 * Records the histories that test/replay/replay.test.ts replays: runs each runbook once against the local
 * stack and saves its history. Re-record after an intended change to a workflow's commands:
 *   npx lifeboat stack up && node bin/run-ts.js test/replay/record-histories.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { execFileSync } from 'node:child_process';
import { venvBinary } from '../../stack/services/venv';
import { encodeAvroObject } from '../../dev/sink-simulator/encoders';
import { loadConfig } from '../../config';
import { withInProcessWorker } from '../../client/in-process-worker';
import { BackupFixture } from '../helpers/backup';
import { restoreRequest } from '../helpers/restore';

async function main(): Promise<void> {
  const config = loadConfig({ env: {} });
  const taskQueue = `record-histories-${randomUUID().slice(0, 8)}`;
  config.temporal.taskQueue = taskQueue;
  const client = new Client({ connection: await Connection.connect({ address: config.temporal.address }) });
  const backup = new BackupFixture();
  const topic = `replay-${randomUUID().slice(0, 8)}`;
  const schema = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] };
  for (const partition of [0, 1]) {
    for (const start of [0, 3]) {
      const name = `${backup.topicsDir}/${topic}/partition=${partition}/${topic}+${partition}+${String(start).padStart(10, '0')}.avro`;
      await backup.put(name, encodeAvroObject(schema, [0, 1, 2].map((i) => ({ n: start + i }))));
    }
  }
  const runs: Array<[string, string, unknown[]]> = [
    ['preflight', 'preflight', [{}]],
    // As a restore runs it: every dependency named, nothing looked up in the worker's config.
    ['preflight-named', 'preflight', [{ clusters: ['destination'], buckets: [backup.bucket.name], schemaRegistry: false }]],
    ['restore-from-gcs', 'restoreFromGcs', [restoreRequest(backup.settings({ 'format.class': 'avro', 'tasks.max': '2' }), { valueSerializer: 'avro' })]],
  ];
  await withInProcessWorker(config, async () => {
    for (const [file, workflow, args] of runs) {
      const handle = await client.workflow.start(workflow, { taskQueue, workflowId: `record-${file}-${randomUUID()}`, args });
      await handle.result();
      // The Temporal CLI writes the canonical proto3 JSON that Worker.runReplayHistory reads.
      const json = execFileSync(venvBinary(/^temporal$/), ['workflow', 'show', '--workflow-id', handle.workflowId, '--output', 'json', '--address', config.temporal.address, '--namespace', config.temporal.namespace], { maxBuffer: 64 << 20 });
      // Child workflow ids derive from the parent's id, so replay needs the original id too.
      writeFileSync(join(__dirname, 'histories', `${file}.json`), JSON.stringify({ workflowId: handle.workflowId, history: JSON.parse(String(json)) }, null, 1));
      console.log(`saved ${file}.json (${JSON.parse(String(json)).events.length} events)`);
    }
  });
  await backup.cleanup();
  await client.connection.close();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
