import type { Command } from 'commander';
import { stackDown, stackStatus, stackUp, type ServiceStatus } from '../../stack';

export function registerStackCommand(program: Command): void {
  const stack = program.command('stack').description('the embedded local stack: two Kafka clusters, Temporal, GCS emulator, Schema Registry');
  const log = (line: string) => console.error(line);
  stack
    .command('up')
    .description('install (cached) and start every service, then wait until each is healthy')
    .action(async () => {
      const started = Date.now();
      printStatus(await stackUp({ log }));
      console.log(`Stack is up (${((Date.now() - started) / 1000).toFixed(1)} s).`);
    });
  stack
    .command('down')
    .description('stop every service of the local stack; data is kept unless --purge')
    .option('--purge', 'also delete the stack data (topics, workflows, bucket contents)')
    .action(async (opts) => {
      await stackDown({ log, purge: Boolean(opts.purge) });
      console.log('Stack is down.');
    });
  stack
    .command('status')
    .description('show each service and whether it is healthy')
    .option('--json', 'print as JSON')
    .action(async (opts) => {
      const statuses = await stackStatus();
      if (opts.json) console.log(JSON.stringify(statuses, null, 2));
      else printStatus(statuses);
      if (!statuses.every((s) => s.healthy)) process.exitCode = 1;
    });
}

function printStatus(statuses: ServiceStatus[]): void {
  for (const s of statuses) {
    const state = s.healthy ? 'healthy' : s.running ? 'running, NOT healthy' : 'stopped';
    console.log(`${s.healthy ? '✓' : '✗'} ${s.name.padEnd(18)} ${state.padEnd(22)} ${s.endpoint}${s.pid ? `  pid ${s.pid}` : ''}${s.detail ? `  (${s.detail})` : ''}`);
  }
}
