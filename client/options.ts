import type { Command } from 'commander';
import { loadConfig } from '../config';
import type { LifeboatConfig } from '../config/schema';
import { ConfigurationError } from '../domain/errors';

/** The global --config option, read from whichever subcommand is running. */
export function loadCliConfig(command: Command): LifeboatConfig {
  const file = command.optsWithGlobals().config as string | undefined;
  return loadConfig({ file });
}

export function splitList(value: string | undefined): string[] | undefined {
  if (!value) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/** Refuses cluster names the config does not define before a runbook starts on a worker built from this config. */
export function requireClusters(config: LifeboatConfig, names: readonly string[], flag: string): void {
  const known = Object.keys(config.clusters);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new ConfigurationError(flag, `no cluster named ${unknown.map((n) => `'${n}'`).join(', ')} in the config (clusters: ${known.join(', ')})`);
  }
}
