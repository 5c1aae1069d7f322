/**
 * `npx tsx stack/main.ts up|down [--purge]|status` — the local dev stack from the command line
 * (the `lifeboat stack` CLI command calls the same functions).
 */
import { stackDown, stackStatus, stackUp, type ServiceStatus } from './index';

function print(statuses: ServiceStatus[]): void {
  const rows = statuses.map((s) => [s.name, s.healthy ? 'healthy' : s.running ? 'UNHEALTHY' : 'stopped', s.pid ? String(s.pid) : '-', s.endpoint, s.detail ?? '']);
  const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) console.log(r.map((c, i) => (i < 4 ? c.padEnd(widths[i]) : c)).join('  ').trimEnd());
}

async function main(argv: string[]): Promise<number> {
  const log = (line: string) => console.log(`[stack] ${line}`);
  const t0 = Date.now();
  switch (argv[0]) {
    case 'up':
      print(await stackUp({ log }));
      log(`up in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      return 0;
    case 'down':
      await stackDown({ log, purge: argv.includes('--purge') });
      log(`down in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
      return 0;
    case 'status': {
      const statuses = await stackStatus();
      print(statuses);
      return statuses.every((s) => s.healthy) ? 0 : 1; // scripts can poll on the exit code
    }
    default:
      console.error('usage: npx tsx stack/main.ts up | down [--purge] | status');
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
