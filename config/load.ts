import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigurationError } from '../domain/errors';
import { DEFAULT_CLUSTERS, LifeboatConfig } from './schema';

export interface LoadConfigOptions {
  /** Explicit config file (CLI --config); otherwise LIFEBOAT_CONFIG, then ./lifeboat.config.json if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Defaults (the local stack) ← config file ← environment variables. Errors name the file, the
 * setting and what is wrong, before anything connects.
 */
export function loadConfig(options: LoadConfigOptions = {}): LifeboatConfig {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const file = options.file ?? env.LIFEBOAT_CONFIG ?? defaultFileIfPresent(cwd);
  const fromFile = file ? readConfigFile(resolve(cwd, file)) : {};
  const merged = applyEnvironment(fromFile, env);
  const parsed = LifeboatConfig.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = file ? ` in ${file}` : '';
    throw new ConfigurationError(issue.path.join('.') || '(root)', `${issue.message}${where}`);
  }
  return parsed.data;
}

function defaultFileIfPresent(cwd: string): string | undefined {
  const candidate = resolve(cwd, 'lifeboat.config.json');
  return existsSync(candidate) ? candidate : undefined;
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigurationError('config file', `${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new ConfigurationError('config file', `${path} is not valid JSON: ${(err as Error).message}`);
  }
}

type Mutable = Record<string, any>;

/** Environment overrides, for containers and CI. Cluster variables name the cluster: LIFEBOAT_KAFKA_<NAME>_BOOTSTRAP. */
function applyEnvironment(base: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const config: Mutable = structuredClone(base);
  const section = (key: string): Mutable => (config[key] ??= {});
  const set = (value: string | undefined, apply: (v: string) => void) => value !== undefined && value !== '' && apply(value);

  set(env.LIFEBOAT_TEMPORAL_ADDRESS, (v) => (section('temporal').address = v));
  set(env.LIFEBOAT_TEMPORAL_NAMESPACE, (v) => (section('temporal').namespace = v));
  set(env.LIFEBOAT_TASK_QUEUE, (v) => (section('temporal').taskQueue = v));
  set(env.LIFEBOAT_TEMPORAL_UI_URL, (v) => (section('temporal').webUiUrl = v));
  set(env.LIFEBOAT_GCS_ENDPOINT, (v) => (section('gcs').apiEndpoint = v));
  set(env.LIFEBOAT_GCS_PROJECT, (v) => (section('gcs').projectId = v));
  set(env.LIFEBOAT_GCS_BUCKETS, (v) => (section('gcs').buckets = v.split(',').map((b) => b.trim())));
  set(env.LIFEBOAT_SCHEMA_REGISTRY_URL, (v) => (config.schemaRegistry = { ...(config.schemaRegistry ?? {}), url: v }));
  set(env.LIFEBOAT_MAX_CONCURRENT_ACTIVITIES, (v) => (section('worker').maxConcurrentActivities = positiveInteger(v, 'LIFEBOAT_MAX_CONCURRENT_ACTIVITIES')));

  for (const [name, value] of Object.entries(env)) {
    const match = /^LIFEBOAT_KAFKA_([A-Z0-9_]+)_BOOTSTRAP$/.exec(name);
    if (!match || !value) continue;
    // Adding a cluster by environment keeps the default ones unless a config file replaced them.
    const clusters: Mutable = (config.clusters ??= structuredClone(DEFAULT_CLUSTERS));
    // A variable name cannot hold '-' or lower case: DR_EAST overrides a configured 'dr-east' (TLS, SASL and
    // all) rather than adding a second, plaintext 'dr_east' beside it.
    const cluster = Object.keys(clusters).find((name) => envName(name) === match[1]) ?? match[1].toLowerCase();
    clusters[cluster] = { ...(clusters[cluster] ?? {}), bootstrapServers: value.split(',').map((s) => s.trim()) };
  }
  return config;
}

const envName = (cluster: string): string => cluster.toUpperCase().replace(/-/g, '_');

/** A count given as text (a variable, a flag), or a ConfigurationError naming `setting`. */
export function positiveInteger(value: string, setting: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new ConfigurationError(setting, `"${value}" is not a positive integer`);
  return n;
}
