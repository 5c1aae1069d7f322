import type { Command } from 'commander';
import { loadConfig } from '../config';
import type { LifeboatConfig } from '../config/schema';

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
