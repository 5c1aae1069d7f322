import type { OffsetString } from './backup-layout/offsets';
import { currentPoll, publishedTotals, type PartitionPosition } from './restore-position';
import type { RestorePlan } from './restore-plan';

export type RestoreStep = 'preflight' | 'plan' | 'verify-destination' | 'restore' | 'verify' | 'follow-wait' | 'done';

const STEP_LABELS: Record<RestoreStep, string> = {
  preflight: 'Preflight: destination cluster, bucket, schema registry',
  plan: 'Plan: list and classify the backup',
  'verify-destination': 'Verify destination topics and partitions',
  restore: 'Restore partitions',
  verify: 'Verify counts per partition',
  'follow-wait': 'Follow: waiting for new objects',
  done: 'Done',
};

export interface RestoreProgressView {
  step: RestoreStep;
  partitionsTotal: number;
  partitionsDone: number;
  objectsTotal: number;
  bytesTotal: number;
  /**
   * Objects, records and bytes of finished partitions, as committed (including earlier runs of the same
   * restore id, like the heartbeats of running partitions, so the two add up).
   */
  objectsDone: number;
  recordsDone: number;
  bytesDone: number;
  polls: number;
  /** Following: objects the last poll left for a later one, until their sink commit has settled. */
  unsettledObjects?: number;
}

/** The runbook's live state, shown by the progress query and as the workflow's current details (Markdown). */
export class RestoreProgress {
  private view_: RestoreProgressView = {
    step: 'preflight',
    partitionsTotal: 0,
    partitionsDone: 0,
    objectsTotal: 0,
    bytesTotal: 0,
    objectsDone: 0,
    recordsDone: 0,
    bytesDone: 0,
    polls: 0,
  };
  private readonly order: RestoreStep[] = ['preflight', 'plan', 'verify-destination', 'restore', 'verify', 'done'];

  /** Following, a run continued as new carries on from the totals the previous run reached. */
  constructor(carried?: RestoreProgressView) {
    if (carried) this.view_ = { ...carried };
  }

  step(step: RestoreStep): void {
    this.view_ = { ...this.view_, step };
  }

  planned(plan: RestorePlan): void {
    this.view_ = {
      ...this.view_,
      partitionsTotal: this.view_.partitionsTotal + plan.partitions.length,
      objectsTotal: this.view_.objectsTotal + plan.totals.objects,
      bytesTotal: this.view_.bytesTotal + plan.totals.bytes,
      unsettledObjects: plan.unsettledObjects,
    };
  }

  /**
   * A partition finished. Its position counts everything the restore id has published there; following
   * (`pollAfter`: the poll's lower bound), only what this poll added counts, so polls do not count earlier
   * polls again.
   */
  partitionDone(position: PartitionPosition | undefined, pollAfter?: OffsetString): void {
    const now = publishedTotals(position);
    const { before } = currentPoll(position, pollAfter);
    this.view_ = {
      ...this.view_,
      partitionsDone: this.view_.partitionsDone + 1,
      objectsDone: this.view_.objectsDone + now.objects - before.objects,
      recordsDone: this.view_.recordsDone + now.records - before.records,
      bytesDone: this.view_.bytesDone + now.bytes - before.bytes,
    };
  }

  polled(): void {
    this.view_ = { ...this.view_, polls: this.view_.polls + 1 };
  }

  view(): RestoreProgressView {
    return this.view_;
  }

  private settling(): string {
    return this.view_.unsettledObjects ? `; ${this.view_.unsettledObjects} new object(s) waiting for their sink commit to settle` : '';
  }

  /** A checklist for the Web UI's "current details". */
  markdown(): string {
    const current = this.order.indexOf(this.view_.step);
    return this.order
      .filter((s) => s !== 'done')
      .map((s, i) => {
        const mark = current > i || this.view_.step === 'done' || this.view_.step === 'follow-wait' ? 'x' : ' ';
        const extra = s === 'restore' && this.view_.partitionsTotal ? ` — ${this.view_.partitionsDone}/${this.view_.partitionsTotal} partitions, ${this.view_.recordsDone} records` : '';
        return `- [${mark}] ${STEP_LABELS[s]}${extra}`;
      })
      .concat(this.view_.step === 'follow-wait' ? [`- ${STEP_LABELS['follow-wait']} (poll ${this.view_.polls}${this.settling()})`] : [])
      .join('\n');
  }
}
