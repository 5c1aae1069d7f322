import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStorage } from '../../../../activities/gcs/storage';
import { loadConfig } from '../../../../config';

const dir = mkdtempSync(join(tmpdir(), 'lifeboat-gcs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const gcsConfig = (gcs: Record<string, unknown>) => {
  const file = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ gcs }));
  return loadConfig({ file, env: {}, cwd: dir }).gcs;
};
// A throwaway key: the client only parses it here, nothing signs with it.
const KEY = JSON.stringify({ type: 'service_account', project_id: 'p', client_email: 'restore@p.iam.gserviceaccount.com', private_key: 'not-a-real-key' });

describe('createStorage', () => {
  test('a key means real GCS unless an endpoint is named; without one the local emulator is the default', () => {
    expect(gcsConfig({}).apiEndpoint).toBe('http://127.0.0.1:4443');
    expect(gcsConfig({ credentials: { env: 'GCS_KEY' } }).apiEndpoint).toBeNull();
    expect(gcsConfig({ credentials: { env: 'GCS_KEY' }, apiEndpoint: 'https://storage-psc.p.rep.googleapis.com' }).apiEndpoint).toBe('https://storage-psc.p.rep.googleapis.com');
  });

  test('credentials are sent to a private endpoint too; an emulator gets none unless asked', () => {
    const privateEndpoint = createStorage(gcsConfig({ credentials: { env: 'GCS_KEY' }, apiEndpoint: 'https://storage-psc.p.rep.googleapis.com' }), { GCS_KEY: KEY });
    expect(privateEndpoint).toMatchObject({ apiEndpoint: 'https://storage-psc.p.rep.googleapis.com', useAuthWithCustomEndpoint: true });
    expect(createStorage(gcsConfig({}))).toMatchObject({ useAuthWithCustomEndpoint: false });
    // Application Default Credentials (workload identity) through a private endpoint: no key, but authenticate.
    expect(createStorage(gcsConfig({ apiEndpoint: 'https://storage-psc.p.rep.googleapis.com', authenticate: true }))).toMatchObject({ useAuthWithCustomEndpoint: true });
  });

  test('a reference to a path instead of the key JSON is named, without quoting any of the secret', () => {
    const run = () => createStorage(gcsConfig({ credentials: { env: 'GOOGLE_APPLICATION_CREDENTIALS' } }), { GOOGLE_APPLICATION_CREDENTIALS: '/var/run/secrets/key.json' });
    expect(run).toThrow(/^gcs\.credentials: the reference does not hold a service-account key JSON object/);
    expect(run).toThrow(expect.objectContaining({ message: expect.not.stringContaining('/var/run') }));
  });
});
