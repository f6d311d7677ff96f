/**
 * Issue 14 "Why": Retrieve URLs and BulkDataURIs were built from the Host header, so a client that
 * sends Host without the port (the Python dicomweb-client does) got URLs without it, and a client
 * behind a TLS-terminating proxy got `http://`. With `http.publicUrl` set they are built on it.
 */
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { first, items, storeWithClient } from './dicomweb-client';
import { DEFAULT_SETTINGS, randomSecrets, shared, startTestGateway, type TestGateway } from './harness';

const PUBLIC = 'https://delineo.hospital.example:8443';
const MR = shared('dcm_qa_nih/20180918GE/mr_0007');
const FILE = readFileSync(path.join(MR, readdirSync(MR).sort()[0]));

/** A GET whose Host header names no port, as a client behind a proxy or the Python client sends it. */
function getWithPortlessHost(url: string, token: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.get(
      {
        host: u.hostname,
        port: u.port,
        path: u.pathname + u.search,
        headers: { host: u.hostname, authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
  });
}

describe('http.publicUrl in DICOMweb URLs', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      env: randomSecrets(),
      settings: { ...DEFAULT_SETTINGS, http: { publicUrl: PUBLIC } },
    });
  });
  afterAll(() => gw?.close());

  it('builds STOW-RS, QIDO-RS and metadata URLs on it, whatever Host the request carried', async () => {
    const stored = await storeWithClient(gw.http, [FILE]);
    expect(stored.status).toBe(202);
    expect(String(first(items(stored.body, '00081199')[0], '00081190'))).toMatch(
      new RegExp(`^${PUBLIC}/dicomweb/studies/`),
    );

    const studies = await getWithPortlessHost(`${gw.http}/dicomweb/studies`, gw.token);
    expect(studies.status).toBe(200);
    const [study] = JSON.parse(studies.body) as Record<string, { Value: string[] }>[];
    const retrieve = study['00081190'].Value[0];
    expect(retrieve).toBe(`${PUBLIC}/dicomweb/studies/${study['0020000D'].Value[0]}`);

    const meta = await getWithPortlessHost(`${gw.http}${new URL(retrieve).pathname}/metadata`, gw.token);
    expect(meta.status).toBe(200);
    expect(meta.body).toContain(`"BulkDataURI":"${PUBLIC}/dicomweb/studies/`);
  });
});
