import type { Log } from '../process';
import type { Prerequisite } from '../prerequisites';

/** One locally run service. The orchestrator in stack/index.ts drives these steps. */
export interface Service {
  name: string;
  endpoint: string;
  /** Ports it listens on: a port already taken by someone else is reported, `down` verifies they are free. */
  ports: number[];
  /** Text that appears in the process command line; guards against acting on a reused pid. */
  marker: string;
  /** Health wait after a start, in ms. */
  startTimeoutMs: number;
  /** Services that must be healthy before this one starts. */
  dependsOn?: string[];
  /** Machine tools needed to install (only when not cached yet) and to run. */
  prerequisites(): Prerequisite[];
  /** Idempotent, cached under .lifeboat/cache. */
  install(log: Log): Promise<void>;
  /** Prepares data dirs/config and spawns the detached process; returns its pid. */
  start(log: Log): Promise<number>;
  /** undefined when healthy, else a short reason. */
  health(): Promise<string | undefined>;
  /** Run after every successful `up` (cheap, idempotent): e.g. create the bucket. */
  ensure?(log: Log): Promise<void>;
}
