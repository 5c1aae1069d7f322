import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes, type Admin } from 'kafkajs';
import type { KafkaClusterCheck } from '../../domain/preflight';
import type { KafkaClusters } from './clients';

/** Security is disabled: the broker has no authorizer (Kafka error code 54, SECURITY_DISABLED). */
const SECURITY_DISABLED = 'SECURITY_DISABLED';
/** The principal lacks Describe on the cluster resource (Kafka error code 31). */
const CLUSTER_AUTHORIZATION_FAILED = 'CLUSTER_AUTHORIZATION_FAILED';

/** Connects to one cluster and reports its identity, size and whether its ACL authorizer answers. */
export async function checkKafkaCluster(clusters: KafkaClusters, name: string): Promise<KafkaClusterCheck> {
  let bootstrapServers: string[] = [];
  let admin: Admin | undefined;
  try {
    // Inside the try: an unknown name is one failed check in the report, not a failed preflight.
    bootstrapServers = clusters.config(name).bootstrapServers;
    admin = clusters.client(name).admin();
    await admin.connect();
    const cluster = await admin.describeCluster();
    const check: KafkaClusterCheck = {
      kind: 'kafka',
      name,
      ok: true,
      bootstrapServers,
      clusterId: cluster.clusterId,
      brokerCount: cluster.brokers.length,
      controllerId: cluster.controller ?? undefined,
    };
    try {
      const acls = await admin.describeAcls({
        resourceType: AclResourceTypes.ANY,
        resourcePatternType: ResourcePatternTypes.ANY,
        operation: AclOperationTypes.ANY,
        permissionType: AclPermissionTypes.ANY,
      });
      check.authorizer = 'enabled';
      check.aclBindings = acls.resources.reduce((n, r) => n + r.acls.length, 0);
    } catch (err) {
      const type = (err as { type?: string }).type;
      if (type === CLUSTER_AUTHORIZATION_FAILED) {
        // An authorizer answered, and this principal may not list ACLs (Describe on the cluster): a
        // restore's principal needs no such right, so the check still passes.
        check.authorizer = 'enabled';
      } else if (type === SECURITY_DISABLED) {
        check.authorizer = 'disabled';
      } else {
        throw err;
      }
    }
    return check;
  } catch (err) {
    return { kind: 'kafka', name, ok: false, bootstrapServers, error: describeError(err) };
  } finally {
    await admin?.disconnect().catch(() => undefined);
  }
}

function describeError(err: unknown): string {
  const e = err as Error & { type?: string };
  return e.type && !e.message.includes(e.type) ? `${e.type}: ${e.message}` : (e.message ?? String(err));
}
