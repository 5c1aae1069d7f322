import { readFileSync } from 'node:fs';
import { ConfigurationError } from '../domain/errors';
import type { LifeboatConfig, SecretRef, TlsSettings } from './schema';

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
  refs.push(...tlsReferences(config.temporal.tls, 'temporal.tls'));
  for (const [name, cluster] of Object.entries(config.clusters)) {
    if (cluster.sasl) refs.push({ setting: `clusters.${name}.sasl.password`, ref: cluster.sasl.password });
    refs.push(...tlsReferences(cluster.ssl, `clusters.${name}.ssl`));
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

function tlsReferences(tls: boolean | TlsSettings, setting: string): Array<{ setting: string; ref: SecretRef }> {
  if (typeof tls === 'boolean') return [];
  return (['ca', 'cert', 'key'] as const).flatMap((part) => (tls[part] ? [{ setting: `${setting}.${part}`, ref: tls[part]! }] : []));
}

/** PEM material of a TLS setting, resolved: what Node's tls (kafkajs) and Temporal's connections take. */
export interface ResolvedTls {
  ca?: string;
  cert?: string;
  key?: string;
  serverName?: string;
}

export function resolveTls(tls: boolean | TlsSettings, setting: string, env: NodeJS.ProcessEnv = process.env): ResolvedTls | boolean {
  if (typeof tls === 'boolean') return tls;
  const read = (part: 'ca' | 'cert' | 'key') => (tls[part] ? resolveSecret(tls[part]!, `${setting}.${part}`, env) : undefined);
  return { ca: read('ca'), cert: read('cert'), key: read('key'), serverName: tls.serverName };
}

/** The same for Temporal's native and gRPC connections (Buffers, a client certificate pair, an SNI override). */
export function temporalTlsOptions(tls: boolean | TlsSettings, env: NodeJS.ProcessEnv = process.env) {
  const resolved = resolveTls(tls, 'temporal.tls', env);
  if (typeof resolved === 'boolean') return resolved || undefined;
  return {
    ...(resolved.serverName && { serverNameOverride: resolved.serverName }),
    ...(resolved.ca && { serverRootCACertificate: Buffer.from(resolved.ca) }),
    ...(resolved.cert && resolved.key && { clientCertPair: { crt: Buffer.from(resolved.cert), key: Buffer.from(resolved.key) } }),
  };
}
