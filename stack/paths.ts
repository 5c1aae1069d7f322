import * as path from 'node:path';

/** Repository root: stack/ lives directly under it. */
export const REPO_ROOT = path.resolve(__dirname, '..');

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
