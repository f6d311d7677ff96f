/**
 * DICOM TLS with the calling AE title bound to the client certificate (issue 12): storescu over
 * TLS with a certificate our CA signed for the AE's Common Name is accepted; the same AE title
 * with another certificate of the same CA is rejected (A-ASSOCIATE-RJ, calling AE not recognized).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';
import { describeWithTools, runTool, SCU, startTestGateway, type TestGateway } from './harness';
import { testCa } from './tls-certs';

/** Our CA, the gateway's server certificate, and two client certificates the same CA signed. */
function pki(dir: string) {
  const ca = testCa(dir);
  return {
    ca: ca.ca,
    server: ca.issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n'),
    pacs: ca.issue('pacs', 'pacs.hospital.test', 'extendedKeyUsage=clientAuth\n'),
    other: ca.issue('other', 'modality.hospital.test', 'extendedKeyUsage=clientAuth\n'),
  };
}

describeWithTools('DIMSE over TLS: calling AE title bound to the client certificate', ['storescu', 'openssl'], () => {
  let dir: string;
  let gw: TestGateway;
  let keys: ReturnType<typeof pki>;
  let files: string[];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-tls-'));
    keys = pki(dir);
    files = syntheticCtSeries({ count: 1, rows: 16, cols: 16 }).map((b, i) => {
      const p = path.join(dir, `ct-${i}.dcm`);
      writeFileSync(p, b);
      return p;
    });
    gw = await startTestGateway({
      settings: {
        series: { quietPeriodSeconds: 3600 },
        dimse: {
          allowedCallers: [{ aeTitle: SCU, certSubject: 'pacs.hospital.test' }],
          tls: { enabled: true, cert: keys.server.cert, key: keys.server.key, ca: keys.ca, requireClientCert: true },
        },
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const send = (client: { key: string; cert: string }) =>
    runTool('storescu', [
      '+tls',
      client.key,
      client.cert,
      '+cf',
      keys.ca,
      '-aec',
      'DELINEO',
      '-aet',
      SCU,
      '127.0.0.1',
      String(gw.dimsePort),
      ...files,
    ]);

  it('accepts the AE title with the certificate issued for it', async () => {
    expect((await send(keys.pacs)).code).toBe(0);
  });

  it('rejects the same AE title presenting another certificate of the same CA', async () => {
    expect((await send(keys.other)).code).not.toBe(0);
    expect(
      gw.logLines().some((l) => l.event === 'association-rejected' && l.reason === 'calling-ae-not-recognized'),
    ).toBe(true);
  });
});
