import { classifyBackupObjects } from '../../../domain/backup-layout/classify';
import { NothingToRestoreError } from '../../../domain/errors';
import { planFromLayout, requireSomethingToRestore } from '../../../domain/restore-plan';
import { backupSettingsFromProperties } from '../../../domain/restore-settings';

const settings = backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro' });
const object = (topic: string, partition: number, start: number, size = 10) => ({
  name: `topics/${topic}/partition=${partition}/${topic}+${partition}+${String(start).padStart(10, '0')}.avro`,
  size,
});

describe('planFromLayout', () => {
  const layout = classifyBackupObjects(settings, [object('orders', 0, 0), object('orders', 0, 5), object('orders', 3, 0), object('audit', 1, 9999999999), object('audit', 1, 10000000000)]);

  test('one line per partition, renames applied, partitions needed from the highest partition number', () => {
    const plan = planFromLayout('b', layout, { rename: { regex: 'orders', replacement: 'orders-restored' } });
    expect(plan.topics).toEqual([
      { sourceTopic: 'audit', destinationTopic: 'audit', partitionsNeeded: 2, partitions: [1] },
      { sourceTopic: 'orders', destinationTopic: 'orders-restored', partitionsNeeded: 4, partitions: [0, 3] },
    ]);
    expect(plan.partitions.map((p) => [p.topic, p.partition, p.destinationTopic, p.objectCount, p.firstStartOffset, p.lastStartOffset])).toEqual([
      ['audit', 1, 'audit', 2, '9999999999', '10000000000'],
      ['orders', 0, 'orders-restored', 2, '0', '5'],
      ['orders', 3, 'orders-restored', 1, '0', '0'],
    ]);
    expect(plan.totals).toEqual({ objects: 5, bytes: 50, partitions: 3, topics: 2 });
  });

  test('follow mode keeps only what starts after the last restored object, but still sizes topics for everything', () => {
    const plan = planFromLayout('b', layout, { after: { 'orders/0': '0', 'orders/3': '0', 'audit/1': '10000000000' } });
    expect(plan.partitions.map((p) => [p.topic, p.partition, p.objectCount, p.afterStartOffset])).toEqual([['orders', 0, 1, '0']]);
    expect(plan.topics.find((t) => t.sourceTopic === 'orders')?.partitionsNeeded).toBe(4);
  });
});

describe('planFromLayout: settling (follow mode, several files open at once)', () => {
  const fieldSettings = backupSettingsFromProperties({ 'gcs.bucket.name': 'b', 'format.class': 'avro', 'partitioner.class': 'FieldPartitioner', 'partition.field.name': 'c' });
  const at = (color: string, start: number, created: number) => ({ name: `topics/t/c=${color}/t+0+${String(start).padStart(10, '0')}.avro`, size: 1, created });

  test('each partition stops before its first object written after the cut-off, and counts what waits', () => {
    const layout = classifyBackupObjects(fieldSettings, [at('red', 0, 100), at('blue', 1, 100), at('red', 7, 200), at('blue', 9, 150)]);
    const plan = planFromLayout('b', layout, { settledBefore: 160 });
    expect(plan.partitions[0]).toMatchObject({ objectCount: 2, lastStartOffset: '1' }); // 9 is settled but sorts after 7, which is not
    expect(plan.unsettledObjects).toBe(2);
    expect(planFromLayout('b', layout, { settledBefore: 300 }).unsettledObjects).toBeUndefined();
    // Objects that only wait to settle are something to restore (a first follow poll right after a commit).
    expect(() => requireSomethingToRestore(planFromLayout('b', layout, { settledBefore: 50 }), fieldSettings)).not.toThrow();
  });

  test('never splits one start offset between this poll and the next (the activity re-lists up to it)', () => {
    const layout = classifyBackupObjects(fieldSettings, [at('blue', 0, 100), at('red', 3, 100), at('green', 3, 200)]);
    expect(planFromLayout('b', layout, { settledBefore: 150 }).partitions[0]).toMatchObject({ objectCount: 1, lastStartOffset: '0' });
  });
});

describe('requireSomethingToRestore', () => {
  const plan = (topics: string[] | undefined, objects: Array<{ name: string; size: number }>) =>
    planFromLayout('b', classifyBackupObjects(settings, objects, { topics }));

  test('a plan with partitions to restore passes', () => {
    expect(() => requireSomethingToRestore(plan(['orders'], [object('orders', 0, 0)]), settings, ['orders'])).not.toThrow();
  });

  test('a mistyped --topics entry is refused, naming it and what the scan ignored', () => {
    const typo = plan(['ordres'], [object('orders', 0, 0), object('orders', 1, 0)]);
    const run = () => requireSomethingToRestore(typo, settings, ['ordres']);
    expect(run).toThrow(NothingToRestoreError);
    expect(run).toThrow(/^gs:\/\/b\/topics: no avro objects of selected topic\(s\) ordres; the scan ignored 2 topic-not-selected \(e\.g\. topics\/orders\/partition=0\/orders\+0\+0000000000\.avro\); .*--allow-empty/);
    // One selected topic present, one missing: still refused (half a restore would look complete).
    expect(() => requireSomethingToRestore(plan(['orders', 'ordres'], [object('orders', 0, 0)]), settings, ['orders', 'ordres'])).toThrow('selected topic(s) ordres');
  });

  test('a backup with nothing of the format (wrong format.class or topics.dir) is refused', () => {
    const json = [{ name: 'topics/orders/partition=0/orders+0+0000000000.json', size: 5 }];
    expect(() => requireSomethingToRestore(plan(undefined, json), settings)).toThrow('no avro objects to restore; the scan ignored 1 wrong-extension');
    expect(() => requireSomethingToRestore(plan(undefined, []), settings)).toThrow('no avro objects to restore; nothing else is there either');
  });
});
