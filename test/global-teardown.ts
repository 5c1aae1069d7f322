import { stackDown } from '../stack';

export default async function globalTeardown(): Promise<void> {
  const startedByUs = (globalThis as { __lifeboatStartedServices?: string[] }).__lifeboatStartedServices ?? [];
  if (startedByUs.length && !process.env.LIFEBOAT_KEEP_STACK) {
    await stackDown({ only: startedByUs, log: (line) => process.stderr.write(`[stack] ${line}\n`) });
  }
}
