import type { Command } from 'commander';
import { positiveInteger } from '../../config';
import { runWorker } from '../../worker/main';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description("run a Lifeboat worker on the configured task queue until SIGINT/SIGTERM")
    .option(
      '--max-concurrent-activities <n>',
      'activities (mostly partition streams) this worker runs at once; lower it to spread a restore over more workers ' +
        '(default: LIFEBOAT_MAX_CONCURRENT_ACTIVITIES or worker.maxConcurrentActivities, else 16)',
      (value: string) => positiveInteger(value, '--max-concurrent-activities'),
    )
    .action(async (opts: { maxConcurrentActivities?: number }, command: Command) => {
      await runWorker({ configFile: command.optsWithGlobals().config, maxConcurrentActivities: opts.maxConcurrentActivities });
    });
}
