import { Context } from '@temporalio/activity';
import type { Storage } from '@google-cloud/storage';
import { checkBucket } from './check-bucket';
import { planRestore, type PlanRestoreInput } from './plan-restore';

export interface GcsDeps {
  storage: Storage;
  /** Where the client points (emulator URL or real GCS), for reports. */
  storageEndpoint: string;
}

export function createGcsActivities({ storage, storageEndpoint }: GcsDeps) {
  return {
    async checkBucket(name: string) {
      return checkBucket(storage, name, storageEndpoint);
    },
    /** Lists and classifies the backup; heartbeats the listing count so a huge bucket is visibly alive. */
    async planRestore(input: PlanRestoreInput) {
      return planRestore(storage, input, (listed) => Context.current().heartbeat({ listed }));
    },
  };
}
export type GcsActivities = ReturnType<typeof createGcsActivities>;
