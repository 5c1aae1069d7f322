import { Context } from '@temporalio/activity';
import type { KafkaClusters } from './clients';
import { countRestoredRecords, type RestoredRange } from './count-restored';
import { checkKafkaCluster } from './check-cluster';
import { verifyDestination, type DestinationCheckInput } from './verify-destination';

export interface KafkaDeps {
  kafka: KafkaClusters;
}

export function createKafkaActivities({ kafka }: KafkaDeps) {
  return {
    /** Identity, broker count and authorizer of one configured cluster; failures are reported, not thrown. */
    async checkKafkaCluster(name: string) {
      return checkKafkaCluster(kafka, name);
    },
    /** Destination topics exist (or are created) with enough partitions; fails before anything is written. */
    async verifyRestoreDestination(input: DestinationCheckInput) {
      const admin = kafka.client(input.cluster).admin();
      try {
        await admin.connect();
        return await verifyDestination(admin, input);
      } finally {
        await admin.disconnect();
      }
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
