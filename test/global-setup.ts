import { stackStatus, stackUp } from '../stack';

/**
 * Brings the local stack up once for the whole integration run, or reuses it when it is already healthy.
 * Teardown stops only the services this run started (and none with LIFEBOAT_KEEP_STACK set): another run,
 * or a docker-compose service, may be using the rest.
 */
export default async function globalSetup(): Promise<void> {
  const statuses = await stackStatus();
  if (statuses.every((s) => s.healthy)) return;
  const started = Date.now();
  const up = await stackUp({ log: (line) => process.stderr.write(`[stack] ${line}\n`) });
  process.stderr.write(`[stack] up in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  (globalThis as { __lifeboatStartedServices?: string[] }).__lifeboatStartedServices = up.filter((s) => s.startedNow).map((s) => s.name);
}
