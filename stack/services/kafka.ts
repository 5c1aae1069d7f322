import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, Kafka, logLevel, ResourcePatternTypes, type SASLOptions } from 'kafkajs';
import { kafkaSaslPassword, LOCAL_STACK, port, SASL_PASSWORD_PATH, VERSIONS } from '../config';
import { paths, REPO_ROOT } from '../paths';
import { javaBinary, type Prerequisite } from '../prerequisites';
import { run, startDetached, tcpOpen, type Log } from '../process';
import type { Service } from './types';

export interface KafkaCluster {
  name: 'source' | 'destination';
  nodeId: number;
  host: string;
  plaintextPort: number;
  controllerPort: number;
  saslPort: number;
}

export const KAFKA_CLUSTERS: Record<KafkaCluster['name'], KafkaCluster> = {
  source: { name: 'source', nodeId: 1, host: '127.0.0.1', plaintextPort: port(LOCAL_STACK.sourceBootstrap), controllerPort: port(LOCAL_STACK.sourceController), saslPort: port(LOCAL_STACK.sourceSaslBootstrap) },
  destination: { name: 'destination', nodeId: 1, host: '127.0.0.1', plaintextPort: port(LOCAL_STACK.destinationBootstrap), controllerPort: port(LOCAL_STACK.destinationController), saslPort: port(LOCAL_STACK.destinationSaslBootstrap) },
};

