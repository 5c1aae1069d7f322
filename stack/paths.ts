import { existsSync } from 'node:fs';
import * as path from 'node:path';

/** Repository root: the nearest folder up with package.json (this file runs from stack/, or compiled from dist/stack/). */
export const REPO_ROOT = packageRoot(__dirname);

function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..');
  }
}

/** All runtime state lives here (git-ignored), so a fresh clone starts from nothing. */
export const STATE_DIR = process.env.LIFEBOAT_STATE_DIR ? path.resolve(process.env.LIFEBOAT_STATE_DIR) : path.join(REPO_ROOT, '.lifeboat');

export const paths = {
  cache: path.join(STATE_DIR, 'cache'),
  secrets: path.join(STATE_DIR, 'secrets'),
  data: (service: string) => path.join(STATE_DIR, 'data', service),
  log: (service: string) => path.join(STATE_DIR, 'logs', `${service}.log`),
  pid: (service: string) => path.join(STATE_DIR, 'run', `${service}.pid`),
  venv: path.join(STATE_DIR, 'cache', 'venv'),
};
