import type { Command } from 'commander';
import { runWorker } from '../../worker/main';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description("run a Lifeboat worker on the configured task queue until SIGINT/SIGTERM")
    .action(async (_opts, command: Command) => {
      await runWorker({ configFile: command.optsWithGlobals().config });
    });
}
