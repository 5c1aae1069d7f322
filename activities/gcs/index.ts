import type { Storage } from '@google-cloud/storage';
import { checkBucket } from './check-bucket';

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
  };
}
export type GcsActivities = ReturnType<typeof createGcsActivities>;
