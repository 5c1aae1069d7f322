import { patched, setCurrentDetails } from '@temporalio/workflow';
import { summarizePreflight, type DependencyCheck, type PreflightReport, type PreflightRequest } from '../domain/preflight';
import { CHECK_OPTIONS, checks } from './proxies';

/** What a preflight whose caller named every dependency uses from the config: nothing (each name wins). */
const NOTHING_LOOKED_UP = { clusters: [], buckets: [], schemaRegistry: false };

/**
 * Checks every dependency a runbook needs — each Kafka cluster (identity, brokers, authorizer), each
 * bucket, the Schema Registry — and reports them all rather than stopping at the first failure.
 * It changes nothing. Every other runbook starts with it.
 */
export async function preflight(request: PreflightRequest = {}): Promise<PreflightReport> {
  // A caller that names every dependency (a restore does) needs nothing from the worker's config: asking
  // for it anyway cost a round trip (an activity and a workflow task) before any check began. Histories
  // from before this change asked.
  const named = !!request.clusters?.length && request.buckets !== undefined && request.schemaRegistry !== undefined;
  const configured =
    named && patched('named-preflight-skips-config') ? NOTHING_LOOKED_UP : await checks.describeConfiguredDependencies();
  const clusters = request.clusters?.length ? request.clusters : configured.clusters;
  const buckets = request.buckets ?? configured.buckets;
  const registry = request.schemaRegistry ?? configured.schemaRegistry;

  const results: DependencyCheck[] = await Promise.all([
    ...clusters.map((name) => checks.checkKafkaCluster.executeWithOptions({ ...CHECK_OPTIONS, summary: `kafka ${name}` }, [name])),
    ...buckets.map((name) => checks.checkBucket.executeWithOptions({ ...CHECK_OPTIONS, summary: `gcs ${name}` }, [name])),
    ...(registry ? [checks.checkSchemaRegistry()] : []),
  ]);
  const report = summarizePreflight(results);
  setCurrentDetails(results.map((c) => `- [${c.ok ? 'x' : ' '}] ${c.kind} ${c.name}${c.ok ? '' : `: ${c.error}`}`).join('\n'));
  return report;
}
