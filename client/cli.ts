import { WorkflowFailedError } from '@temporalio/client';
import { Command } from 'commander';
import { LifeboatError } from '../domain/errors';
import { registerLocalDrillCommand } from './commands/local-drill';
import { registerPreflightCommand } from './commands/preflight';
import { registerRestoreCommand } from './commands/restore';
import { registerStackCommand } from './commands/stack';
import { registerWorkerCommand } from './commands/worker';
import { NoWorkerError } from './connection';
import { failureMessage } from './output/failure-message';

/** The `lifeboat` command table. Each command lives in client/commands/, one file each. */
export function buildProgram(): Command {
  const program = new Command('lifeboat')
    .description('Durable disaster-recovery runbooks for Kafka (Temporal workflows)')
    .option('-c, --config <file>', 'config file (default: $LIFEBOAT_CONFIG, then ./lifeboat.config.json, then the local stack)');
  registerStackCommand(program);
  registerWorkerCommand(program);
  registerPreflightCommand(program);
  registerRestoreCommand(program);
  registerLocalDrillCommand(program);
  return program;
}

buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Known failures get one clear line; anything else keeps its stack for a bug report.
    if (err instanceof LifeboatError || err instanceof NoWorkerError) console.error(`lifeboat: ${err.message}`);
    else if (err instanceof WorkflowFailedError) console.error(`lifeboat: runbook failed: ${failureMessage(err)}`);
    else console.error(err);
    process.exitCode = 1;
  });
