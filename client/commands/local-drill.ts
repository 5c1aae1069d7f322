import type { Command } from 'commander';
import { runLocalDrill } from '../../dev/local-drill';
import { stackUp } from '../../stack';
import { connectClient } from '../connection';
import { withInProcessWorker } from '../in-process-worker';
import { loadCliConfig } from '../options';
import { renderRestoreReport } from '../output/restore-report';
import { startRestore, waitForReport } from '../restore-runner';

export function registerLocalDrillCommand(program: Command): void {
  program
    .command('local-drill')
    .description('on the embedded local stack: produce orders, back them up in the GCS sink layout, restore them with the runbook, compare')
    .option('--partitions <n>', 'partitions of the sample topic', '3')
    .option('--records <n>', 'records per partition', '2000')
    .option('--flush-size <n>', "the simulated sink's flush.size", '300')
    .option('--json', 'print the result as JSON')
    .action(async (opts, command: Command) => {
      const config = loadCliConfig(command);
      const log = (line: string) => console.error(line);
      log('Bringing the local stack up (first run installs Kafka, Temporal, the GCS emulator; later runs take seconds)…');
      await stackUp({ log: (line) => log(`  ${line}`) });
      const result = await withInProcessWorker(config, async () => {
        const client = await connectClient(config);
        try {
          return await runLocalDrill(config, {
            partitions: Number(opts.partitions),
            recordsPerPartition: Number(opts.records),
            flushSize: Number(opts.flushSize),
            log,
            restore: async (request) => {
              const started = await startRestore(client, config, request);
              log(`    restore runbook ${started.workflowId}: ${started.uiUrl}`);
              return { report: await waitForReport(started.handle), uiUrl: started.uiUrl };
            },
          });
        } finally {
          await client.connection.close();
        }
      });
      if (opts.json) {
        console.log(JSON.stringify(result, null, 2));
      } else {
        console.log(renderRestoreReport(result.report));
        console.log('');
        console.log(`Drill on ${result.topic}: produced ${result.produced}, backed up ${result.backedUp} (${result.heldBySink} still held by the sink), restored ${result.report.totals.records}.`);
        for (const c of result.comparison) {
          console.log(`  partition ${c.partition}: ${c.restored}/${c.expected} records ${c.firstMismatch === -1 ? 'identical, in order' : `differ from record ${c.firstMismatch}`}`);
        }
        console.log(result.ok ? 'DRILL PASSED: the destination holds every backed-up record exactly once, in order.' : 'DRILL FAILED');
        console.log(`Web UI: ${result.uiUrl}`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
