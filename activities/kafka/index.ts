import { Context } from '@temporalio/activity';
import type { Admin } from 'kafkajs';
import type { KafkaClusters } from './clients';
import { countRestoredRecords, type RestoredRange } from './count-restored';
import { checkKafkaCluster } from './check-cluster';
import { inspectDestination, verifyDestination, type DestinationCheckInput } from './verify-destination';

export interface KafkaDeps {
  kafka: KafkaClusters;
}

export function createKafkaActivities({ kafka }: KafkaDeps) {
  const withAdmin = async <T>(cluster: string, work: (admin: Admin) => Promise<T>): Promise<T> => {
    const admin = kafka.client(cluster).admin();
    try {
      await admin.connect();
      return await work(admin);
    } finally {
      await admin.disconnect();
    }
  };
  return {
    /** Identity, broker count and authorizer of one configured cluster; failures are reported, not thrown. */
    async checkKafkaCluster(name: string) {
      return checkKafkaCluster(kafka, name);
    },
    /** Destination topics exist (or are created) with enough partitions; fails before anything is written. */
    async verifyRestoreDestination(input: DestinationCheckInput) {
      return withAdmin(input.cluster, (admin) => verifyDestination(admin, input));
    },
    /** The same checks, writing nothing, and whether the writing check must still run (something to create). */
    async inspectRestoreDestination(input: Omit<DestinationCheckInput, 'readOnly'>) {
      return withAdmin(input.cluster, (admin) => inspectDestination(admin, input));
    },
    /**
     * Reads restored ranges back (read_committed) and counts their records: the separate verify step of
     * restores started before partition activities read back while streaming (workflow patch
     * `verify-while-streaming`). Remove with that patch once no such run remains.
     */
    async countRestoredRecords(input: { cluster: string; topic: string; ranges: RestoredRange[] }) {
      const context = Context.current();
      return countRestoredRecords(kafka.client(input.cluster), input.topic, input.ranges, () => context.heartbeat());
    },
  };
}
export type KafkaActivities = ReturnType<typeof createKafkaActivities>;
