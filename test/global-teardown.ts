import { stackDown } from '../stack';

export default async function globalTeardown(): Promise<void> {
  const startedByUs = (globalThis as { __lifeboatStartedStack?: boolean }).__lifeboatStartedStack;
  if (startedByUs && !process.env.LIFEBOAT_KEEP_STACK) {
    await stackDown({ log: (line) => process.stderr.write(`[stack] ${line}\n`) });
  }
}
