/**
 * Where the local stack listens: pure constants, shared by the stack itself, the configuration defaults
 * (config/schema.ts) and the docker-compose check. All on loopback: nothing is exposed to the network.
 */
export const LOCAL_STACK = {
  sourceBootstrap: '127.0.0.1:19092',
  destinationBootstrap: '127.0.0.1:29092',
  sourceSaslBootstrap: '127.0.0.1:19094',
  destinationSaslBootstrap: '127.0.0.1:29094',
  sourceController: '127.0.0.1:19093',
  destinationController: '127.0.0.1:29093',
  /** SASL/PLAIN user on the *SaslBootstrap listeners; its password is in `saslPasswordFile`. */
  saslUsername: 'lifeboat',
  /**
   * A second SASL/PLAIN user, same password, that is not a super user: it holds only the ACLs the README
   * lists for a restore's principal, so a test can prove that list is enough.
   */
  restorerUsername: 'lifeboat-restorer',
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

