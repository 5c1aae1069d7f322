import { setCurrentDetails } from '@temporalio/workflow';
import { summarizePreflight, type DependencyCheck, type PreflightReport, type PreflightRequest } from '../domain/preflight';
import { CHECK_OPTIONS, checks } from './proxies';

/**
 * Checks every dependency a runbook needs — each Kafka cluster (identity, brokers, authorizer), each
 * bucket, the Schema Registry — and reports them all rather than stopping at the first failure.
 * It changes nothing. Every other runbook starts with it.
 */
export async function preflight(request: PreflightRequest = {}): Promise<PreflightReport> {
  const configured = await checks.describeConfiguredDependencies();
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
