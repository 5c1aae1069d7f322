/**
 * Object keys of the Confluent storage sink (backup-format.md §2):
 *   [topics.dir delim] folderTopic delim encodedPartition delim topic+partition+zeroPad(startOffset)[.keys|.headers]ext
 * Topic and Kafka partition are taken from the FILE NAME, not the folder (§9.1, §6.6): the source
 * connector restores a file found in another topic's folder to the topic its name states.
 */
import { BackupLayoutError } from '../errors';
import type { KeyNaming } from '../restore-settings/types';
import { type OffsetString, toOffsetString, zeroPadOffset } from './offsets';

export type ObjectView = 'value' | 'keys' | 'headers';

export interface ParsedObjectKey {
  objectName: string;
  /** Topic named by the file name: the one the records belong to. */
  topic: string;
  partition: number;
  startOffset: OffsetString;
  view: ObjectView;
  /** Full extension after the offset and view: `.avro`, `.json.gz`, `.bin`, `.snappy.parquet`. */
  extension: string;
  /** Topic named by the folder (usually equal to `topic`). */
  folderTopic: string;
  /** Path between the topic folder and the file name (the encoded partition); '' if the file sits in the topic folder. */
  directoryPath: string;
}

export type KeyParseResult =
  { ok: true; key: ParsedObjectKey } | { ok: false; outsideTopicsDir: boolean; reason: string; folderTopic?: string };

/** Kafka's legal topic characters (§2.6); Kafka forbids `+` and `/`, which makes names unambiguous. */
export const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;
const MAX_PARTITION = 2147483647;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
const fileNamePatterns = new Map<string, RegExp>();

function fileNamePattern(fileDelim: string): RegExp {
  let re = fileNamePatterns.get(fileDelim);
  if (!re) {
    const d = escapeRegex(fileDelim);
    // §2.6 with the configured file.delim. The extension must not start with a digit (a name
    // without extension would otherwise lend the offset's last digit to it) nor with the file
    // delimiter and a digit (HDFS-sink names carry a second, end offset: topic+p+start+end.ext);
    // with file.delim=. every extension starts with the delimiter, so only the digit tells.
    re = new RegExp(`^([A-Za-z0-9._-]+)${d}(\\d+)${d}(\\d+)(\\.keys|\\.headers)?((?!${d}\\d)[^0-9].*)$`);
    fileNamePatterns.set(fileDelim, re);
  }
  return re;
}

/** The key prefix every backup object starts with: `topics.dir + delim`, or '' when topics.dir is blank. */
export function topicsDirPrefix(naming: KeyNaming): string {
  return naming.topicsDir === '' ? '' : naming.topicsDir + naming.directoryDelim;
}

/** Parses just the file-name part; undefined when it is not `<topic>+<partition>+<offset><ext>`. */
export function parseFileName(
  fileName: string,
  fileDelim: string,
):
  | {
      topic: string;
      partition: number;
      startOffset: OffsetString;
      view: ObjectView;
      extension: string;
      reason?: string;
    }
  | undefined {
  const m = fileNamePattern(fileDelim).exec(fileName);
  if (!m) return undefined;
  const [, topic, partitionDigits, offsetDigits, view, extension] = m;
  if (!TOPIC_NAME.test(topic)) return undefined;
  const partition = Number(partitionDigits);
  if (!Number.isSafeInteger(partition) || partition > MAX_PARTITION) return undefined;
  let startOffset: OffsetString;
  try {
    startOffset = toOffsetString(offsetDigits);
  } catch {
    return undefined; // more than Long.MAX_VALUE: cannot be a Kafka offset
  }
  const v: ObjectView = view === '.keys' ? 'keys' : view === '.headers' ? 'headers' : 'value';
  return { topic, partition, startOffset, view: v, extension };
}

/**
 * Parses an object key. `outsideTopicsDir` distinguishes "not ours, ignore" from "under topics.dir
 * but malformed" (the latter is fatal per §6.9). Extension checks are the caller's (classify.ts).
 */
