import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, type NativeConnection, type Worker, type WorkflowBundle } from '@temporalio/worker';
import type { Activities } from '../../activities';
import { loadConfig } from '../../config';
import type { LifeboatConfig } from '../../config/schema';
import { connectWorkerToTemporal, createLifeboatWorker, WORKFLOWS_PATH } from '../../worker/create-worker';
import { createDependencies } from '../../worker/dependencies';

let runtimeInstalled = false;

/**
 * One harness per test file: the stack's running dev server (never the SDK's download), the workflow
 * bundle built once, a task queue per test so tests never pick up each other's work.
 */
export class RunbookHarness {
  private constructor(
    readonly config: LifeboatConfig,
    readonly env: TestWorkflowEnvironment,
    readonly bundle: WorkflowBundle,
    readonly deps: ReturnType<typeof createDependencies>,
  ) {}

  static async create(config: LifeboatConfig = loadConfig({ env: {} })): Promise<RunbookHarness> {
    if (!runtimeInstalled) {
      Runtime.install({ logger: new DefaultLogger('WARN'), shutdownSignals: [] });
      runtimeInstalled = true;
    }
    const env = await TestWorkflowEnvironment.createFromExistingServer({
      address: config.temporal.address,
      namespace: config.temporal.namespace,
    });
    const bundle = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: new DefaultLogger('WARN') });
    return new RunbookHarness(config, env, bundle, createDependencies(config));
  }

  get client() {
    return this.env.client;
  }

  /** Runs `body` while a worker with the real activities (plus typed overrides) polls a fresh task queue. */
  async withWorker<T>(
    body: (taskQueue: string) => Promise<T>,
    options: { activityOverrides?: Partial<Activities>; deps?: ReturnType<typeof createDependencies> } = {},
  ): Promise<T> {
    const taskQueue = uniqueTaskQueue();
    const worker = await createLifeboatWorker({
      config: this.config,
      connection: this.env.nativeConnection,
      deps: options.deps ?? this.deps,
      taskQueue,
      workflowBundle: this.bundle,
      activityOverrides: options.activityOverrides,
    });
    try {
      return await worker.runUntil(body(taskQueue));
    } finally {
      await this.terminateLeftovers(taskQueue);
    }
  }

  /**
   * Runs `body` while `count` workers share a fresh task queue, each with its own connection and clients (as
   * separate processes would have; the SDK refuses two workers of one queue on one connection), named
   * `worker-1`… in the history, and taking at most `maxConcurrentActivities` activities.
   */
  async withWorkers<T>(count: number, body: (taskQueue: string) => Promise<T>, options: { maxConcurrentActivities: number }): Promise<T> {
    const taskQueue = uniqueTaskQueue();
    const config: LifeboatConfig = { ...this.config, worker: { maxConcurrentActivities: options.maxConcurrentActivities } };
    const connections: NativeConnection[] = [];
    const deps: Array<ReturnType<typeof createDependencies>> = [];
    const workers: Worker[] = [];
    try {
      for (let i = 0; i < count; i++) {
        connections.push(await connectWorkerToTemporal(config));
        deps.push(createDependencies(config));
        workers.push(await createLifeboatWorker({ config, connection: connections[i], deps: deps[i], taskQueue, workflowBundle: this.bundle, identity: `worker-${i + 1}` }));
      }
      const work = body(taskQueue);
      work.catch(() => undefined); // raised below, once every worker has stopped
      const stopped = await Promise.allSettled(workers.map((w) => w.runUntil(work)));
      const failed = stopped.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      return await work;
    } finally {
      await this.terminateLeftovers(taskQueue);
      // Workers created but never run (one failed to start) must still let go of their connection.
      await Promise.allSettled(workers.filter((w) => w.getState() === 'INITIALIZED').map((w) => w.runUntil(Promise.resolve())));
      await Promise.all(deps.map((d) => d.close()));
      await Promise.all(connections.map((c) => c.close()));
    }
  }

  /**
   * A test that failed (or timed out) part-way leaves its workflow running on a task queue no worker will
   * poll again: it would sit in the local stack's server, pending for good. Ends them; best effort.
   */
  private async terminateLeftovers(taskQueue: string): Promise<void> {
    try {
      for await (const execution of this.client.workflow.list({ query: `TaskQueue = '${taskQueue}' AND ExecutionStatus = 'Running'` })) {
        await this.client.workflow.getHandle(execution.workflowId, execution.runId).terminate('test over: its worker has stopped').catch(() => undefined);
      }
    } catch {
      // The server may be down (a test that restarts it): nothing to clean up then.
    }
  }

  async close(): Promise<void> {
    await this.deps.close();
    await this.env.teardown();
  }
}

export function uniqueTaskQueue(): string {
  const title = expect.getState().currentTestName ?? 'test';
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 40);
  return `test-${slug}-${randomUUID().slice(0, 8)}`;
}

export const workflowId = (prefix: string): string => `${prefix}-${randomUUID()}`;
