import { stackStatus, stackUp } from '../stack';

/**
 * Brings the local stack up once for the whole integration run, or reuses it when it is already healthy.
 * Teardown stops it only if this run started it (and LIFEBOAT_KEEP_STACK is not set).
 */
export default async function globalSetup(): Promise<void> {
  const statuses = await stackStatus();
  if (statuses.every((s) => s.healthy)) return;
  const started = Date.now();
  await stackUp({ log: (line) => process.stderr.write(`[stack] ${line}\n`) });
  process.stderr.write(`[stack] up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  (globalThis as { __lifeboatStartedStack?: boolean }).__lifeboatStartedStack = true;
}
