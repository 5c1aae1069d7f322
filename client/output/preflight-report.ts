import type { DependencyCheck, PreflightReport } from '../../domain/preflight';

export function renderPreflightReport(report: PreflightReport): string {
  const lines = report.checks.map(renderCheck);
  lines.push('', report.ok ? 'Preflight passed: every dependency answered.' : 'Preflight FAILED: see the lines marked ✗.');
  return lines.join('\n');
}

function renderCheck(check: DependencyCheck): string {
  const mark = check.ok ? '✓' : '✗';
  switch (check.kind) {
    case 'kafka':
      return check.ok
        ? `${mark} kafka ${check.name} (${check.bootstrapServers.join(',')}): cluster ${check.clusterId}, ${check.brokerCount} broker(s), controller ${check.controllerId}, authorizer ${check.authorizer}${check.aclBindings !== undefined ? ` (${check.aclBindings} ACL bindings)` : ''}`
        : `${mark} kafka ${check.name} (${check.bootstrapServers.join(',')}): ${check.error}`;
    case 'gcs':
      return check.ok
        ? `${mark} gcs bucket ${check.name} at ${check.endpoint}: location ${check.location ?? 'unknown'}, ${check.hasObjects ? 'has objects' : 'empty'}`
        : `${mark} gcs bucket ${check.name} at ${check.endpoint}: ${check.error}`;
    case 'schema-registry':
      return check.ok
        ? `${mark} schema registry ${check.url}: ${check.subjects} subject(s), compatibility ${check.compatibility}`
        : `${mark} schema registry ${check.url || '(none)'}: ${check.error}`;
  }
}
