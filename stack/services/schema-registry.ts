import * as path from 'node:path';
import { LOCAL_STACK, port } from '../config';
import { REPO_ROOT } from '../paths';
import { httpRequest, startDetached } from '../process';
import type { Service } from './types';

const srPort = port(LOCAL_STACK.schemaRegistryUrl);
const SERVER = path.join(REPO_ROOT, 'stack', 'schema-registry', 'server.ts');

/**
 * Our Confluent-compatible registry (stack/schema-registry/, see its README for why not a real one),
 * run as its own Node process; its state lives in the `_schemas` topic of the source cluster.
 */
export function schemaRegistryService(): Service {
  return {
    name: 'schema-registry',
    endpoint: LOCAL_STACK.schemaRegistryUrl,
    ports: [srPort],
    marker: SERVER,
    startTimeoutMs: 60_000,
    dependsOn: ['kafka-source'],
    prerequisites: () => [],
    install: async () => undefined, // its dependencies (kafkajs, avsc, tsx) are the project's own
    async start() {
      return startDetached({
        name: 'schema-registry',
        command: process.execPath,
        args: ['--max-old-space-size=128', '--import', 'tsx', SERVER],
        cwd: REPO_ROOT,
        env: {
          ...process.env,
          SR_HOST: '127.0.0.1',
          SR_PORT: String(srPort),
          SR_KAFKA_BOOTSTRAP: LOCAL_STACK.sourceBootstrap,
          SR_TOPIC: LOCAL_STACK.schemaRegistryTopic,
        },
      });
    },
    async health() {
      const res = await httpRequest(`${LOCAL_STACK.schemaRegistryUrl}/subjects`);
      return res.status === 200 ? undefined : `GET /subjects answered ${res.status || res.body}`;
    },
  };
}
