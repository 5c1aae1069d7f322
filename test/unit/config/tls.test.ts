import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KafkaClusters } from '../../../activities/kafka/clients';
import { loadConfig, secretReferences, temporalTlsOptions } from '../../../config';

const dir = mkdtempSync(join(tmpdir(), 'lifeboat-tls-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);
/** As a file reference resolves: the text without its final newline. */
const pem = (name: string) => readFileSync(path(name), 'utf8').replace(/\n$/, '');
const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });

/** A private CA, a server certificate for kafka.internal and a client certificate for CN=lifeboat, both signed by it. */
function makeCertificates(): void {
  openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=Lifeboat Test CA');
  for (const [name, subject, ext] of [
    ['server', '/CN=kafka.internal', 'subjectAltName=DNS:kafka.internal,DNS:localhost'],
    ['client', '/CN=lifeboat', 'extendedKeyUsage=clientAuth'],
  ]) {
    openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject);
    writeFileSync(path(`${name}.ext`), `${ext}\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', `${name}.ext`);
  }
}

describe('TLS settings', () => {
  beforeAll(makeCertificates);

  test('a Kafka cluster with a private CA and a client certificate: the broker side sees the client certificate', async () => {
    const peers: string[] = [];
    const sni: Array<string | false> = [];
    const server = createServer(
      { key: readFileSync(path('server.key')), cert: readFileSync(path('server.pem')), ca: readFileSync(path('ca.pem')), requestCert: true, rejectUnauthorized: true },
      (socket: TLSSocket) => {
        peers.push(String(socket.getPeerCertificate().subject.CN));
        sni.push((socket as TLSSocket & { servername: string | false }).servername);
        socket.destroy(); // not a broker: the handshake is what is under test
      },
    );
    await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const file = path('lifeboat.config.json');
      const ssl = { ca: { file: path('ca.pem') }, cert: { file: path('client.pem') }, key: { env: 'CLIENT_KEY' } };
      writeFileSync(
        file,
        JSON.stringify({
          clusters: {
            mtls: { bootstrapServers: [`localhost:${port}`], ssl: { ...ssl, serverName: 'kafka.internal' } },
            'by-host': { bootstrapServers: [`localhost:${port}`], ssl },
            plain: { bootstrapServers: [`localhost:${port}`], ssl: true },
          },
        }),
      );
      const config = loadConfig({ file, env: {}, cwd: dir });
      expect(secretReferences(config).map((r) => r.setting)).toEqual(expect.arrayContaining(['clusters.mtls.ssl.ca', 'clusters.mtls.ssl.cert', 'clusters.mtls.ssl.key']));

      const clusters = new KafkaClusters(config.clusters, { env: { CLIENT_KEY: readFileSync(path('client.key'), 'utf8') } });
      const attempt = async (name: string) => {
        const admin = clusters.client(name).admin();
        await admin.connect().catch(() => undefined);
        await admin.disconnect().catch(() => undefined);
      };
      await attempt('mtls');
      expect(peers[0]).toBe('lifeboat');
      expect(sni[0]).toBe('kafka.internal');
      // Without serverName the broker's host name is still sent (SNI), as kafkajs does for ssl: true.
      await attempt('by-host');
      expect(sni[sni.length - 1]).toBe('localhost');
      // ssl: true trusts only the system's CAs: the private CA's server is refused before any handshake completes.
      peers.length = 0;
      await attempt('plain');
      expect(peers).toEqual([]);
    } finally {
      server.close();
    }
  });

  test('Temporal: a private CA, a client certificate pair and an SNI override, as Buffers', () => {
    const options = temporalTlsOptions(
      { ca: { file: path('ca.pem') }, cert: { file: path('client.pem') }, key: { env: 'K' }, serverName: 'temporal.internal' },
      { K: 'client-key-pem' },
    );
    expect(options).toEqual({
      serverNameOverride: 'temporal.internal',
      serverRootCACertificate: Buffer.from(pem('ca.pem')),
      clientCertPair: { crt: Buffer.from(pem('client.pem')), key: Buffer.from('client-key-pem') },
    });
    expect(temporalTlsOptions(true)).toBe(true);
    expect(temporalTlsOptions(false)).toBeUndefined();
  });

  test('a client certificate without its key is refused, naming the setting', () => {
    const file = path('half.json');
    writeFileSync(file, JSON.stringify({ temporal: { tls: { cert: { file: '/c.pem' } } } }));
    expect(() => loadConfig({ file, env: {}, cwd: dir })).toThrow(/^temporal\.tls: cert and key go together/);
  });

  test('a key given inline is refused, saying what a reference is, without quoting it', () => {
    const file = path('inline.json');
    writeFileSync(file, JSON.stringify({ clusters: { dr: { bootstrapServers: ['x:9093'], ssl: { key: '-----BEGIN PRIVATE KEY-----abc' } } } }));
    const run = () => loadConfig({ file, env: {}, cwd: dir });
    expect(run).toThrow(/^clusters\.dr\.ssl: must be true, false, or \{"ca", "cert", "key": PEM by reference/);
    expect(run).toThrow(expect.objectContaining({ message: expect.not.stringContaining('PRIVATE KEY') }));
  });
});
