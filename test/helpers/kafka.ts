import { randomUUID } from 'node:crypto';
import { logLevel, type Admin, type Kafka } from 'kafkajs';
import { KafkaClusters } from '../../activities/kafka/clients';
import { loadConfig } from '../../config';

/** Clients for the local stack's clusters, built like the worker builds them. */
export function localClusters(): KafkaClusters {
  return new KafkaClusters(loadConfig({ env: {} }).clusters, { clientId: 'lifeboat-test', logLevel: logLevel.ERROR });
}

/** Topics with unique names per test, deleted at the end (style guide §10). */
export class KafkaFixture {
  private readonly created: Array<{ cluster: string; topic: string }> = [];
  private readonly admins = new Map<string, Admin>();

  constructor(readonly clusters: KafkaClusters = localClusters()) {}

  kafka(cluster: string): Kafka {
    return this.clusters.client(cluster);
  }

  async admin(cluster: string): Promise<Admin> {
    let admin = this.admins.get(cluster);
    if (!admin) {
      admin = this.kafka(cluster).admin();
      await admin.connect();
      this.admins.set(cluster, admin);
    }
    return admin;
  }

  uniqueName(prefix: string): string {
    return `${prefix}-${randomUUID().slice(0, 8)}`;
  }

  async topic(cluster: string, prefix: string, partitions = 3, name = this.uniqueName(prefix)): Promise<string> {
    const admin = await this.admin(cluster);
    await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions, replicationFactor: 1 }], waitForLeaders: true });
    this.created.push({ cluster, topic: name });
    return name;
  }

  /** Remember a topic something else created (e.g. a restore with --create-topics) so cleanup deletes it. */
  adopt(cluster: string, topic: string): void {
    this.created.push({ cluster, topic });
  }

  async cleanup(): Promise<void> {
    for (const [cluster, admin] of this.admins) {
      const topics = this.created.filter((t) => t.cluster === cluster).map((t) => t.topic);
      if (topics.length) await admin.deleteTopics({ topics }).catch(() => undefined);
      await admin.disconnect();
    }
    this.admins.clear();
  }
}

export { readPartition } from '../../dev/kafka-records';
