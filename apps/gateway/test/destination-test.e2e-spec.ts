/**
 * The console's destination Test (POST /api/v1/destinations/{name}/test) against real peers:
 * dcmtk storescp (C-ECHO accepted, a closed port), Orthanc (A-ASSOCIATE-RJ for a wrong called AE,
 * its DICOMweb plugin for the QIDO-RS probe and a 404 base), and HTTP peers for 401 and FHIR /metadata.
 */
import { AuditRepository, UserRepository } from '@delineo/db';
import { DICOMWEB_PLUGIN } from '../../../test-support/orthanc-config';
import { ORTHANC_BIN, startOrthanc, type RunningOrthanc } from '../../../test-support/orthanc';
import { SessionService } from '../src/auth/session.service';
import type { DestinationTestResult } from '../src/admin/destination-test.result';
import {
  describeWithPeers,
  freePort,
  startHttpPeer,
  startStorescp,
  type HttpPeer,
  type Storescp,
} from './delivery-senders-peers';
import { startTestGateway, type TestGateway } from './harness';

describeWithPeers('destination Test', ['storescp', ORTHANC_BIN, DICOMWEB_PLUGIN], () => {
  let gw: TestGateway;
  let scp: Storescp;
  let pacs: RunningOrthanc;
  let locked: HttpPeer;
  let fhir: HttpPeer;
  const sessions: Record<string, { cookie: string; csrf: string }> = {};

  beforeAll(async () => {
    [scp, pacs] = await Promise.all([startStorescp([], 'ARCHIVE'), startOrthanc({ dicomWeb: true })]);
    locked = await startHttpPeer((r, res) => {
      res.writeHead(r.headers.authorization ? 403 : 401, { 'www-authenticate': 'Basic realm="pacs"' }).end();
    });
    fhir = await startHttpPeer((r, res) => {
      const body = r.url === '/fhir/metadata' ? { resourceType: 'CapabilityStatement', status: 'active' } : {};
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(JSON.stringify(body));
    });
    const closed = await freePort();
    const dimse = (name: string, aeTitle: string, port: number) =>
      ({ name, type: 'dimse', aeTitle, host: '127.0.0.1', port, allowPlaintext: true }) as const;
    gw = await startTestGateway({
      settings: {
        dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
        destinations: [
          dimse('archive', 'ARCHIVE', scp.port),
          // storescp answers any called AE title; Orthanc checks it (DicomCheckCalledAet).
          dimse('wrong-ae', 'NOT-ORTHANC', pacs.dicomPort),
          dimse('down', 'ARCHIVE', closed),
          { name: 'web', type: 'dicomweb', url: `${pacs.url}/dicom-web`, allowPlaintext: true },
          { name: 'web-404', type: 'dicomweb', url: `${pacs.url}/no-dicom-web`, allowPlaintext: true },
          { name: 'web-401', type: 'dicomweb', url: locked.base, allowPlaintext: true },
          { name: 'web-creds', type: 'dicomweb', url: locked.base.replace('//', '//it:s3cret@'), allowPlaintext: true },
          { name: 'ehr', type: 'fhir', url: `${fhir.base}/fhir`, allowPlaintext: true },
          { name: 'not-fhir', type: 'fhir', url: `${fhir.base}/other`, allowPlaintext: true },
        ],
      },
    });
    for (const role of ['operator', 'radiologist'] as const) {
      const u = await gw.gw.app.get(UserRepository).createLocal({
        username: `dest-${role}`,
        passwordHash: 'unused',
        roles: [role],
        mustChangePassword: false,
      });
      const s = await gw.gw.app
        .get(SessionService)
        .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
      sessions[role] = { cookie: s.setCookie.split(';')[0], csrf: s.csrfToken };
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.allSettled([gw?.close(), scp?.stop(), pacs?.dispose(), locked?.close(), fhir?.close()]);
  });

  const test = async (name: string, role = 'operator') => {
    const s = sessions[role];
    const res = await fetch(`${gw.http}/api/v1/destinations/${name}/test`, {
      method: 'POST',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    });
    return {
      status: res.status,
      type: res.headers.get('content-type'),
      body: (await res.json()) as DestinationTestResult,
    };
  };

  it('C-ECHOes a DIMSE peer that accepts us', async () => {
    const r = await test('archive');
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/^application\/json/);
    expect(r.body).toMatchObject({ destination: 'archive', type: 'dimse', ok: true, dimseStatus: 0 });
    expect(r.body.step).toBeUndefined();
    expect(r.body.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('reports the A-ASSOCIATE-RJ of a peer that does not know the called AE title (PS3.8 §9.3.4)', async () => {
    const r = await test('wrong-ae');
    expect(r.body).toMatchObject({
      ok: false,
      step: 'associate',
      code: 'delivery/rejected-association',
      reject: { result: 1, source: 1, reason: 7 },
    });
    expect(r.body.detail).toMatch(/called-AE-title-not-recognized/);
  });

  it('reports a refused connection as a connect failure', async () => {
    const r = await test('down');
    expect(r.body).toMatchObject({ ok: false, step: 'connect', code: 'delivery/network' });
    expect(r.body.detail).toMatch(/ECONNREFUSED/);
  });

  it('probes Orthanc DICOMweb with QIDO-RS studies?limit=1', async () => {
    const r = await test('web');
    expect(r.body).toMatchObject({ type: 'dicomweb', ok: true, httpStatus: 200 });
    expect(r.body.target).toBe(`${pacs.url}/dicom-web/studies?limit=1`);
  });

  it('reports 404 and 401 answers with their status and code', async () => {
    expect((await test('web-404')).body).toMatchObject({
      ok: false,
      step: 'http',
      httpStatus: 404,
      code: 'delivery/http-4xx',
    });
    expect((await test('web-401')).body).toMatchObject({ ok: false, step: 'http', httpStatus: 401 });
  });

  it('sends URL credentials as Basic auth but never shows them', async () => {
    const r = await test('web-creds');
    expect(r.body).toMatchObject({ ok: false, httpStatus: 403 });
    expect(locked.requests.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from('it:s3cret').toString('base64')}`);
    expect(JSON.stringify(r.body)).not.toMatch(/s3cret|it:/);
  });

  it('reads a FHIR CapabilityStatement, and fails a /metadata that is not one', async () => {
    expect((await test('ehr')).body).toMatchObject({ type: 'fhir', ok: true, httpStatus: 200 });
    expect(fhir.requests.at(-1)).toMatchObject({ method: 'GET', url: '/fhir/metadata' });
    expect((await test('not-fhir')).body).toMatchObject({
      ok: false,
      step: 'http',
      code: 'delivery/fhir-bad-response',
    });
  });

  it('audits each test with the destination name and outcome', async () => {
    const rows = await gw.gw.app.get(AuditRepository).search({ action: 'destination.test', limit: 100 });
    const seen = rows.map((r) => `${r.target}:${r.outcome}`);
    expect(seen).toEqual(
      expect.arrayContaining(['archive:success', 'wrong-ae:failure', 'down:failure', 'ehr:success']),
    );
  });

  it('refuses a radiologist (403) and answers 404 problem+json for an unknown destination', async () => {
    const denied = await test('archive', 'radiologist');
    expect(denied.status).toBe(403);
    const unknown = await test('nope');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'dicomweb/not-found' });
  });
});
