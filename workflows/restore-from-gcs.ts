import {
  ApplicationFailure,
  CancellationScope,
  continueAsNew,
  defineQuery,
  executeChild,
  patched,
  setCurrentDetails,
  setHandler,
  sleep,
  workflowInfo,
} from '@temporalio/workflow';
import { OFFSET_MAP_TOPIC, offsetMapKeyPrefix } from '../domain/offset-map';
import type { OffsetString } from '../domain/backup-layout/offsets';
import { preflightFailures } from '../domain/preflight';
import { partitionKey, type PartitionPlan, type RestorePlan } from '../domain/restore-plan';
import { RestoreProgress, type RestoreProgressView } from '../domain/restore-progress';
import { buildRestoreReport, isPartitionVerified, type DestinationTopicFacts, type PartitionOutcome, type RestoreReport } from '../domain/restore-report';
import { RESTORE_DEFAULTS, type RestoreRequest } from '../domain/restore-request';
import type { DestinationInspection } from '../activities/kafka/verify-destination';
import { forEachBounded } from './bounded';
import { preflight } from './preflight';
import { kafkaAdmin, partitionRestore, partitionRestoreOptions, planning, readBack, READ_BACK_OPTIONS } from './proxies';

export const restoreProgressQuery = defineQuery<RestoreProgressView>('progress');

/** What a following restore carries across continue-as-new: positions, never records. */
export interface FollowState {
  /** Per `topic/partition`: the last object start offset already restored. */
  after: Record<string, OffsetString>;
  polls: number;
  /** The totals shown so far, so the Web UI's progress carries on across runs. */
  progress?: RestoreProgressView;
}

/**
 * Restores topics from a Confluent GCS-sink backup into the destination cluster, partition by partition,
 * in original order, into the same partition numbers. Steps: preflight, with the first plan (list and
 * classify the bucket) and then the destination's read-only checks alongside → verify the destination
 * (create what is missing; too few partitions fails before anything is written) → restore partitions (at
 * most tasks.max at once) → verify counts. It refuses to restore into a
 * topic the backup's own sink consumes, and never carries records: only plans, positions and counts.
 */
export async function restoreFromGcs(request: RestoreRequest, followState?: FollowState): Promise<RestoreReport> {
  const progress = new RestoreProgress(followState?.progress);
  setHandler(restoreProgressQuery, () => progress.view());
  const show = () => setCurrentDetails(progress.markdown());
  const started = Date.now();

  const after = { ...(followState?.after ?? {}) };
  const settleSeconds = request.follow ? (request.follow.settleSeconds ?? RESTORE_DEFAULTS.followSettleSeconds) : undefined;
  // Nothing to restore means a wrong setting on the first plan; a later poll of a following restore may
  // well find nothing new.
  const planNow = (requireSomething: boolean) =>
    planning.planRestore({ backup: request.backup, topics: request.topics, rename: request.rename, after, settleSeconds, requireSomething });
  // The first plan lists the bucket while preflight checks the dependencies: listing a large bucket can take
  // longer than every check. A failed preflight is still the error reported (histories from before this
  // change ran them one after the other).
  let firstPlan: Promise<RestorePlan> | undefined;
  // The destination's checks need only the plan: read-only, they run while preflight finishes, and the
  // writing check runs after it only when there is something to create (histories from before this change
  // checked after preflight). Their failure too is reported only once preflight has passed.
  let earlyDestination: Promise<DestinationInspection> | undefined;
  if (!followState) {
    show();
    if (patched('plan-during-preflight')) {
      firstPlan = planNow(!request.allowEmpty);
      firstPlan.catch(() => undefined); // awaited below, once preflight has passed
      if (!request.dryRun && patched('inspect-destination-during-preflight')) {
        earlyDestination = firstPlan.then((plan) => kafkaAdmin.inspectRestoreDestination(destinationCheckInput(request, plan)));
        earlyDestination.catch(() => undefined); // awaited in restorePlan, once preflight has passed
      }
    }
    await requirePreflight(request);
  }
  let polls = followState?.polls ?? 0;
  for (;;) {
    progress.step('plan');
    show();
    const plan = await (firstPlan ?? planNow(!request.allowEmpty && !followState && polls === 0));
    firstPlan = undefined;
    progress.planned(plan);
    if (request.dryRun) {
      // The destination's checks too (read-only), so a dry run fails where the restore would, before writing.
      const destination = patched('dry-run-checks-destination') ? await checkDestination(request, plan, true) : [];
      return dryRunReport(request, plan, destination, Date.now() - started);
    }
    // Following: a poll that finds nothing new writes nothing and checks nothing.
    const report = plan.partitions.length || !request.follow ? await restorePlan(request, plan, progress, show, started, earlyDestination) : undefined;
    earlyDestination = undefined; // the first plan's: later polls check their own
    for (const p of plan.partitions) after[partitionKey(p.topic, p.partition)] = p.lastStartOffset;

    if (!request.follow) {
      progress.step('done');
      show();
      return report!;
    }
    polls++;
    progress.polled();
    progress.step('follow-wait');
    show();
    await sleep(`${request.follow.pollIntervalSeconds} seconds`);
    if (workflowInfo().continueAsNewSuggested || polls % (request.follow.continueAsNewAfterPolls ?? RESTORE_DEFAULTS.continueAsNewAfterPolls) === 0) {
      // Keeps history bounded however long the restore follows the bucket.
      await continueAsNew<typeof restoreFromGcs>(request, { after, polls, progress: progress.view() });
    }
  }
}

