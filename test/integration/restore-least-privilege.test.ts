import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type AclEntry } from 'kafkajs';
import { LifeboatConfig, loadConfig } from '../../config';
import { encodeAvroObject } from '../../dev/sink-simulator/encoders';
import { OFFSET_MAP_TOPIC } from '../../domain/offset-map';
import type { DeliveryMode } from '../../domain/restore-request';
import { decodeAvroDatum } from '../../formats';
import { SASL_PASSWORD_PATH } from '../../stack/config';
import { LOCAL_STACK } from '../../stack/local-stack';
import { createDependencies } from '../../worker/dependencies';
import { BackupFixture } from '../helpers/backup';
import { KafkaFixture, readPartition } from '../helpers/kafka';
import { restoreFailure, restoreRequest } from '../helpers/restore';
import { RunbookHarness } from '../helpers/temporal';

const SCHEMA = { type: 'record', name: 'Reading', fields: [{ name: 'seq', type: 'int' }] };
const PRINCIPAL = `User:${LOCAL_STACK.restorerUsername}`;

/**
 * README, "Pointing it at Confluent Cloud and real GCS", lists the rights a restore's principal needs on the
 * destination. This restores over SASL as a principal holding exactly those (and not a super user, unlike
 * every other test), in both delivery modes, so a right the code needs and the list lacks fails here.
 */
describe('restore as a principal with only the ACLs the README lists', () => {
  let harness: RunbookHarness;
  const kafka = new KafkaFixture();
  const backup = new BackupFixture();
  const acls: AclEntry[] = [];

  /** Grants `operations` on one resource to the restore's principal, from any host. */
  const allow = (resourceType: AclResourceTypes, resourceName: string, resourcePatternType: ResourcePatternTypes, operations: AclOperationTypes[]) =>
    acls.push(...operations.map((operation) => ({ resourceType, resourceName, resourcePatternType, principal: PRINCIPAL, host: '*', operation, permissionType: AclPermissionTypes.ALLOW })));

  beforeAll(async () => {
    harness = await RunbookHarness.create();
  });
  afterAll(async () => {
    const admin = await kafka.admin('destination');
    if (acls.length) await admin.deleteAcls({ filters: acls });
    await backup.cleanup();
    await kafka.cleanup();
    await harness?.close();
  });

  /** A topic with a two-object backup, and the README's rights on it and on the offset-map topic. */
  async function backedUpTopic(name: string): Promise<string> {
    const topic = kafka.uniqueName(name);
    kafka.adopt('destination', topic);
    for (const start of [0, 3]) {
      await backup.put(`${backup.topicsDir}/${topic}/partition=0/${topic}+0+${String(start).padStart(10, '0')}.avro`, encodeAvroObject(SCHEMA, [0, 1, 2].map((i) => ({ seq: start + i }))));
    }
    allow(AclResourceTypes.TOPIC, topic, ResourcePatternTypes.LITERAL, [AclOperationTypes.CREATE, AclOperationTypes.DESCRIBE, AclOperationTypes.WRITE, AclOperationTypes.READ]);
    allow(AclResourceTypes.TOPIC, OFFSET_MAP_TOPIC, ResourcePatternTypes.LITERAL, [AclOperationTypes.CREATE, AclOperationTypes.WRITE, AclOperationTypes.READ]);
    return topic;
  }

  /** Runs the restore on a worker whose destination cluster is the SASL listener, as the restricted principal. */
  async function restoreAsRestorer(topic: string, delivery: DeliveryMode) {
    await (await kafka.admin('destination')).createAcls({ acl: acls });
    const local = loadConfig({ env: {} });
    const config = LifeboatConfig.parse({
      ...local,
      clusters: {
        ...local.clusters,
        destination: { bootstrapServers: [LOCAL_STACK.destinationSaslBootstrap], sasl: { mechanism: 'plain', username: LOCAL_STACK.restorerUsername, password: { file: SASL_PASSWORD_PATH } } },
      },
    });
    const deps = createDependencies(config);
    try {
      const request = restoreRequest(backup.settings({ 'format.class': 'avro' }), { delivery, valueSerializer: 'avro', topics: [topic] });
      return await harness.withWorker((taskQueue) => harness.client.workflow.execute('restoreFromGcs', { taskQueue, workflowId: `lifeboat/restore/${request.restoreId}`, args: [request] }), { deps });
    } finally {
      await deps.close();
    }
  }

  test('a right missing from the list fails the restore at once, naming it (kafkajs would report a coordinator not found)', async () => {
    const topic = await backedUpTopic('least-privilege-no-group');
    allow(AclResourceTypes.TRANSACTIONAL_ID, 'lifeboat-restore.', ResourcePatternTypes.PREFIXED, [AclOperationTypes.WRITE]);
    const failure = await restoreFailure(restoreAsRestorer(topic, 'exactly-once'));
    expect(failure).toMatchObject({ type: 'AuthorizationError', nonRetryable: true });
    expect(failure.message).toMatch(/consumer group lifeboat-restore\.it-[\w-]+: not authorized \(GROUP_AUTHORIZATION_FAILED\): grant Read on it/);
  });

  test.each<DeliveryMode>(['exactly-once', 'at-least-once'])('%s: verified, every record once, in order', async (delivery) => {
    const topic = await backedUpTopic(`least-privilege-${delivery}`);
    // The rest of the README's list: the transactional ids and the progress groups, by prefix.
    allow(AclResourceTypes.TRANSACTIONAL_ID, 'lifeboat-restore.', ResourcePatternTypes.PREFIXED, [AclOperationTypes.WRITE]);
    allow(AclResourceTypes.GROUP, 'lifeboat-restore.', ResourcePatternTypes.PREFIXED, [AclOperationTypes.READ]);
    const report = await restoreAsRestorer(topic, delivery);
    expect(report).toMatchObject({ verified: true, totals: { records: 6 }, createdTopics: [topic] });
    const restored = await readPartition(kafka.kafka('destination'), topic, 0, 6);
    expect(restored.map((r) => (decodeAvroDatum(SCHEMA, r.value!) as { seq: number }).seq)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
