import { randomUUID } from 'node:crypto';
import { type Storage, type Bucket } from '@google-cloud/storage';
import { loadConfig } from '../../config';
import { createStorage } from '../../activities/gcs/storage';
import { backupSettingsFromProperties } from '../../domain/restore-settings';
import type { BackupSettings } from '../../domain/restore-settings/types';
import { removeEmptyEmulatorFolders } from '../../stack/services/gcs';
import { encodeSinkFile, planSinkFiles, sinkConfigFromSettings, uploadObjects, type SimRecord, type SimTopicPartition, type SinkObject, type SinkSimulatorConfig } from '../../dev/sink-simulator';

export const TEST_BUCKET = 'lifeboat-backups';

/** A backup written under its own topics.dir in the emulator bucket, so tests never see each other's objects. */
export class BackupFixture {
  readonly storage: Storage = createStorage(loadConfig({ env: {} }).gcs);
  readonly bucket: Bucket = this.storage.bucket(TEST_BUCKET);
  readonly root = `it-${randomUUID().slice(0, 8)}`;
  readonly topicsDir = `${this.root}/topics`;

  settings(properties: Record<string, string>): BackupSettings {
    return backupSettingsFromProperties({ 'gcs.bucket.name': TEST_BUCKET, 'topics.dir': this.topicsDir, ...properties });
  }

  /**
   * Writes what the Confluent sink would have written for these records, and returns the records the sink
   * committed per topic-partition in offset order (the tail since the last rotation is never written, §3).
   */
  async write(
    settings: BackupSettings,
    sink: Omit<SinkSimulatorConfig, 'format' | 'partitioner' | 'zeroPadWidth' | 'topicsDir' | 'directoryDelim' | 'fileDelim' | 'byteArraySeparator' | 'byteArrayExtension' | 'gzip'>,
    inputs: SimTopicPartition[],
  ): Promise<{ objects: SinkObject[]; committed: (topic: string, partition: number) => SimRecord[] }> {
    const config = sinkConfigFromSettings(settings, sink);
    const plan = planSinkFiles(config, inputs);
    const objects = plan.files.flatMap((f) => encodeSinkFile(config, f));
    await uploadObjects(this.bucket, objects);
    const committed = (topic: string, partition: number) =>
      plan.files
        .filter((f) => f.topic === topic && f.partition === partition)
        .flatMap((f) => f.records)
        .sort((a, b) => (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
    return { objects, committed };
  }

  async put(key: string, body: Buffer): Promise<void> {
    await this.bucket.file(key).save(body, { resumable: false });
  }

  async cleanup(): Promise<void> {
    await this.bucket.deleteFiles({ prefix: `${this.root}/`, force: true }).catch(() => undefined);
    removeEmptyEmulatorFolders(TEST_BUCKET, this.root); // the emulator's lists slow down with every folder left
  }
}
