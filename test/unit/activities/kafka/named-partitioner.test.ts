import { NamedPartitioner } from '../../../../activities/kafka/named-partitioner';

describe('NamedPartitioner', () => {
  const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId, leader: 1, partitionErrorCode: 0, replicas: [1], isr: [1] }));
  const partitioner = NamedPartitioner();

  it('puts each record in the partition it names, key or not', () => {
    expect(partitioner({ topic: 'orders', partitionMetadata, message: { partition: 2, key: 'k', value: 'v' } })).toBe(2);
    expect(partitioner({ topic: 'orders', partitionMetadata, message: { partition: 0, value: 'v' } })).toBe(0);
  });

  it('refuses a record that names no partition instead of choosing one', () => {
    expect(() => partitioner({ topic: 'orders', partitionMetadata, message: { value: 'v' } })).toThrow('a record for topic orders names no partition');
  });
});
