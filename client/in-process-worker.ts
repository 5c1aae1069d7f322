import { Runtime, type Worker } from '@temporalio/worker';
import type { LifeboatConfig } from '../config/schema';
import { connectWorkerToTemporal, createLifeboatWorker } from '../worker/create-worker';
import { createDependencies } from '../worker/dependencies';
import { createLogger } from '../worker/logging';

/**
 * Runs a worker inside the CLI process for the duration of one command (`--start-worker`, local drills),
 * so a single command works on a fresh machine. Production runs `lifeboat worker` separately.
 */
export async function withInProcessWorker<T>(config: LifeboatConfig, body: () => Promise<T>): Promise<T> {
  const logger = createLogger((process.env.LIFEBOAT_LOG_LEVEL as 'WARN') ?? 'WARN');
  try {
    Runtime.install({ logger, shutdownSignals: [] });
  } catch {
    // already installed by an earlier call in this process
  }
  const deps = createDependencies(config, logger);
  const connection = await connectWorkerToTemporal(config);
  let worker: Worker | undefined;
  try {
    worker = await createLifeboatWorker({ config, connection, deps });
    const running = worker.runUntil(body());
    return await running;
  } finally {
    await deps.close();
    await connection.close();
  }
}
