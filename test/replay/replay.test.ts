import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { WORKFLOWS_PATH } from '../../worker/create-worker';

const HISTORIES = join(__dirname, 'histories');
const files = readdirSync(HISTORIES).filter((f) => f.endsWith('.json'));

/**
 * Saved histories of every runbook, replayed against today's workflow code: a change that would make
 * running workflows non-deterministic fails here, before it reaches a worker with histories in flight.
 */
describe('workflow replay', () => {
  beforeAll(() => {
    try {
      Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
    } catch {
      // installed by another test file in this process
    }
  });

  test('there is a saved history for every runbook (older ones kept for the paths they took before a patch)', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'preflight.json',
        'preflight-named.json',
        'preflight-named.before-named-skips-config.json',
        'restore-from-gcs.json',
        'restore-from-gcs.before-verify-while-streaming.json',
        'restore-from-gcs.before-plan-during-preflight.json',
        'restore-from-gcs.before-inspect-destination-during-preflight.json',
      ]),
    );
  });

  test.each(files)('%s replays deterministically', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(join(HISTORIES, file), 'utf8'));
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH }, history, workflowId)).resolves.toBeUndefined();
  }, 60_000);
});
