/**
 * Sorts a bucket listing into what a restore reads, what it ignores and what must stop it,
 * following the Confluent source connector's documented rules (seed doc; backup-format.md §6.2,
 * §6.9) in this order:
 *  1. outside topics.dir → ignored;
 *  2. extension not of the configured format → ignored (`.keys`/`.headers` files are kept as
 *     companions, never as values, §6.10);
 *  3. file name that does not parse (§2.6), or a file directly in topics.dir with no topic folder
 *     ("unexpected location") → error, naming the object;
 *  4. folder structure that is not the configured partitioner's → ignored. The docs say the
 *     connector "ignores any GCS object that is below the topics directory but has a partitioner
 *     structure that does not match the configured class" (e.g. Default folders under a
 *     TimeBased config; the 2019 code simply never discovers such folders, §6.3). We follow that,
 *     but never silently: the count and examples become a warning, a bucket where nothing matched
 *     gets a louder one, and `onStructureMismatch: 'error'` makes it fatal for operators who
 *     prefer to halt.
 * Topic and partition always come from the file name (§9.1); a file in another topic's folder is
 * restored to its own topic, with a warning, as the connector does.
 * Incremental (add per listing page, then finish) so activities can stream huge listings.
 */
import type { BackupSettings } from '../restore-settings/types';
import { matchExtension } from './extensions';
import { CountedExamples, type IgnoreReason, type LayoutWarningCode } from './issues';
import { parseObjectKey } from './object-key';
import { partitionerLayout, type DirectoryMatch, type PartitionerLayout } from './partitioners';
import { finishLayout, type BackupLayout, type ValueEntry, type CompanionEntry } from './partition-order';

export interface ListedObject {
  name: string;
  size: number;
  /** When the object was written (ms since epoch), if the listing says: follow mode holds back the newest. */
  created?: number;
}

export interface ClassifyOptions {
  /** Restore only these topics (as named by file names); others are ignored as `topic-not-selected`. */
  topics?: readonly string[];
  /** What a partitioner-structure mismatch is: ignored like the connector (default), or an error. */
  onStructureMismatch?: 'ignore' | 'error';
  /** Examples kept per ignore reason, warning and error list (default 5). */
  maxExamples?: number;
}

export class BackupLayoutClassifier {
  private readonly partitioner: PartitionerLayout;
  private readonly topics?: ReadonlySet<string>;
  private readonly directoryCache = new Map<string, DirectoryMatch | undefined>();
  private readonly ignored: CountedExamples<IgnoreReason>;
  private readonly warnings: CountedExamples<LayoutWarningCode>;
  private readonly errors: Array<{ objectName: string; reason: string }> = [];
  private errorCount = 0;
  private readonly values: ValueEntry[] = [];
  private readonly companions: CompanionEntry[] = [];
  private readonly maxExamples: number;

  constructor(
    private readonly settings: BackupSettings,
    private readonly options: ClassifyOptions = {},
  ) {
    this.partitioner = partitionerLayout(settings);
    this.topics = options.topics ? new Set(options.topics) : undefined;
    this.maxExamples = options.maxExamples ?? 5;
    this.ignored = new CountedExamples(this.maxExamples);
    this.warnings = new CountedExamples(this.maxExamples);
  }

  addAll(objects: Iterable<ListedObject>): this {
    for (const o of objects) this.add(o);
    return this;
  }

