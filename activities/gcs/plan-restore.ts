import type { Bucket, Storage } from '@google-cloud/storage';
import { BackupLayoutClassifier, type ListedObject } from '../../domain/backup-layout/classify';
import { topicsDirPrefix } from '../../domain/backup-layout/object-key';
import { severalFilesOpenAtOnce } from '../../domain/backup-layout/overlap-policy';
import type { OffsetString } from '../../domain/backup-layout/offsets';
import { throwIfLayoutErrors } from '../../domain/backup-layout/plan';
import type { TopicRenameRule } from '../../domain/backup-layout/rename';
import { ConfigurationError, DependencyError } from '../../domain/errors';
import { MAX_PARTITIONS_PER_RESTORE, planFromLayout, requireSomethingToRestore, type RestorePlan } from '../../domain/restore-plan';
import type { BackupSettings } from '../../domain/restore-settings/types';
import { listedObject, listObjects } from './list-objects';

export interface PlanRestoreInput {
  backup: BackupSettings;
  topics?: string[];
  rename?: TopicRenameRule;
  /** Follow mode: per `topic/partition`, the last start offset already restored. */
  after?: Record<string, OffsetString>;
  /**
   * Refuse a plan that restores nothing, or nothing of a selected topic (a wrong setting, most likely).
   * Opt-in, so an input from before the refusal existed (a retried follow poll) keeps its meaning.
   */
  requireSomething?: boolean;
  /** Follow mode: how old an object must be before it is restored, where the sink uploads several per commit. */
  settleSeconds?: number;
}

/**
 * Lists the backup under topics.dir, one topic folder at a time and page by page, classifies every
 * object by the connector's rules and returns the plan. A name that does not parse stops the restore
 * here, naming the object, before anything is written.
 */
export async function planRestore(storage: Storage, input: PlanRestoreInput, onPage?: (listed: number) => void): Promise<RestorePlan> {
  const { backup } = input;
  const bucket = storage.bucket(backup.bucket);
  const [exists] = await bucket.exists();
  if (!exists) throw new DependencyError(`gcs bucket ${backup.bucket}`, 'does not exist (gcs.bucket.name)', false);

  const classifier = new BackupLayoutClassifier(backup, { topics: input.topics });
  let listed = 0;
  for await (const page of listTopicsDir(bucket, backup)) {
    classifier.addAll(page);
    listed += page.length;
    onPage?.(listed);
  }
  const layout = classifier.finish();
  throwIfLayoutErrors(layout);
  const settle = input.settleSeconds !== undefined && severalFilesOpenAtOnce(backup);
  const plan = planFromLayout(backup.bucket, layout, {
    rename: input.rename,
    after: input.after,
    settledBefore: settle ? Date.now() - input.settleSeconds! * 1000 : undefined,
  });
  if (input.requireSomething) requireSomethingToRestore(plan, backup, input.topics);
  if (plan.partitions.length > MAX_PARTITIONS_PER_RESTORE) {
    throw new ConfigurationError(
      '--topics',
      `the backup holds ${plan.partitions.length} topic-partitions; one restore takes at most ${MAX_PARTITIONS_PER_RESTORE}: restore the topics in several runs`,
    );
  }
  return plan;
}

/**
 * Everything under topics.dir: first the topic folders (GCS common prefixes), then each folder in pages.
 * Objects lying directly in topics.dir are listed too: the classifier reports them as misplaced.
 */
async function* listTopicsDir(bucket: Bucket, backup: BackupSettings): AsyncGenerator<ListedObject[]> {
  const prefix = topicsDirPrefix(backup);
  let pageToken: string | undefined;
  const folders: string[] = [];
  do {
    const [files, next, response] = await bucket.getFiles({
      prefix,
      delimiter: backup.directoryDelim,
      maxResults: 1000,
      pageToken,
      autoPaginate: false,
    });
    if (files.length) yield files.map(listedObject);
    folders.push(...((response as { prefixes?: string[] } | undefined)?.prefixes ?? []));
    pageToken = (next as { pageToken?: string } | undefined)?.pageToken;
  } while (pageToken);
  for (const folder of folders) yield* listObjects(bucket, folder);
}
