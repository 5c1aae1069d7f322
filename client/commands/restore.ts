import { CancelledFailure, WorkflowFailedError } from '@temporalio/client';
import type { Command } from 'commander';
import type { LifeboatConfig } from '../../config/schema';
import type { RestoreReport } from '../../domain/restore-report';
import type { RestoreRequest } from '../../domain/restore-request';
import { connectClient } from '../connection';
import { withInProcessWorker } from '../in-process-worker';
import { loadCliConfig, requireClusters } from '../options';
import { renderProgressLine, renderRestoreReport } from '../output/restore-report';
import { buildRestoreRequest, type RestoreFlags } from '../restore-request';
import { failureMessage } from '../output/failure-message';
import { startRestore, waitForReport } from '../restore-runner';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerRestoreCommand(program: Command): void {
  program
    .command('restore')
    .description('restore topics from a Confluent GCS-sink backup into a Kafka cluster (exactly-once by default)')
    .option('--sink-config <file>', "the backup's GCS sink connector JSON ({name, config} or the bare config map)")
    .option('--settings <file>', 'connector-style restore properties instead (.properties or .json)')
    .option('-p, --property <key=value>', 'override one connector property (repeatable)', collect)
    .option('--bucket <name>', 'gcs.bucket.name')
    .option('--topics <a,b>', 'restore only these source topics')
    .option('--rename <regex=replacement>', 'rename topics like RegexRouter (whole-name match, $1 groups)')
    .option('--delivery <mode>', 'exactly-once | at-least-once', 'exactly-once')
    .option('--value-serializer <kind>', 'Avro values: schema-registry (Confluent wire format) | avro (plain binary)', 'schema-registry')
    .option('--create-topics', 'create missing destination topics with the partitions the backup needs')
    .option('--replication-factor <n>', 'for --create-topics (default: 3, or the broker count if fewer)')
    .option('--topic-config <key=value>', 'topic config for --create-topics (repeatable)', collect)
    .option('--destination <cluster>', 'destination cluster name from the config', 'destination')
    .option('--restore-id <id>', 'idempotency key: re-running a restore id resumes it and never duplicates')
    .option('--dry-run', 'print the plan; write nothing')
    .option('--allow-empty', 'succeed when the backup holds nothing to restore, or nothing of a --topics entry')
    .option('--follow', 'keep restoring new objects every poll interval until cancelled')
    .option('--poll-interval <seconds>', 'for --follow', '60')
    .option('--settle <seconds>', 'for --follow, with several sink files open at once: restore objects once this old', '30')
    .option('--allow-sink-loop', "restore into a topic the backup's own sink consumes")
    .option('--no-keys-and-headers', 'ignore .keys/.headers files even when the backup has them')
    .option('--transaction-records <n>', 'records per checkpoint (Kafka transaction)')
    .option('--verify <mode>', 'read-back: count the restored records on the destination (default) | counts: trust the restore\'s counters')
    .option('--heartbeat-timeout <seconds>', 'how soon a lost worker\'s partition moves to another worker')
    .option('--wait', 'show live progress and the final report')
    .option('--json', 'print the report (or start info) as JSON')
    .option('--start-worker', 'run a worker inside this command (implies --wait)')
    .action(async (flags: RestoreFlags & { wait?: boolean; json?: boolean; startWorker?: boolean }, command: Command) => {
      const config = loadCliConfig(command);
      const { request, warnings } = buildRestoreRequest(flags);
      // With --start-worker the CLI's config is the worker's; otherwise workers have their own (the runbook names a missing one).
      if (flags.startWorker) requireClusters(config, [request.destinationCluster], '--destination');
      for (const warning of warnings) console.error(`warning: ${warning}`);
      const run = () => runRestoreCommand(config, request, { wait: Boolean(flags.wait || flags.dryRun || flags.startWorker), json: Boolean(flags.json) });
      await (flags.startWorker ? withInProcessWorker(config, run) : run());
    });
}

async function runRestoreCommand(config: LifeboatConfig, request: RestoreRequest, options: { wait: boolean; json: boolean }): Promise<void> {
  const client = await connectClient(config);
  try {
    const started = await startRestore(client, config, request);
    if (!options.wait) {
      const info = { restoreId: request.restoreId, workflowId: started.workflowId, runId: started.runId, webUi: started.uiUrl };
      console.log(options.json ? JSON.stringify(info, null, 2) : `Started restore ${request.restoreId}\nWeb UI: ${started.uiUrl}`);
      return;
    }
    if (!options.json) console.error(`Restore ${request.restoreId} started — Web UI: ${started.uiUrl}`);
    const startedAt = Date.now();
    const live = process.stderr.isTTY && !options.json;
    let report: RestoreReport;
    try {
      report = await waitForReport(started.handle, live ? (p) => process.stderr.write(`\r${renderProgressLine(p, startedAt)}\x1b[K`) : undefined);
    } catch (err) {
      if (live) process.stderr.write('\n');
      if (request.follow && err instanceof WorkflowFailedError && err.cause instanceof CancelledFailure) {
        // A following restore ends only when cancelled: that is its normal end, not a failure.
        console.error(`Restore ${request.restoreId} stopped following (cancelled). Web UI: ${started.uiUrl}`);
        if (options.json) console.log(JSON.stringify({ restoreId: request.restoreId, stopped: true, webUi: started.uiUrl }, null, 2));
        return;
      }
      console.error(
        `lifeboat: restore ${request.restoreId} failed: ${failureMessage(err)}\n` +
          `Web UI: ${started.uiUrl}\n` +
          `Fix the cause, then re-run with --restore-id ${request.restoreId} to resume where it stopped (a new id would restore everything again).`,
      );
      if (options.json) console.log(JSON.stringify({ restoreId: request.restoreId, failed: true, error: failureMessage(err), webUi: started.uiUrl }, null, 2));
      process.exitCode = 1;
      return;
    }
    if (live) process.stderr.write('\n');
    console.log(options.json ? JSON.stringify(report, null, 2) : `${renderRestoreReport(report)}\nWeb UI: ${started.uiUrl}`);
    if (!report.verified) process.exitCode = 1;
  } finally {
    await client.connection.close();
  }
}
