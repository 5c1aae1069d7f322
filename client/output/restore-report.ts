import { formatLayoutWarning } from '../../domain/backup-layout/issues';
import type { RestoreReport } from '../../domain/restore-report';
import type { LiveProgress } from '../restore-runner';

const n = (value: number) => value.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function renderRestoreReport(report: RestoreReport): string {
  const lines: string[] = [];
  const title = report.dryRun ? 'Restore plan (dry run: nothing written)' : 'Restore report';
  lines.push(`${title} — restore id ${report.restoreId}`);
  lines.push(`  backup gs://${report.bucket}: ${n(report.plan.totals.objects)} objects, ${mb(report.plan.totals.bytes)}, ${report.plan.totals.partitions} partitions in ${report.plan.totals.topics} topics`);
  lines.push(`  destination cluster ${report.destinationCluster}; delivery ${report.delivery}; values ${report.valueSerializer}`);
  for (const topic of report.plan.topics) {
    lines.push(`  ${topic.sourceTopic} → ${topic.destinationTopic}: needs ${topic.partitionsNeeded} partition(s)`);
  }
  for (const ignored of report.plan.ignored) {
    lines.push(`  ignored ${ignored.count} object(s): ${ignored.reason}${ignored.examples.length ? ` (e.g. ${ignored.examples[0]})` : ''}`);
  }
  for (const warning of report.plan.warnings) lines.push(`  ! ${formatLayoutWarning(warning)}`);
  if (report.dryRun) {
    if (report.createdTopics.length) lines.push(`  would create topics: ${report.createdTopics.join(', ')}`);
    for (const u of report.unusedDestinationPartitions) lines.push(`  ${u.topic} has ${u.partitions} extra partition(s) that would stay unused`);
  } else {
    lines.push('');
    lines.push('  partition                          objects    records   dest offsets          gaps/overlaps  rec/s');
    for (const p of report.partitions) {
      const dest = p.destinationOffsets ? `${p.destinationOffsets.first}..${p.destinationOffsets.last}` : '-';
      lines.push(
        `  ${`${p.sourceTopic}-${p.partition} → ${p.destinationTopic}-${p.partition}`.padEnd(34)} ${String(p.objects).padStart(7)} ${String(p.recordsWritten).padStart(10)}   ${dest.padEnd(20)}  ${`${p.gaps}/${p.overlaps}`.padStart(13)}  ${String(p.recordsPerSecond).padStart(6)}${p.resumed ? '  (resumed)' : ''}`,
      );
    }
    lines.push('');
    const readBack = report.partitions.every((p) => p.recordsOnDestination !== undefined);
    const verdict = report.verified
      ? `verified: records read = records written${readBack ? ' = records read back from the destination' : ''}`
      : 'NOT VERIFIED';
    lines.push(`  total: ${n(report.totals.records)} records, ${mb(report.totals.bytes)} in ${(report.totals.durationMs / 1000).toFixed(1)} s — ${verdict}`);
    if (report.createdTopics.length) lines.push(`  created topics: ${report.createdTopics.join(', ')}`);
    for (const u of report.unusedDestinationPartitions) lines.push(`  ${u.topic} has ${u.partitions} extra partition(s) that stay unused`);
  }
  for (const note of report.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

/** One status line; redrawn in place on a terminal. */
export function renderProgressLine(p: LiveProgress, startedAt: number): string {
  const seconds = Math.max(1, (Date.now() - startedAt) / 1000);
  // By objects: stored sizes are compressed, published bytes are not, so bytes would run ahead.
  const fraction = p.objectsTotal ? Math.min(1, p.objectsNow / p.objectsTotal) : 0;
  const width = 24;
  const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
  return `[${bar}] ${p.step} · ${p.partitionsDone}/${p.partitionsTotal} partitions · ${n(p.objectsNow)}/${n(p.objectsTotal)} objects · ${n(p.recordsNow)} records · ${mb(p.bytesNow)} · ${n(Math.round(p.recordsNow / seconds))} rec/s`;
}