async function requirePreflight(request: RestoreRequest): Promise<void> {
  const report = await executeChild(preflight, {
    workflowId: `${workflowInfo().workflowId}/preflight`,
    args: [
      {
        clusters: [request.destinationCluster],
        buckets: [request.backup.bucket],
        schemaRegistry: request.backup.format === 'avro' && request.valueSerializer === 'schema-registry',
      },
    ],
  });
  if (!report.ok) {
    throw ApplicationFailure.nonRetryable(`preflight failed: ${preflightFailures(report).join('; ')}`, 'PreflightFailed', report);
  }
}

async function restorePlan(
  request: RestoreRequest,
  plan: RestorePlan,
  progress: RestoreProgress,
  show: () => void,
  started: number,
  earlyDestination: Promise<DestinationInspection> | undefined,
): Promise<RestoreReport> {
  progress.step('verify-destination');
  show();
  const inspected = earlyDestination && (await earlyDestination);
  const destination = inspected && !inspected.writesNeeded ? inspected.topics : await checkDestination(request, plan, false);

  progress.step('restore');
  show();
  const readingBack = (request.verify ?? 'read-back') === 'read-back';
  // Each partition activity reads its own range back while it restores it (no separate phase at the end);
  // histories from before this change keep the separate read-back step.
  const readBackWhileRestoring = readingBack && patched('verify-while-streaming');
  const options = partitionRestoreOptions(request.partitionHeartbeatTimeoutSeconds ?? RESTORE_DEFAULTS.partitionHeartbeatTimeoutSeconds);
  // If one partition fails for good, cancel the others and wait until they have aborted their
  // transactions: when the runbook reports the failure, nothing of it is still writing.
  const lanes = new CancellationScope();
  const outcomes = await lanes.run(() =>
    forEachBounded(
      plan.partitions,
      request.backup.tasksMax,
      async (partition: PartitionPlan): Promise<PartitionOutcome> => {
        const result = await restoreOnePartition(partition, request, options, readBackWhileRestoring);
        progress.partitionDone(result.position, partition.afterStartOffset);
        show();
        return result;
      },
      () => lanes.cancel(),
    ),
  );

  progress.step('verify');
  show();
  // Partitions that read back while restoring report their own counts; older runs read back here.
  const readBack = readingBack && !readBackWhileRestoring ? await readBackCounts(request, outcomes) : undefined;
  const report = buildRestoreReport({
    request,
    plan,
    destination,
    outcomes,
    durationMs: Date.now() - started,
    offsetMapTopic: OFFSET_MAP_TOPIC,
    keyPrefix: (topic, partition) => offsetMapKeyPrefix(request.restoreId, topic, partition),
    readBack,
  });
  if (!report.verified) {
    const bad = report.partitions.filter((p) => !isPartitionVerified(p, request.delivery));
    throw ApplicationFailure.nonRetryable(
      `verification failed: ${bad
        .map((p) => `${p.destinationTopic}-${p.partition} read ${p.recordsRead} (−${p.duplicatesSkipped} duplicates), wrote ${p.recordsWritten}, found ${p.recordsOnDestination ?? 'unchecked'} on the destination`)
        .join('; ')}`,
      'RestoreVerificationFailed',
    );
  }
  return report;
}

