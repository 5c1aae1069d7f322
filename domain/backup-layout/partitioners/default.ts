/** DefaultPartitioner (§4): encoded partition `partition=<kafkaPartition>`. */

export function encodeDefaultPartition(kafkaPartition: number): string {
  return `partition=${kafkaPartition}`;
}

const DEFAULT_DIR = /^partition=(0|[1-9]\d{0,9})$/;

/**
 * The Kafka partition named by a `partition=<n>` directory, or undefined when the directory is not
 * that shape. Stricter than the 2019 source connector, which takes any first-level subfolder as a
 * Default folder (§6.3): the sink never writes anything else for this partitioner, and a backup
 * holding other folders is the "partitioner structure does not match" case the docs say is ignored
 * (§6.2) — which classify.ts reports instead of skipping silently.
 */
export function parseDefaultDirectory(directoryPath: string): number | undefined {
  const m = DEFAULT_DIR.exec(directoryPath);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 2147483647 ? n : undefined;
}
