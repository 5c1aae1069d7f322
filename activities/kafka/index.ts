import type { KafkaClusters } from './clients';
import { checkKafkaCluster } from './check-cluster';

export interface KafkaDeps {
  kafka: KafkaClusters;
}

export function createKafkaActivities({ kafka }: KafkaDeps) {
  return {
    /** Identity, broker count and authorizer of one configured cluster; failures are reported, not thrown. */
    async checkKafkaCluster(name: string) {
      return checkKafkaCluster(kafka, name);
    },
  };
}
export type KafkaActivities = ReturnType<typeof createKafkaActivities>;
