import { replicasFor } from '../../../../activities/kafka/verify-destination';

test('created topics get three replicas, or one per broker on a smaller cluster', () => {
  expect([1, 2, 3, 5, 12].map(replicasFor)).toEqual([1, 2, 3, 3, 3]);
});
