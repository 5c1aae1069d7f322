import { isPartitionVerified, type PartitionReport } from '../../../domain/restore-report';

const report = (overrides: Partial<PartitionReport>): PartitionReport =>
  ({ recordsRead: 12, duplicatesSkipped: 2, recordsWritten: 10, ...overrides }) as PartitionReport;

describe('isPartitionVerified', () => {
  test.each([
    { name: 'counters agree, nothing read back (verify=counts)', overrides: {}, verified: true },
    { name: 'counters agree and the destination holds exactly what was written', overrides: { recordsOnDestination: 10 }, verified: true },
    { name: 'the destination holds more (a duplicate, another writer in the range)', overrides: { recordsOnDestination: 11 }, verified: false },
    { name: 'the destination holds fewer (a lost record)', overrides: { recordsOnDestination: 9 }, verified: false },
    { name: 'read minus duplicates differs from written', overrides: { recordsWritten: 11, recordsOnDestination: 11 }, verified: false },
  ])('$name', ({ overrides, verified }) => {
    expect(isPartitionVerified(report(overrides))).toBe(verified);
  });

  test.each([
    { name: 'at-least-once: records replayed after a retry are allowed', onDestination: 12, verified: true },
    { name: 'at-least-once: exactly what was written', onDestination: 10, verified: true },
    { name: 'at-least-once: a lost record is never allowed', onDestination: 9, verified: false },
  ])('$name', ({ onDestination, verified }) => {
    expect(isPartitionVerified(report({ recordsOnDestination: onDestination }), 'at-least-once')).toBe(verified);
  });
});