export function parseObjectKey(objectName: string, naming: KeyNaming): KeyParseResult {
  const prefix = topicsDirPrefix(naming);
  if (!objectName.startsWith(prefix)) return { ok: false, outsideTopicsDir: true, reason: `not under "${prefix}"` };
  const delim = naming.directoryDelim;
  const rest = objectName.slice(prefix.length);
  const firstDelim = rest.indexOf(delim);
  if (firstDelim <= 0) {
    return {
      ok: false,
      outsideTopicsDir: false,
      reason: 'unexpected location: not inside a topic folder of the topics directory',
    };
  }
  const inOwnFolder = splitInOwnTopicFolder(rest, delim, naming.fileDelim);
  if (inOwnFolder) return { ok: true, key: { objectName, ...inOwnFolder } };
  const lastDelim = rest.lastIndexOf(delim);
  const folderTopic = rest.slice(0, firstDelim);
  const directoryPath = lastDelim === firstDelim ? '' : rest.slice(firstDelim + delim.length, lastDelim);
  const fileName = rest.slice(lastDelim + delim.length);
  const parsed = parseFileName(fileName, naming.fileDelim);
  if (!parsed) {
    const d = naming.fileDelim;
    return {
      ok: false,
      outsideTopicsDir: false,
      reason: `file name "${fileName}" is not <topic>${d}<partition>${d}<startOffset><extension>`,
      folderTopic,
    };
  }
  return { ok: true, key: { objectName, ...parsed, folderTopic, directoryPath } };
}

/**
 * The usual case, a file in its own topic's folder: `<topic> delim [directories delim] <topic>+…`. Found by
 * the topic the file name states, so a directory.delim that is also a legal topic character (`_`, `-`, `.`)
 * can appear in the topic's name without splitting it. Undefined when the file sits in another folder.
 */
function splitInOwnTopicFolder(rest: string, delim: string, fileDelim: string): Omit<ParsedObjectKey, 'objectName'> | undefined {
  for (let at = rest.lastIndexOf(delim); at > 0; at = rest.lastIndexOf(delim, at - 1)) {
    const parsed = parseFileName(rest.slice(at + delim.length), fileDelim);
    if (!parsed || !rest.startsWith(parsed.topic + delim)) continue;
    const topicEnd = parsed.topic.length;
    if (at < topicEnd) continue; // the file name would overlap its own folder
    const directoryPath = at === topicEnd ? '' : rest.slice(topicEnd + delim.length, at);
    return { ...parsed, folderTopic: parsed.topic, directoryPath };
  }
  return undefined;
}

/** parseObjectKey for callers that treat any non-parse as fatal. */
export function parseObjectKeyOrThrow(objectName: string, naming: KeyNaming): ParsedObjectKey {
  const r = parseObjectKey(objectName, naming);
  if (!r.ok) throw new BackupLayoutError(objectName, r.reason);
  return r.key;
}

export interface ObjectKeyParts {
  topic: string;
  partition: number;
  startOffset: number | bigint | string;
  /** The partitioner's encoded partition, e.g. `partition=3` or `year=2024/month=01`. */
  encodedPartition: string;
  /** Format extension, e.g. `.avro`, `.json.gz`. */
  extension: string;
  view?: ObjectView;
}

/** `topic+partition+zeroPad(offset)[.keys|.headers]ext` (§2.1); the Kafka partition is not padded. */
export function formatFileName(parts: ObjectKeyParts, fileDelim: string, zeroPadWidth: number): string {
  const offset = zeroPadOffset(toOffsetString(parts.startOffset), zeroPadWidth);
  const view = parts.view === 'keys' ? '.keys' : parts.view === 'headers' ? '.headers' : '';
  return `${parts.topic}${fileDelim}${parts.partition}${fileDelim}${offset}${view}${parts.extension}`;
}

/** Inverse of parseObjectKey for a file written into its own topic's folder, as the sink does. */
export function formatObjectKey(naming: KeyNaming & { zeroPadWidth: number }, parts: ObjectKeyParts): string {
  const d = naming.directoryDelim;
  const file = formatFileName(parts, naming.fileDelim, naming.zeroPadWidth);
  return `${topicsDirPrefix(naming)}${parts.topic}${d}${parts.encodedPartition}${d}${file}`;
}
