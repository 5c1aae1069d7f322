import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRestoreRequest } from '../../../client/restore-request';

const dir = mkdtempSync(join(tmpdir(), 'lifeboat-request-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};
const sink = file('sink.json', {
  name: 'backup',
  config: {
    'connector.class': 'io.confluent.connect.gcs.GcsSinkConnector',
    topics: 'orders,payments',
    'gcs.bucket.name': 'acme-backups',
    'format.class': 'io.confluent.connect.gcs.format.json.JsonFormat',
    'partitioner.class': 'io.confluent.connect.storage.partitioner.DailyPartitioner',
    locale: 'en',
    timezone: 'UTC',
    'flush.size': '1000',
    'gcs.credentials.json': '{"private_key":"secret"}',
    'value.converter.basic.auth.user.info': 'sr-key:sr-secret',
  },
});

describe('buildRestoreRequest', () => {
  test('derives the backup from the sink connector JSON, names the sink topics, never carries credentials', () => {
    const { request, warnings } = buildRestoreRequest({ sinkConfig: sink, rename: '(.*)=dr-$1' }, new Date('2026-11-27T10:00:00.123Z'));
    expect(request.backup).toMatchObject({ bucket: 'acme-backups', format: 'json', partitioner: { kind: 'time', variant: 'Daily' } });
    expect(request.sinkTopics).toEqual({ topics: ['orders', 'payments'], regex: undefined });
    expect(request).toMatchObject({ delivery: 'exactly-once', valueSerializer: 'schema-registry', destinationCluster: 'destination', restoreId: 'acme-backups-20261127t100000z' });
    expect(request.restoreIdIsNew).toBe(true); // generated here: no earlier run can have used it
    expect(buildRestoreRequest({ sinkConfig: sink, restoreId: 'orders-dr' }).request.restoreIdIsNew).toBe(false); // a re-run, maybe
    expect(request.rename).toEqual({ regex: '(.*)', replacement: 'dr-$1' });
    expect(JSON.stringify(request)).not.toContain('secret');
    expect(warnings.join('\n')).toContain('ignored "gcs.credentials.json"');
    expect(warnings.join('\n')).toContain('ignored "value.converter.basic.auth.user.info"');
  });

  test('--property overrides the connector config; --settings reads .properties files', () => {
    const { request } = buildRestoreRequest({ sinkConfig: sink, property: ['topics.dir=backups/kafka', 'tasks.max=4'] });
    expect(request.backup).toMatchObject({ topicsDir: 'backups/kafka', tasksMax: 4 });
    const props = file('restore.properties', '# source connector\ngcs.bucket.name=b\nformat.class=avro\ntopics.dir: t\n');
    expect(buildRestoreRequest({ settings: props }).request.backup).toMatchObject({ bucket: 'b', format: 'avro', topicsDir: 't' });
  });

  test('a generated restore id stays valid for the longest bucket names', () => {
    const bucket = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}`;
    const long = file('long-bucket.json', { 'connector.class': 'io.confluent.connect.gcs.GcsSinkConnector', 'gcs.bucket.name': bucket, 'format.class': 'avro' });
    expect(buildRestoreRequest({ sinkConfig: long }).request.restoreId).toMatch(/^a{63}\.b{36}-\d{8}t\d{6}z$/);
  });

  test('--create-topics leaves the replication factor to the worker (3, or the broker count) unless given', () => {
    expect(buildRestoreRequest({ sinkConfig: sink, createTopics: true }).request.createTopics).toEqual({ replicationFactor: undefined, configs: {} });
    expect(buildRestoreRequest({ sinkConfig: sink, createTopics: true, replicationFactor: '2' }).request.createTopics?.replicationFactor).toBe(2);
  });

  test('-p applies after a Confluent Cloud sink config is mapped, so it wins over the derived value', () => {
    const cloud = file('cloud.json', { 'connector.class': 'GcsSink', 'gcs.bucket.name': 'cc', 'output.data.format': 'JSON', 'time.interval': 'HOURLY' });
    expect(buildRestoreRequest({ sinkConfig: cloud }).request.backup).toMatchObject({ format: 'json', partitioner: { durationMs: 3_600_000 } });
    const { request } = buildRestoreRequest({ sinkConfig: cloud, property: ['format.class=bytearray', 'partition.duration.ms=60000'] });
    expect(request.backup).toMatchObject({ format: 'bytearray', partitioner: { durationMs: 60_000 } });
  });

  test('--settings reads Java properties syntax: whitespace separators, continuations, escapes', () => {
    const props = file('java.properties', 'gcs.bucket.name b\nformat.class = \\\n   json\ntopics.dir backups\\\\kafka\n');
    expect(buildRestoreRequest({ settings: props }).request.backup).toMatchObject({ bucket: 'b', format: 'json', topicsDir: 'backups\\kafka' });
  });

  test.each([
    [{ sinkConfig: sink, property: ['topcis.dir=x'] }, '--property: "topcis.dir" is not a restore property; one of: gcs.bucket.name, topics.dir'],
    [{ sinkConfig: sink, settings: sink }, '--settings: give either --sink-config or --settings, not both'],
    [{ settings: join(dir, 'missing.properties') }, '--settings: cannot read'],
    [{ sinkConfig: sink, delivery: 'twice' }, '--delivery: "twice" is not one of exactly-once, at-least-once'],
    [{ sinkConfig: sink, restoreId: 'has spaces' }, '--restore-id'],
    [{ sinkConfig: sink, createTopics: true, replicationFactor: '0' }, '--replication-factor: "0" is not a positive integer'],
    [{ sinkConfig: join(dir, 'missing.json') }, '--sink-config: cannot read'],
    [{ sinkConfig: file('broken.json', '{') }, '--sink-config:'],
    [{ sinkConfig: sink, property: ['no-equals'] }, '--property: "no-equals" is not key=value'],
    [{ settings: file('empty.properties', '') }, 'gcs.bucket.name'],
  ])('%j is refused, naming the setting', (flags, message) => {
    expect(() => buildRestoreRequest(flags)).toThrow(message);
  });
});
