import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type Activities } from '../activities';
import { resolveSecret, temporalTlsOptions } from '../config/secrets';
import type { LifeboatConfig } from '../config/schema';
import type { createDependencies } from './dependencies';
import { prepareWorkflowBundle } from './workflow-bundle';

export { WORKFLOWS_PATH } from './workflow-bundle';

export async function connectWorkerToTemporal(config: LifeboatConfig): Promise<NativeConnection> {
  const { address, tls, apiKey } = config.temporal;
  return NativeConnection.connect({
    address,
    tls: temporalTlsOptions(tls),
    apiKey: apiKey ? resolveSecret(apiKey, 'temporal.apiKey') : undefined,
  });
}

export interface LifeboatWorkerOptions {
  config: LifeboatConfig;
  connection: NativeConnection;
  deps: ReturnType<typeof createDependencies>;
  taskQueue?: string;
  /** Tests replace single activities (typed, so a rename breaks them at compile time). */
  activityOverrides?: Partial<Activities>;
  /** A bundle already built (tests build one per file); otherwise the cached bundle (see workflow-bundle.ts). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** Shown in workflow histories as who ran each task; the SDK's default is `<pid>@<host>`. */
  identity?: string;
}

/** The composition root: configured clients → activities → a worker on Lifeboat's task queue. */
export async function createLifeboatWorker(options: LifeboatWorkerOptions): Promise<Worker> {
  const { config, connection, deps } = options;
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: options.taskQueue ?? config.temporal.taskQueue,
    workflowBundle: options.workflowBundle ?? (await prepareWorkflowBundle(Runtime.instance().logger)),
    activities: { ...createActivities(deps), ...options.activityOverrides },
    ...(options.identity ? { identity: options.identity } : {}),
    // Restores are long activities; this bounds how many partitions one worker streams at once.
    maxConcurrentActivityTaskExecutions: config.worker.maxConcurrentActivities,
  });
}
