import type { Command } from 'commander';
import { preflightWorkflowId } from '../../domain/ids';
import type { PreflightReport, PreflightRequest } from '../../domain/preflight';
import { RunbookKind, RunbookTarget } from '../../workflows/search-attributes';
import type { LifeboatConfig } from '../../config/schema';
import { connectClient, requireWorker, workflowUiUrl } from '../connection';
import { withInProcessWorker } from '../in-process-worker';
import { renderPreflightReport } from '../output/preflight-report';
import { loadCliConfig, requireClusters, splitList } from '../options';

/** Runs the preflight runbook on a worker and returns its report. */
export async function runPreflight(
  config: LifeboatConfig,
  request: PreflightRequest,
): Promise<{ report: PreflightReport; workflowId: string; uiUrl: string }> {
  const client = await connectClient(config);
  try {
    await requireWorker(client, config.temporal.taskQueue);
    const workflowId = preflightWorkflowId(new Date().toISOString());
    const handle = await client.workflow.start('preflight', {
      taskQueue: config.temporal.taskQueue,
      workflowId,
      args: [request],
      typedSearchAttributes: [
        { key: RunbookKind, value: 'preflight' },
        { key: RunbookTarget, value: [...(request.clusters ?? Object.keys(config.clusters))].join(',') },
      ],
      staticSummary: 'Preflight: check clusters, buckets and schema registry',
    });
    const report = (await handle.result()) as PreflightReport;
    return { report, workflowId, uiUrl: workflowUiUrl(config, workflowId, handle.firstExecutionRunId) };
  } finally {
    await client.connection.close();
  }
}

export function registerPreflightCommand(program: Command): void {
  program
    .command('preflight')
    .description('check every configured Kafka cluster, GCS bucket and the Schema Registry')
    .option('--cluster <names>', 'only these clusters (comma-separated)')
    .option('--bucket <names>', 'only these buckets (comma-separated)')
    .option('--no-schema-registry', 'skip the Schema Registry')
    .option('--start-worker', 'run a worker inside this command instead of needing `lifeboat worker`')
    .option('--json', 'print the report as JSON')
    .action(async (opts, command: Command) => {
      const config = loadCliConfig(command);
      const request: PreflightRequest = {
        clusters: splitList(opts.cluster),
        buckets: splitList(opts.bucket),
        schemaRegistry: opts.schemaRegistry === false ? false : undefined,
      };
      // Workers have their own config (they report a name they lack); an in-process one has this one.
      if (request.clusters && opts.startWorker) requireClusters(config, request.clusters, '--cluster');
      const run = () => runPreflight(config, request);
      const { report, uiUrl } = opts.startWorker ? await withInProcessWorker(config, run) : await run();
      console.log(opts.json ? JSON.stringify(report, null, 2) : `${renderPreflightReport(report)}\nWeb UI: ${uiUrl}`);
      if (!report.ok) process.exitCode = 1;
    });
}
