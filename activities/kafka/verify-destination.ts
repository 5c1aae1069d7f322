import type { Admin } from 'kafkajs';
import { topicsConsumedBySink } from '../../domain/backup-layout/rename';
import { DestinationCheckError } from '../../domain/errors';
import { OFFSET_MAP_PARTITIONS, OFFSET_MAP_TOPIC } from '../../domain/offset-map';
import type { TopicPlan } from '../../domain/restore-plan';
import type { RestoreRequest } from '../../domain/restore-request';

export interface DestinationTopicCheck {
  destinationTopic: string;
  partitionsNeeded: number;
  partitionsPresent: number;
  created: boolean;
  /** Partitions the destination has beyond what the backup needs: they stay unused. */
  unusedPartitions: number;
}

export interface DestinationCheckInput {
  cluster: string;
  topics: TopicPlan[];
  createTopics?: RestoreRequest['createTopics'];
  sinkTopics?: RestoreRequest['sinkTopics'];
  allowSinkFeedbackLoop?: boolean;
  /** A dry run: every check, but nothing created (`created` then means "would be created"). */
  readOnly?: boolean;
}

/**
 * Checks every destination topic before anything is written: it must exist (or be created when asked)
 * with at least the partitions the backup uses. The Confluent connector only finds a short topic
 * mid-run; this refuses up front and names every topic at fault at once.
 */
export async function verifyDestination(admin: Admin, input: DestinationCheckInput): Promise<DestinationTopicCheck[]> {
  return (await checkDestination(admin, input)).checks;
}

/** What a read-only check found, and whether the restore must still write before it starts. */
export interface DestinationInspection {
  topics: DestinationTopicCheck[];
  /** A topic to create, or the offset-map topic: the writing check (verifyDestination) must run first. */
  writesNeeded: boolean;
}

/**
 * Every check of verifyDestination, writing nothing: a restore runs it before preflight has finished,
 * and the writing check only when there is something to create.
 */
export async function inspectDestination(admin: Admin, input: Omit<DestinationCheckInput, 'readOnly'>): Promise<DestinationInspection> {
  const { checks, existing } = await checkDestination(admin, { ...input, readOnly: true });
  return { topics: checks, writesNeeded: checks.some((c) => c.created) || !existing.has(OFFSET_MAP_TOPIC) };
}

async function checkDestination(admin: Admin, input: DestinationCheckInput): Promise<{ checks: DestinationTopicCheck[]; existing: Set<string> }> {
  refuseFeedbackLoops(input);
  const existing = new Set(await admin.listTopics());
  const missing = input.topics.filter((t) => !existing.has(t.destinationTopic));
  if (missing.length && !input.createTopics) {
    throw new DestinationCheckError(
      missing.map((t) => t.destinationTopic).join(', '),
      `missing on cluster '${input.cluster}' (needs ${missing.map((t) => `${t.destinationTopic}: ${t.partitionsNeeded} partitions`).join(', ')}); create them or pass --create-topics`,
    );
  }
  if (missing.length && !input.readOnly) {
    const replicationFactor = input.createTopics!.replicationFactor ?? (await defaultReplicationFactor(admin));
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.destinationTopic,
        numPartitions: t.partitionsNeeded,
        replicationFactor,
        configEntries: Object.entries(input.createTopics!.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const present = input.topics.filter((t) => existing.has(t.destinationTopic)).map((t) => t.destinationTopic);
  const metadata = present.length ? await admin.fetchTopicMetadata({ topics: present }) : { topics: [] };
  const partitionCounts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
  const checks = input.topics.map((t): DestinationTopicCheck => {
    const created = !existing.has(t.destinationTopic);
    const partitionsPresent = created ? t.partitionsNeeded : (partitionCounts.get(t.destinationTopic) ?? 0);
    return {
      destinationTopic: t.destinationTopic,
      partitionsNeeded: t.partitionsNeeded,
      partitionsPresent,
      created,
      unusedPartitions: Math.max(0, partitionsPresent - t.partitionsNeeded),
    };
  });
  const short = checks.filter((c) => c.partitionsPresent < c.partitionsNeeded);
  if (short.length) {
    throw new DestinationCheckError(
      short.map((c) => c.destinationTopic).join(', '),
      `too few partitions on cluster '${input.cluster}': ${short.map((c) => `${c.destinationTopic} has ${c.partitionsPresent}, the backup needs ${c.partitionsNeeded}`).join('; ')}. Nothing was written.`,
    );
  }
  if (!input.readOnly) await ensureOffsetMapTopic(admin, existing);
  return { checks, existing };
}

function refuseFeedbackLoops(input: DestinationCheckInput): void {
  if (!input.sinkTopics || input.allowSinkFeedbackLoop) return;
  // topics.regex is a Java pattern ((?i), possessive quantifiers…): compiled as Kafka would match it.
  const looped = topicsConsumedBySink(
    input.topics.map((t) => t.destinationTopic),
    input.sinkTopics,
  );
  if (looped.length) {
    throw new DestinationCheckError(
      looped.join(', '),
      'the backup\'s own GCS sink consumes this topic: restoring into it would write the backup back into the bucket (a feedback loop). Rename the topics (--rename), pause the sink, or pass --allow-sink-loop',
    );
  }
}

async function defaultReplicationFactor(admin: Admin): Promise<number> {
  const { brokers } = await admin.describeCluster();
  return replicasFor(brokers.length);
}

/**
 * Three replicas, or one per broker on a smaller cluster: what a DR copy needs to survive a broker, and
 * what Confluent Cloud requires. (kafkajs's CreateTopics predates the broker-default value, -1.)
 */
export const replicasFor = (brokerCount: number): number => Math.min(3, brokerCount);

/** The compacted topic that keeps every restore's offset map beside the data it describes. */
async function ensureOffsetMapTopic(admin: Admin, existing: Set<string>): Promise<void> {
  if (existing.has(OFFSET_MAP_TOPIC)) return;
  await admin
    .createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: OFFSET_MAP_TOPIC,
          numPartitions: OFFSET_MAP_PARTITIONS,
          replicationFactor: await defaultReplicationFactor(admin),
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
      ],
    })
    .catch((err: { type?: string }) => {
      if (err.type !== 'TOPIC_ALREADY_EXISTS') throw err; // a concurrent restore created it first
    });
}
