/**
 * The console's series list (issue 15) through the real gateway: filters and cursor paging over
 * series received by STOW-RS, every input problem in one 400 problem+json, and statusRead access.
 */
import { UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import { first, stow, type Json } from './dicomweb-client';
import { startTestGateway, type TestGateway } from './harness';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';

interface Page {
  total?: number;
  next?: string;
  items: Array<{ id: string; seriesInstanceUid: string; studyInstanceUid: string; modality: string; state: string }>;
}

const ORIGINAL_STUDY = '2.25.424242000001';
const ORIGINAL_SERIES = ['2.25.424242000001.1', '2.25.424242000001.2'];

describe('GET /api/v1/series (console list)', () => {
  let gw: TestGateway;
  const cookies = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    gw = await startTestGateway();
    for (const seriesUid of ORIGINAL_SERIES) {
      const files = syntheticCtSeries({ count: 2, rows: 16, cols: 16, studyUid: ORIGINAL_STUDY, seriesUid });
      expect([200, 202]).toContain((await stow(`${gw.http}/dicomweb/studies`, files)).status);
    }
    for (const role of ['radiologist', 'auditor'] as const) {
      const u = await gw.gw.app
        .get(UserRepository)
        .createLocal({ username: `list-${role}`, passwordHash: 'unused', roles: [role], mustChangePassword: false });
      const s = await gw.gw.app
        .get(SessionService)
        .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
      cookies.set(role, { cookie: s.setCookie.split(';')[0] });
    }
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
  });

  const page = async (query: string): Promise<Page> => {
    const res = await gw.fetch(`/api/v1/series${query}`);
    expect(res.status).toBe(200);
    return (await res.json()) as Page;
  };

  it('lists the received series with their total, filters them, and never shows an original UID', async () => {
    const all = await page('');
    expect(all.total).toBe(2);
    expect(all.items.map((i) => i.modality)).toEqual(['CT', 'CT']);
    for (const uid of ORIGINAL_SERIES) expect(JSON.stringify(all)).not.toContain(uid);
    expect((await page('?modality=CT&from=2000-01-01')).total).toBe(2);
    expect((await page('?modality=MR')).items).toEqual([]);
    expect((await page('?to=2000-01-01')).total).toBe(0);
    const states = [...new Set(all.items.map((i) => i.state))].join(',');
    expect((await page(`?state=${states},failed`)).total).toBe(2);
    expect((await page('?rule=no-such-rule')).total).toBe(0);
  });

  it("carries the study's de-identified UID, as QIDO-RS serves it, for a viewer", async () => {
    const qido = async (path: string): Promise<Json[]> => {
      const res = await gw.fetch(path, { headers: { accept: 'application/dicom+json' } });
      expect(res.status).toBe(200);
      return (await res.json()) as Json[];
    };
    const studies = await qido('/dicomweb/studies');
    expect(studies).toHaveLength(1);
    const study = String(first(studies[0], '0020000D'));
    expect(study).not.toBe(ORIGINAL_STUDY);
    const served = (await qido(`/dicomweb/studies/${study}/series`)).map((s) => String(first(s, '0020000E')));
    const all = await page('');
    for (const item of all.items) {
      expect(item.studyInstanceUid).toBe(study);
      expect(served).toContain(item.seriesInstanceUid);
      expect(ORIGINAL_SERIES).not.toContain(item.seriesInstanceUid);
    }
    const detail = await gw.fetch(`/api/v1/series/${all.items[0].id}`);
    expect(detail.status).toBe(200);
    expect(await detail.json()).toMatchObject({
      studyInstanceUid: study,
      seriesInstanceUid: all.items[0].seriesInstanceUid,
    });
  });

  it('pages by cursor, newest first, each series once', async () => {
    const all = await page('');
    const first = await page('?limit=1');
    expect(first.next).toBe(first.items[0].id);
    const second = await page(`?limit=1&cursor=${first.next}`);
    expect(second.total).toBeUndefined(); // not counted again after the first page
    expect(second.next).toBeUndefined();
    expect([...first.items, ...second.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
  });

  it('answers 400 problem+json naming every problem at its path', async () => {
    const res = await gw.fetch('/api/v1/series?limit=201&state=done&from=2026-13-01&modality=ct&sort=asc');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as { code: string; errors: Array<{ path: string; message: string }> };
    expect(body.code).toBe('request/invalid');
    expect(body.errors.map((e) => e.path).sort()).toEqual(['from', 'limit', 'modality', 'sort', 'state']);
  });

  it('refuses an offset past its bound and a cursor with an offset', async () => {
    const res = await gw.fetch(`/api/v1/series?offset=10001&cursor=${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { errors: Array<{ path: string; message: string }> };
    expect(body.errors).toEqual([
      { path: 'offset', message: 'offset must be an integer from 0 to 10000' },
      { path: 'cursor', message: 'cursor and offset cannot be combined' },
    ]);
  });

  it('is open to statusRead only', async () => {
    expect((await fetch(`${gw.http}/api/v1/series`)).status).toBe(401);
    expect((await fetch(`${gw.http}/api/v1/series`, { headers: cookies.get('auditor') })).status).toBe(403);
    expect((await fetch(`${gw.http}/api/v1/series`, { headers: cookies.get('radiologist') })).status).toBe(200);
  });
});