/** Reads each restored offset range back from the destination, one activity per topic (histories from before verify-while-streaming). */
async function readBackCounts(request: RestoreRequest, outcomes: PartitionOutcome[]): Promise<Record<string, number>> {
  const byTopic = new Map<string, PartitionOutcome[]>();
  for (const o of outcomes) byTopic.set(o.destinationTopic, [...(byTopic.get(o.destinationTopic) ?? []), o]);
  const counts: Record<string, number> = {};
  for (const [topic, list] of byTopic) {
    const ranges = list
      .filter((o) => o.position?.destinationFirstOffset && o.position.destinationLastOffset)
      .map((o) => ({ partition: o.partition, first: o.position!.destinationFirstOffset!, last: o.position!.destinationLastOffset! }));
    for (const o of list) counts[partitionKey(topic, o.partition)] = 0;
    const found = await readBack.countRestoredRecords.executeWithOptions({ ...READ_BACK_OPTIONS, summary: `verify ${topic}: read back ${ranges.length} partition(s)` }, [
      { cluster: request.destinationCluster, topic, ranges },
    ]);
    for (const c of found) counts[partitionKey(topic, c.partition)] = c.records;
  }
  return counts;
}

function restoreOnePartition(partition: PartitionPlan, request: RestoreRequest, options: ReturnType<typeof partitionRestoreOptions>, readBack: boolean) {
  // Per-call options: the heartbeat timeout is a runbook input.
  return partitionRestore.restorePartition.executeWithOptions(
    { ...options, summary: `restore ${partition.topic}-${partition.partition} → ${partition.destinationTopic}-${partition.partition}` },
    [
      {
        restoreId: request.restoreId,
        destinationCluster: request.destinationCluster,
        settings: request.backup,
        plan: partition,
        delivery: request.delivery,
        valueSerializer: request.valueSerializer,
        transactionMaxRecords: request.transactionMaxRecords ?? RESTORE_DEFAULTS.transactionMaxRecords,
        restoreKeysAndHeaders: request.restoreKeysAndHeaders ?? true,
        readBack,
        restoreIdIsNew: request.restoreIdIsNew,
      },
    ],
  );
}

function checkDestination(request: RestoreRequest, plan: RestorePlan, readOnly: boolean) {
  return kafkaAdmin.verifyRestoreDestination({ ...destinationCheckInput(request, plan), ...(readOnly && { readOnly }) });
}

function destinationCheckInput(request: RestoreRequest, plan: RestorePlan) {
  return {
    cluster: request.destinationCluster,
    topics: plan.topics,
    createTopics: request.createTopics,
    sinkTopics: request.sinkTopics,
    allowSinkFeedbackLoop: request.allowSinkFeedbackLoop,
  };
}

function dryRunReport(request: RestoreRequest, plan: RestorePlan, destination: DestinationTopicFacts[], durationMs: number): RestoreReport {
  return buildRestoreReport({
    request: { ...request, dryRun: true },
    plan,
    destination,
    outcomes: [],
    durationMs,
    offsetMapTopic: OFFSET_MAP_TOPIC,
    keyPrefix: (topic, partition) => offsetMapKeyPrefix(request.restoreId, topic, partition),
  });
}
