import type { ICustomPartitioner } from 'kafkajs';

/**
 * The partitioner for producers whose every record names its partition (a restore writes each record back
 * into the partition it came from). kafkajs's default one filters the topic's partition list for every record
 * before it looks at the record's own partition: about 200 bytes of garbage per record, a sixth of what a
 * restore allocated on the JavaScript heap (sampled).
 */
export const NamedPartitioner: ICustomPartitioner = () => ({ topic, message }) => {
  if (message.partition === undefined || message.partition === null) throw new Error(`a record for topic ${topic} names no partition`);
  return message.partition;
};
