import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertSecretsResolvable, loadConfig, resolveSecret } from '../../../config';
import { ConfigurationError } from '../../../domain/errors';

const made: string[] = [];
const emptyDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'lifeboat-config-'));
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('loadConfig', () => {
  test('with no file and no variables, targets the local stack', () => {
    const config = loadConfig({ env: {}, cwd: emptyDir() });
    expect(config.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'lifeboat' });
    expect(config.clusters.source.bootstrapServers).toEqual(['127.0.0.1:19092']);
    expect(config.clusters.destination.bootstrapServers).toEqual(['127.0.0.1:29092']);
    expect(config.gcs.apiEndpoint).toBe('http://127.0.0.1:4443');
    expect(config.schemaRegistry?.url).toBe('http://127.0.0.1:8081');
  });

  test('a config file overrides defaults, and environment variables override the file', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'lifeboat.config.json'),
      JSON.stringify({
        temporal: { address: 'temporal.example:7233', taskQueue: 'dr' },
        clusters: { prod: { bootstrapServers: ['pkc-1.gcp.confluent.cloud:9092'], ssl: true, sasl: { mechanism: 'plain', username: 'KEY', password: { env: 'PROD_SECRET' } } } },
        gcs: { apiEndpoint: null, buckets: ['acme-backups'] },
      }),
    );
    const config = loadConfig({ cwd: dir, env: { LIFEBOAT_TASK_QUEUE: 'dr-eu', LIFEBOAT_KAFKA_DR_BOOTSTRAP: 'a:9092,b:9092' } });
    expect(config.temporal.address).toBe('temporal.example:7233');
    expect(config.temporal.taskQueue).toBe('dr-eu');
    expect(config.gcs.apiEndpoint).toBeNull();
    expect(Object.keys(config.clusters).sort()).toEqual(['dr', 'prod']);
    expect(config.clusters.dr.bootstrapServers).toEqual(['a:9092', 'b:9092']);
    expect(config.clusters.prod.sasl?.password).toEqual({ env: 'PROD_SECRET' });
  });

  test('a worker takes 16 activities at once unless told otherwise; a bad count is named by its variable', () => {
    expect(loadConfig({ env: {}, cwd: emptyDir() }).worker.maxConcurrentActivities).toBe(16);
    expect(loadConfig({ env: { LIFEBOAT_MAX_CONCURRENT_ACTIVITIES: '3' }, cwd: emptyDir() }).worker.maxConcurrentActivities).toBe(3);
    expect(() => loadConfig({ env: { LIFEBOAT_MAX_CONCURRENT_ACTIVITIES: 'three' }, cwd: emptyDir() })).toThrow(/LIFEBOAT_MAX_CONCURRENT_ACTIVITIES.*"three" is not a positive integer/);
    expect(() => loadConfig({ env: { LIFEBOAT_MAX_CONCURRENT_ACTIVITIES: '0' }, cwd: emptyDir() })).toThrow(ConfigurationError);
  });

  test('a wrong setting is named with the file it came from', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ clusters: { prod: { bootstrapServers: [] } } }));
    expect(() => loadConfig({ cwd: dir, file: 'bad.json', env: {} })).toThrow(/clusters\.prod\.bootstrapServers: .*bad\.json/);
  });

  test('a secret given by value instead of by reference is refused', () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'lifeboat.config.json'),
      JSON.stringify({ clusters: { prod: { bootstrapServers: ['x:9092'], sasl: { mechanism: 'plain', username: 'u', password: 'hunter2' } } } }),
    );
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(ConfigurationError);
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/^clusters\.prod\.sasl\.password: must be a reference, \{"env": "VAR"\} or \{"file": "\/path"\}, never the secret itself/);
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('hunter2') }));
  });

  test("a cluster variable overrides the configured cluster it names ('dr-east' as DR_EAST), keeping its security", () => {
    const dir = emptyDir();
    writeFileSync(
      join(dir, 'lifeboat.config.json'),
      JSON.stringify({ clusters: { 'dr-east': { bootstrapServers: ['old:9092'], ssl: true, sasl: { mechanism: 'plain', username: 'u', password: { env: 'P' } } } } }),
    );
    const config = loadConfig({ cwd: dir, env: { LIFEBOAT_KAFKA_DR_EAST_BOOTSTRAP: 'new:9092' } });
    expect(Object.keys(config.clusters)).toEqual(['dr-east']);
    expect(config.clusters['dr-east']).toMatchObject({ bootstrapServers: ['new:9092'], ssl: true, sasl: { username: 'u' } });
  });

  test('credentials inside the schema registry URL are refused (URLs reach reports and logs)', () => {
    expect(() => loadConfig({ cwd: emptyDir(), env: { LIFEBOAT_SCHEMA_REGISTRY_URL: 'https://key:secret@psrc.example' } })).toThrow(
      /schemaRegistry\.url: must not contain credentials/,
    );
  });

  test('a missing config file is named', () => {
    expect(() => loadConfig({ cwd: emptyDir(), file: 'nope.json', env: {} })).toThrow(/nope\.json does not exist/);
  });
});

describe('secret references', () => {
  test('resolve from an environment variable or a file, and name what is missing', () => {
    const dir = emptyDir();
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    expect(resolveSecret({ env: 'PW' }, 'x', { PW: 'from-env' })).toBe('from-env');
    expect(resolveSecret({ file: join(dir, 'pw') }, 'x', {})).toBe('s3cret');
    expect(() => resolveSecret({ env: 'PW' }, 'clusters.prod.sasl.password', {})).toThrow(
      'clusters.prod.sasl.password: environment variable PW is not set',
    );
  });

  test('are all checked before anything connects', () => {
    const config = loadConfig({ cwd: emptyDir(), env: {} });
    config.clusters.prod = { bootstrapServers: ['x:1'], ssl: false, sasl: { mechanism: 'plain', username: 'u', password: { env: 'MISSING_PW' } } };
    expect(() => assertSecretsResolvable(config, {})).toThrow(/clusters\.prod\.sasl\.password: environment variable MISSING_PW/);
  });
});