/** JVM options: small heap and G1 so two brokers fit on a 2-core dev box beside Temporal and the rest. */
export const KAFKA_JVM_OPTS = ['-Xms256m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExplicitGCInvokesConcurrent', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true'];

/** Broker settings shared by the local stack and docker-compose.yml (the unit test compares them). */
export function kafkaServerProperties(c: KafkaCluster, opts: { logDir: string; saslPassword: string }): Record<string, string> {
  const jaas =
    `org.apache.kafka.common.security.plain.PlainLoginModule required username="${LOCAL_STACK.saslUsername}" password="${opts.saslPassword}" ` +
    `user_${LOCAL_STACK.saslUsername}="${opts.saslPassword}" user_${LOCAL_STACK.restorerUsername}="${opts.saslPassword}";`;
  return {
    // KRaft combined mode: one process is both broker and its own single-voter controller quorum.
    'process.roles': 'broker,controller',
    'node.id': String(c.nodeId),
    'controller.quorum.voters': `${c.nodeId}@${c.host}:${c.controllerPort}`,
    'controller.listener.names': 'CONTROLLER',
    listeners: `PLAINTEXT://${c.host}:${c.plaintextPort},CONTROLLER://${c.host}:${c.controllerPort},SASL_PLAINTEXT://${c.host}:${c.saslPort}`,
    'advertised.listeners': `PLAINTEXT://${c.host}:${c.plaintextPort},SASL_PLAINTEXT://${c.host}:${c.saslPort}`,
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT',
    'inter.broker.listener.name': 'PLAINTEXT',
    // SASL/PLAIN, so tests can exercise credentials held as secret references: a super user, and one with
    // only the ACLs a restore needs.
    'sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': jaas,
    // ACLs are enforced like in production. The PLAINTEXT and CONTROLLER listeners are unauthenticated,
    // so their principal is User:ANONYMOUS: it must be a super user for the broker to talk to its own
    // controller and for local tools to administer the cluster. Never do this on a reachable listener.
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'super.users': `User:ANONYMOUS;User:${LOCAL_STACK.saslUsername}`,
    'allow.everyone.if.no.acl.found': 'false',
    // Restores must create topics explicitly (with the right partitions/configs), as on managed clusters.
    'auto.create.topics.enable': 'false',
    // Single node: internal topics cannot have more than one replica.
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // Tests create consumer groups constantly: do not wait 3 s for more members.
    'group.initial.rebalance.delay.ms': '0',
    'log.dirs': opts.logDir,
  };
}

export function renderProperties(props: Record<string, string>): string {
  const esc = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return `# Written by stack/services/kafka.ts on every start: edit that file, not this one.\n${Object.entries(props)
    .map(([k, v]) => `${k}=${esc(v)}`)
    .join('\n')}\n`;
}

const kafkaHome = () => path.join(paths.cache, `kafka-${VERSIONS.kafka}`);
const libsDir = () => path.join(kafkaHome(), 'libs');
const classpath = () => `${libsDir()}${path.sep}*`;
const log4jOpt = () => `-Dlog4j2.configurationFile=${path.join(REPO_ROOT, 'stack', 'kafka', 'log4j2.properties')}`;

let installing: Promise<void> | undefined;

// The stamp holds what the jars were resolved from: a changed pom (a patched dependency) reinstalls.
const installStamp = () => path.join(kafkaHome(), '.complete');
const resolvedFrom = () => `${VERSIONS.kafka} ${createHash('sha256').update(fs.readFileSync(path.join(REPO_ROOT, 'stack', 'kafka', 'pom.xml'))).digest('hex')}`;
const kafkaInstalled = () => fs.existsSync(installStamp()) && fs.readFileSync(installStamp(), 'utf8').trim() === resolvedFrom();

/** Both clusters share one jar download: resolved by Maven from stack/kafka/pom.xml into the cache. */
export function installKafka(log: Log): Promise<void> {
  installing ??= (async () => {
    if (kafkaInstalled()) return;
    log(`kafka: resolving Apache Kafka ${VERSIONS.kafka} jars from Maven Central (first run, or after stack/kafka/pom.xml changed)`);
    const tmp = `${libsDir()}.tmp`;
    fs.rmSync(tmp, { recursive: true, force: true });
    // -C: a jar whose checksum does not match fails the download instead of a warning hidden by -q. -U:
    // a download that failed before is tried again, not remembered. The plugin is pinned, not left to
    // whatever version the installed Maven defaults to.
    await run('Kafka jar download', 'mvn', [
      '-B', '-q', '-C', '-U', '-f', path.join(REPO_ROOT, 'stack', 'kafka', 'pom.xml'),
      `-Dmaven.repo.local=${path.join(paths.cache, 'm2')}`,
      `-Dkafka.version=${VERSIONS.kafka}`,
      'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies', `-DoutputDirectory=${tmp}`,
    ]);
    fs.rmSync(libsDir(), { recursive: true, force: true });
    fs.renameSync(tmp, libsDir()); // only a complete download ever becomes libs/
    fs.writeFileSync(installStamp(), `${resolvedFrom()}\n`);
  })();
  installing.catch(() => (installing = undefined)); // allow a retry after a failed download
  return installing;
}

/** Generated once and kept, so secret references in tests stay valid across restarts. */
export function ensureSaslPassword(): string {
  if (!fs.existsSync(SASL_PASSWORD_PATH)) {
    fs.mkdirSync(path.dirname(SASL_PASSWORD_PATH), { recursive: true, mode: 0o700 });
    fs.writeFileSync(SASL_PASSWORD_PATH, `${randomBytes(24).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  }
  return kafkaSaslPassword();
}

/** Same shape as Kafka's Uuid.randomUuid(): 16 random bytes, base64url, never starting with '-'. */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

const HEALTH_ID = 'lifeboat-stack-health';

async function brokerHealth(c: KafkaCluster): Promise<string | undefined> {
  if (!(await tcpOpen(c.plaintextPort, c.host))) return `nothing listens on ${c.host}:${c.plaintextPort}`;
  const plain = await adminCheck(`${c.host}:${c.plaintextPort}`, undefined, true);
  if (plain) return plain;
  let password: string;
  try {
    password = kafkaSaslPassword();
  } catch {
    return `cannot check the SASL listener: no ${SASL_PASSWORD_PATH}`;
  }
  return adminCheck(`${c.host}:${c.saslPort}`, { mechanism: 'plain', username: LOCAL_STACK.saslUsername, password }, false);
}

/**
 * Metadata answers (describeCluster) and, on PLAINTEXT, the authorizer answers (describeAcls) and groups and
 * transactions work. Their internal topics are created by their first use, and a client racing that creation
 * can get NOT_COORDINATOR from a transactional offset commit (seen on a fresh stack), so the stack is ready
 * only once both coordinators have answered.
 */
async function adminCheck(broker: string, sasl: SASLOptions | undefined, acls: boolean): Promise<string | undefined> {
  const kafka = new Kafka({ clientId: 'lifeboat-stack-health', brokers: [broker], sasl, logLevel: logLevel.NOTHING, connectionTimeout: 3000, requestTimeout: 5000, retry: { retries: 0 } });
  const admin = kafka.admin();
  const what = `${broker}${sasl ? ' (SASL)' : ''}`;
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    if (cluster.brokers.length === 0 || cluster.controller === null) return `${what}: no broker/controller in metadata yet`;
    if (acls) {
      await admin.describeAcls({ resourceType: AclResourceTypes.ANY, resourcePatternType: ResourcePatternTypes.ANY, operation: AclOperationTypes.ANY, permissionType: AclPermissionTypes.ANY });
      await admin.fetchOffsets({ groupId: HEALTH_ID, topics: [] });
      // kafkajs refuses an idempotent producer without retries; the stack's own loop retries the check.
      const producer = kafka.producer({ transactionalId: HEALTH_ID, idempotent: true, maxInFlightRequests: 1, retry: { retries: 1, initialRetryTime: 100 } });
      try {
        await producer.connect();
        await (await producer.transaction()).abort();
      } finally {
        await producer.disconnect().catch(() => undefined);
      }
    }
    return undefined;
  } catch (err) {
    return `${what}: ${(err as Error).message}`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

export function kafkaService(c: KafkaCluster): Service {
  const name = `kafka-${c.name}`;
  const dataDir = paths.data(name);
  const propsFile = path.join(dataDir, 'server.properties');
  return {
    name,
    endpoint: `${c.host}:${c.plaintextPort} (SASL ${c.host}:${c.saslPort})`,
    ports: [c.plaintextPort, c.controllerPort, c.saslPort],
    marker: propsFile,
    startTimeoutMs: 120_000,
    prerequisites: (): Prerequisite[] => (kafkaInstalled() ? ['java'] : ['java', 'mvn']),
    install: installKafka,
    async start(log) {
      const logDir = path.join(dataDir, 'kraft-logs');
      fs.mkdirSync(logDir, { recursive: true });
      // Rewritten on every start so config changes apply; mode 600 because it holds the SASL password.
      fs.writeFileSync(propsFile, renderProperties(kafkaServerProperties(c, { logDir, saslPassword: ensureSaslPassword() })), { mode: 0o600 });
      if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
        const idFile = path.join(dataDir, 'cluster.id');
        if (!fs.existsSync(idFile)) fs.writeFileSync(idFile, `${newClusterId()}\n`);
        const clusterId = fs.readFileSync(idFile, 'utf8').trim();
        log(`${name}: formatting KRaft storage (cluster id ${clusterId})`);
        await run(`${name} storage format`, javaBinary(), ['-Xmx256m', log4jOpt(), '-cp', classpath(), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propsFile, '--ignore-formatted']);
      }
      return startDetached({
        name,
        command: javaBinary(),
        args: [...KAFKA_JVM_OPTS, log4jOpt(), `-Dkafka.logs.dir=${path.dirname(paths.log(name))}`, '-cp', classpath(), 'kafka.Kafka', propsFile],
        cwd: dataDir,
      });
    },
    health: () => brokerHealth(c),
  };
}
