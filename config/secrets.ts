import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../domain/errors';
import type { LifeboatConfig, SecretRef } from './schema';

/** Reads the value a reference points to. Only the worker and the CLI's own clients call this. */
export function resolveSecret(ref: SecretRef, setting: string, env: NodeJS.ProcessEnv = process.env): string {
  if ('env' in ref) {
    const value = env[ref.env];
    if (value === undefined || value === '') {
      throw new ConfigurationError(setting, `environment variable ${ref.env} is not set`);
    }
    return value;
  }
  try {
    return readFileSync(ref.file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    throw new ConfigurationError(setting, `cannot read secret file ${ref.file}: ${(err as NodeJS.ErrnoException).code ?? err}`);
  }
}

/** Every secret reference in the config, with the setting that holds it, so a missing one is named at start-up. */
export function secretReferences(config: LifeboatConfig): Array<{ setting: string; ref: SecretRef }> {
  const refs: Array<{ setting: string; ref: SecretRef }> = [];
  if (config.temporal.apiKey) refs.push({ setting: 'temporal.apiKey', ref: config.temporal.apiKey });
  for (const [name, cluster] of Object.entries(config.clusters)) {
    if (cluster.sasl) refs.push({ setting: `clusters.${name}.sasl.password`, ref: cluster.sasl.password });
  }
  if (config.gcs.credentials) refs.push({ setting: 'gcs.credentials', ref: config.gcs.credentials });
  if (config.schemaRegistry?.basicAuth) {
    refs.push({ setting: 'schemaRegistry.basicAuth.password', ref: config.schemaRegistry.basicAuth.password });
  }
  return refs;
}

/** Fails fast, naming the first unresolvable reference. */
export function assertSecretsResolvable(config: LifeboatConfig, env: NodeJS.ProcessEnv = process.env): void {
  for (const { setting, ref } of secretReferences(config)) resolveSecret(ref, setting, env);
}
