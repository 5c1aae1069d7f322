/**
 * Reads a restore workflow's history: how many events of which type, and how long each phase took by the
 * server's event times — preflight (child workflow), plan, verify-destination, the partition activities,
 * the read-back verification — so the cost around the streaming is visible next to the throughput.
 */

/** The shape of a history event this needs (protobuf JSON from `handle.fetchHistory()`). */
type HistoryEvent = Record<string, unknown> & { eventId?: unknown; eventTime?: { seconds?: unknown; nanos?: number | null } | null };

export interface HistorySummary {
  events: number;
  eventTypes: Record<string, number>;
  /** Milliseconds per phase; absent phases are left out. */
  phases: Partial<Record<Phase, number>>;
  /** When each phase ran (server event times, ms since the epoch). */
  windows: Partial<Record<Phase, { from: number; to: number }>>;
  /** Partition activity attempts per worker identity (who started them): how a restore spread over workers. */
  partitionsByWorker: Record<string, number>;
}

type Phase = 'total' | 'preflight' | 'plan' | 'verify' | 'partitions' | 'readBack';
const PHASES: Phase[] = ['total', 'preflight', 'plan', 'verify', 'partitions', 'readBack'];

export function summarizeHistory(events: readonly object[]): HistorySummary {
  const eventTypes: Record<string, number> = {};
  const scheduled = new Map<string, string>(); // scheduled event id → activity type
  const spans: Record<string, { from?: number; to?: number }> = {};
  const partitionsByWorker: Record<string, number> = {};
  const span = (name: string, at: number, edge: 'from' | 'to') => {
    const s = (spans[name] ??= {});
    if (edge === 'from') s.from = Math.min(s.from ?? at, at);
    else s.to = Math.max(s.to ?? at, at);
  };
  for (const raw of events) {
    const event = raw as HistoryEvent;
    const type = eventTypeOf(event);
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
    const at = millis(event.eventTime);
    if (at === undefined) continue;
    const attributes = event[`${type[0].toLowerCase()}${type.slice(1)}EventAttributes`] as Record<string, any> | undefined;
    switch (type) {
      case 'WorkflowExecutionStarted':
        span('total', at, 'from');
        break;
      case 'WorkflowExecutionCompleted':
      case 'WorkflowExecutionFailed':
        span('total', at, 'to');
        break;
      case 'StartChildWorkflowExecutionInitiated':
        span('preflight', at, 'from');
        break;
      case 'ChildWorkflowExecutionCompleted':
      case 'ChildWorkflowExecutionFailed':
        span('preflight', at, 'to');
        break;
      case 'ActivityTaskScheduled': {
        const activity = String(attributes?.activityType?.name ?? '');
        scheduled.set(String(event.eventId), activity);
        span(phaseOf(activity), at, 'from');
        break;
      }
      case 'ActivityTaskStarted':
        if (scheduled.get(String(attributes?.scheduledEventId)) === 'restorePartition') {
          const worker = String(attributes?.identity ?? 'unknown');
          partitionsByWorker[worker] = (partitionsByWorker[worker] ?? 0) + 1;
        }
        break;
      case 'ActivityTaskCompleted':
      case 'ActivityTaskFailed':
        span(phaseOf(scheduled.get(String(attributes?.scheduledEventId)) ?? ''), at, 'to');
        break;
    }
  }
  const phases: HistorySummary['phases'] = {};
  const windows: HistorySummary['windows'] = {};
  for (const name of PHASES) {
    const s = spans[name];
    if (s?.from === undefined || s.to === undefined) continue;
    phases[name] = s.to - s.from;
    windows[name] = { from: s.from, to: s.to };
  }
  return { events: events.length, eventTypes, phases, windows, partitionsByWorker };
}

/** The highest sample inside each phase, e.g. "partitions 498 MB, read-back verification 470 MB". */
export function maxPerPhase(summary: HistorySummary, series: ReadonlyArray<[number, number]>): string {
  const parts: string[] = [];
  for (const phase of ['partitions', 'readBack'] as const) {
    const w = summary.windows[phase];
    if (!w) continue;
    const inside = series.filter(([at]) => at >= w.from && at <= w.to).map(([, mb]) => mb);
    if (inside.length) parts.push(`${phase === 'readBack' ? 'read-back verification' : phase} ${Math.max(...inside).toFixed(0)} MB`);
  }
  return parts.join(', ');
}

/** The phase a moment fell in (the benchmark and the server share this machine's clock). */
export function phaseAt(summary: HistorySummary, at: number | undefined): string {
  if (at === undefined) return 'unknown';
  const names: Record<Phase, string> = { total: 'workflow', preflight: 'preflight', plan: 'plan', verify: 'verify destination', partitions: 'partitions', readBack: 'read-back verification' };
  const inside = PHASES.filter((p) => p !== 'total').find((p) => {
    const w = summary.windows[p];
    return w && at >= w.from && at <= w.to;
  });
  return inside ? names[inside] : 'between phases';
}

export function formatHistory(summary: HistorySummary): string {
  const p = summary.phases;
  const s = (ms?: number) => (ms === undefined ? '?' : `${(ms / 1000).toFixed(2)} s`);
  const around = p.total !== undefined && p.partitions !== undefined ? p.total - p.partitions : undefined;
  return (
    `phases: preflight ${s(p.preflight)}, plan ${s(p.plan)}, verify destination ${s(p.verify)}, partitions ${s(p.partitions)}, ` +
    `read-back verification ${p.readBack === undefined ? 'none' : s(p.readBack)} — ${s(p.total)} in the workflow, ${s(around)} of it outside the partition activities`
  );
}

function phaseOf(activity: string): string {
  if (activity === 'restorePartition') return 'partitions';
  if (activity === 'planRestore') return 'plan';
  if (activity === 'verifyRestoreDestination' || activity === 'inspectRestoreDestination') return 'verify';
  if (activity === 'countRestoredRecords') return 'readBack';
  return `other:${activity}`;
}

/** The event's type from which `…EventAttributes` field it carries (no proto enum import needed). */
function eventTypeOf(event: Record<string, unknown>): string {
  const key = Object.keys(event).find((k) => k.endsWith('EventAttributes') && event[k] != null);
  return key ? key[0].toUpperCase() + key.slice(1, -'EventAttributes'.length) : 'Unknown';
}

function millis(ts: HistoryEvent['eventTime']): number | undefined {
  if (!ts || ts.seconds === undefined || ts.seconds === null) return undefined;
  const seconds = typeof ts.seconds === 'object' && 'toNumber' in (ts.seconds as object) ? (ts.seconds as { toNumber(): number }).toNumber() : Number(ts.seconds);
  return seconds * 1000 + (ts.nanos ?? 0) / 1e6;
}
