/** What `preflight` found for each dependency. Pure data: carried in workflow results and printed by the CLI. */
export interface KafkaClusterCheck {
  kind: 'kafka';
  name: string;
  ok: boolean;
  bootstrapServers: string[];
  clusterId?: string;
  brokerCount?: number;
  controllerId?: number;
  /** Whether an ACL authorizer answers DescribeAcls ('disabled' = the broker has no authorizer configured). */
  authorizer?: 'enabled' | 'disabled';
  aclBindings?: number;
  error?: string;
}

export interface BucketCheck {
  kind: 'gcs';
  name: string;
  ok: boolean;
  endpoint: string;
  location?: string;
  /** True when at least one object could be listed (read permission), false when the bucket is empty. */
  hasObjects?: boolean;
  error?: string;
}

export interface SchemaRegistryCheck {
  kind: 'schema-registry';
  name: string;
  ok: boolean;
  url: string;
  subjects?: number;
  compatibility?: string;
  error?: string;
}

export type DependencyCheck = KafkaClusterCheck | BucketCheck | SchemaRegistryCheck;

export interface PreflightRequest {
  /** Cluster names from the worker's config; empty or absent = every configured cluster. */
  clusters?: string[];
  /** Buckets to check; absent = the configured ones. */
  buckets?: string[];
  /** Check the Schema Registry; default: when one is configured. */
  schemaRegistry?: boolean;
}

export interface PreflightReport {
  ok: boolean;
  checks: DependencyCheck[];
}

export interface ConfiguredDependencies {
  clusters: string[];
  buckets: string[];
  schemaRegistry: boolean;
}

export function summarizePreflight(checks: DependencyCheck[]): PreflightReport {
  return { ok: checks.every((c) => c.ok), checks };
}

/** One line per failed check, for errors thrown by runbooks that require a clean preflight. */
export function preflightFailures(report: PreflightReport): string[] {
  return report.checks.filter((c) => !c.ok).map((c) => `${c.kind} ${c.name}: ${c.error ?? 'failed'}`);
}