  add(object: ListedObject): void {
    const { name, size } = object;
    const s = this.settings;
    const parsed = parseObjectKey(name, s);
    if (!parsed.ok && parsed.outsideTopicsDir) return this.ignore('outside-topics-dir', object);
    if (name.endsWith(s.directoryDelim)) return this.ignore('directory-placeholder', object); // console "folders"

    const fileName = name.slice(name.lastIndexOf(s.directoryDelim) + s.directoryDelim.length);
    const ext = matchExtension(fileName, s);
    if (!ext) return this.ignore('wrong-extension', object);

    if (!parsed.ok) {
      // The topic is unknown; judge selection by the folder so a bad object in an unselected topic
      // does not stop the restore of the selected ones.
      if (this.topics && parsed.folderTopic !== undefined && !this.topics.has(parsed.folderTopic)) {
        return this.ignore('topic-not-selected', object);
      }
      return this.error(name, parsed.reason);
    }
    const key = parsed.key;
    const expectedView = ext.kind === 'value' ? 'value' : ext.view;
    if (key.view !== expectedView || key.extension !== ext.extension) {
      return this.error(name, `extension "${key.extension}" is not one the sink writes for this format`);
    }
    if (this.topics && !this.topics.has(key.topic)) return this.ignore('topic-not-selected', object);

    const directoryKey = name.slice(0, name.length - fileName.length);
    if (ext.kind === 'companion') {
      this.companions.push({
        name,
        size,
        view: ext.view,
        pairKey: pairKey(directoryKey, key.topic, key.partition, key.startOffset),
      });
      return;
    }

    const match = this.matchDirectory(key.directoryPath);
    if (!match) {
      if (this.options.onStructureMismatch === 'error') {
        return this.error(name, `folder "${key.directoryPath}" does not match ${describePartitioner(s)}`);
      }
      this.warnings.add('structure-mismatch-ignored', name);
      return this.ignore('partitioner-structure-mismatch', object);
    }
    if (key.folderTopic !== key.topic) this.warnings.add('other-topic-folder', name);
    if (match.folderPartition !== undefined && match.folderPartition !== key.partition)
      this.warnings.add('partition-folder-mismatch', name);
    if (ext.gzip !== (s.compression === 'gzip') && s.format !== 'avro') this.warnings.add('compression-mismatch', name);

    this.values.push({
      name,
      size,
      topic: key.topic,
      partition: key.partition,
      startOffset: key.startOffset,
      directoryPath: key.directoryPath,
      folderTopic: key.folderTopic,
      pairKey: pairKey(directoryKey, key.topic, key.partition, key.startOffset),
      ...(match.bucketStartMs !== undefined && { bucketStartMs: match.bucketStartMs }),
      ...(object.created !== undefined && { created: object.created }),
    });
  }

  finish(): BackupLayout {
    if (this.values.length === 0 && this.warnings.count('structure-mismatch-ignored') > 0) {
      this.warnings.add('no-object-matched-partitioner', describePartitioner(this.settings));
    }
    return finishLayout({
      settings: this.settings,
      values: this.values,
      companions: this.companions,
      ignored: this.ignored,
      warnings: this.warnings,
      errors: { count: this.errorCount, examples: this.errors },
    });
  }

  private matchDirectory(directoryPath: string): DirectoryMatch | undefined {
    // Many objects share a folder; parse each folder once (time parsing calls Intl).
    if (this.directoryCache.has(directoryPath)) return this.directoryCache.get(directoryPath);
    const m = this.partitioner.parseDirectory(directoryPath);
    this.directoryCache.set(directoryPath, m);
    return m;
  }

  private ignore(reason: IgnoreReason, o: ListedObject): void {
    this.ignored.add(reason, o.name, o.size);
  }

  private error(objectName: string, reason: string): void {
    this.errorCount++;
    if (this.errors.length < this.maxExamples) this.errors.push({ objectName, reason });
  }
}

/** Value and companions share directory and `<topic>+<partition>+<offset>` stem (§5.4). */
function pairKey(directoryKey: string, topic: string, partition: number, startOffset: string): string {
  return `${directoryKey}\u0000${topic}\u0000${partition}\u0000${startOffset}`;
}

function describePartitioner(s: BackupSettings): string {
  const p = s.partitioner;
  if (p.kind === 'default') return 'DefaultPartitioner (partition=<n>)';
  if (p.kind === 'field') return `FieldPartitioner (${p.fieldNames.map((f) => `${f}=<value>`).join(s.directoryDelim)})`;
  return `${p.variant}Partitioner (path.format ${p.pathFormat}, timezone ${p.timezone})`;
}

/** Classifies a whole listing at once. */
export function classifyBackupObjects(
  settings: BackupSettings,
  objects: Iterable<ListedObject>,
  options?: ClassifyOptions,
): BackupLayout {
  return new BackupLayoutClassifier(settings, options).addAll(objects).finish();
}
