import { Runtime } from '@temporalio/worker';
import { crc32cImplementation } from '../activities/kafka/crc32c';
import { loadConfig } from '../config';
import { connectWorkerToTemporal, createLifeboatWorker } from './create-worker';
import { createDependencies } from './dependencies';
import { createLogger } from './logging';
import { missingMemorySettings } from './memory-settings';

/**
 * Runs a Lifeboat worker until SIGINT/SIGTERM. The SDK's runtime handles those signals: the worker
 * stops polling, lets running activities finish or be cancelled, and only then do we close clients.
 */
export async function runWorker(options: { configFile?: string; maxConcurrentActivities?: number } = {}): Promise<void> {
  const loaded = loadConfig({ file: options.configFile });
  const config = options.maxConcurrentActivities ? { ...loaded, worker: { ...loaded.worker, maxConcurrentActivities: options.maxConcurrentActivities } } : loaded;
  const logger = createLogger();
  Runtime.install({ logger });
  const deps = createDependencies(config, logger);
  const connection = await connectWorkerToTemporal(config);
  try {
    const worker = await createLifeboatWorker({ config, connection, deps });
    logger.info('Lifeboat worker started', {
      taskQueue: config.temporal.taskQueue,
      namespace: config.temporal.namespace,
      temporal: config.temporal.address,
      clusters: Object.keys(config.clusters),
      maxConcurrentActivities: config.worker.maxConcurrentActivities,
      crc32c: crc32cImplementation, // 'software' (no native build for this platform) costs a restore ~10 % more CPU
    });
    const missing = missingMemorySettings();
    if (missing.length) logger.info(`Worker memory: started without ${missing.join(' and ')}; its peak memory runs about 40 MB higher (README, "Worker memory")`);
    await worker.run();
  } finally {
    await deps.close();
    await connection.close();
    logger.info('Lifeboat worker stopped');
  }
}

if (require.main === module) {
  runWorker().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
