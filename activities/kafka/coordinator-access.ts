import type { Kafka } from 'kafkajs';
import { AuthorizationError } from '../../domain/errors';
import { createCluster, type KafkaCluster } from './kafkajs-internals';

/** FindCoordinator's key types (Kafka protocol). */
const COORDINATOR = { group: 0, transaction: 1 } as const;

interface CoordinatorBroker {
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<unknown>;
}

/**
 * kafkajs looks coordinators up on every broker and, when all refuse, throws "Failed to find group
 * coordinator" without their answer, which reads as transient and is retried forever. When that happens,
 * this asks one broker directly and, if the answer is an authorization failure, says which right is missing.
 */
export async function explainCoordinatorFailure(kafka: Kafka, lookups: { groups?: string[]; transactionalIds?: string[] }): Promise<AuthorizationError | undefined> {
  const cluster = createCluster(kafka) as KafkaCluster & { findControllerBroker(): Promise<CoordinatorBroker> };
  await cluster.connect();
  try {
    await cluster.refreshMetadata(); // a fresh cluster knows no broker but its seed until it has metadata
    const broker = await cluster.findControllerBroker();
    const asks = [
      ...(lookups.groups ?? []).map((key) => ({ key, coordinatorType: COORDINATOR.group, resource: 'consumer group', right: 'Read' })),
      ...(lookups.transactionalIds ?? []).map((key) => ({ key, coordinatorType: COORDINATOR.transaction, resource: 'transactional id', right: 'Write' })),
    ];
    for (const ask of asks) {
      const refused = await broker.findGroupCoordinator({ groupId: ask.key, coordinatorType: ask.coordinatorType }).then(
        () => undefined,
        (err: { type?: string }) => err.type,
      );
      if (refused === 'GROUP_AUTHORIZATION_FAILED' || refused === 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED') {
        return new AuthorizationError(`${ask.resource} ${ask.key}`, `not authorized (${refused}): grant ${ask.right} on it to the restore's principal (README, "Pointing it at Confluent Cloud")`);
      }
    }
    return undefined;
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
