/**
 * `npm ci` applies patches/kafkajs+2.2.4.patch (postinstall: patch-package). Unpatched, kafkajs groups a
 * send's messages by partition in O(n²) time and garbage, which cost a restore about a third of its speed.
 */
// kafkajs internals have no types.
const groupMessagesPerPartition = require('kafkajs/src/producer/groupMessagesPerPartition');

type Message = { partition: number; value: string };
const partitionMetadata = [0, 1, 2].map((partitionId) => ({ partitionId }));
const byGivenPartition = ({ message }: { message: Message }) => message.partition;

describe('kafkajs as installed', () => {
  it('carries the linear-time grouping patch', () => {
    expect(groupMessagesPerPartition.linearTime).toBe(true);
  });

  it('groups messages by partition, each partition in its original order', () => {
    const messages: Message[] = Array.from({ length: 9 }, (_, i) => ({ partition: (i * 2) % 3, value: `m${i}` }));
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata, messages, partitioner: byGivenPartition });
    expect(Object.keys(grouped).sort()).toEqual(['0', '1', '2']);
    expect(grouped[0].map((m: Message) => m.value)).toEqual(['m0', 'm3', 'm6']);
    expect(grouped[2].map((m: Message) => m.value)).toEqual(['m1', 'm4', 'm7']);
    expect(grouped[1].map((m: Message) => m.value)).toEqual(['m2', 'm5', 'm8']);
  });

  it('groups nothing when the topic has no partition metadata yet', () => {
    const grouped = groupMessagesPerPartition({ topic: 't', partitionMetadata: [], messages: [{ partition: 0, value: 'x' }], partitioner: byGivenPartition });
    expect(grouped).toEqual({});
  });
});
