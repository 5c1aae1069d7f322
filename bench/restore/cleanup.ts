/**
 * Everything the benchmark creates, removed at the end, also after a failure or Ctrl-C: restores still
 * running (terminated), the run's objects in the bucket, the topics it produced into, the restores'
 * progress groups on the destination.
 * (Offset-map entries in the shared `_lifeboat-offset-maps` topic stay: it is compacted and shared.)
 */
import type { Bucket } from '@google-cloud/storage';
import type { WorkflowHandle } from '@temporalio/client';
import type { Admin } from 'kafkajs';
import { removeEmptyEmulatorFolders } from '../../stack/services/gcs';

export class BenchResources {
  private readonly topics = new Set<string>();
  private readonly groups = new Set<string>();
  private readonly workflows: WorkflowHandle[] = [];
  private cleaning?: Promise<boolean>;

  constructor(
    private readonly bucket: Bucket,
    private readonly objectPrefix: string,
    private readonly destinationAdmin: () => Promise<Admin>,
  ) {}

  topic(name: string): string {
    this.topics.add(name);
    return name;
  }

  group(id: string): void {
    this.groups.add(id);
  }

  workflow(handle: WorkflowHandle): void {
    this.workflows.push(handle);
  }

  /** Idempotent: a second call (Ctrl-C during the first) waits for the same cleanup. */
  cleanup(log: (line: string) => void): Promise<boolean> {
    this.cleaning ??= this.removeAll(log);
    return this.cleaning;
  }

  private async removeAll(log: (line: string) => void): Promise<boolean> {
    let ok = true;
    const attempt = async (what: string, action: () => Promise<unknown>) => {
      try {
        await action();
      } catch (err) {
        ok = false;
        log(`cleanup: could not delete ${what}: ${(err as Error).message}`);
      }
    };
    for (const handle of this.workflows) {
      const running = await handle
        .describe()
        .then((d) => d.status.name === 'RUNNING')
        .catch(() => false);
      if (running) await attempt(`(terminate) workflow ${handle.workflowId}`, () => handle.terminate('restore benchmark cleanup'));
    }
    const admin = await this.destinationAdmin().catch((err: Error) => {
      ok = false;
      log(`cleanup: no admin client for the destination: ${err.message}`);
      return undefined;
    });
    if (admin) {
      const existing = new Set(await admin.listTopics().catch(() => [...this.topics]));
      const topics = [...this.topics].filter((t) => existing.has(t));
      if (topics.length) await attempt(`topics ${topics.join(', ')}`, () => admin.deleteTopics({ topics, timeout: 60_000 }));
      const listed = await admin.listGroups().then((r) => new Set(r.groups.map((g) => g.groupId))).catch(() => new Set(this.groups));
      const groups = [...this.groups].filter((g) => listed.has(g)); // a restore that failed early made none
      if (groups.length) await attempt(`groups ${groups.join(', ')}`, () => admin.deleteGroups(groups));
    }
    await attempt(`gs://${this.bucket.name}/${this.objectPrefix}/`, async () => {
      await this.bucket.deleteFiles({ prefix: `${this.objectPrefix}/`, force: true });
      removeEmptyEmulatorFolders(this.bucket.name, this.objectPrefix); // or the emulator's lists slow down run after run
    });
    return ok;
  }
}
