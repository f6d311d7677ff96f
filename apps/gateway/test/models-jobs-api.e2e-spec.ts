import { UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import { startTestGateway, type TestGateway } from './harness';

interface Problem {
  code: string;
  errors?: Array<{ path: string; message: string }>;
}

/** GET /api/v1/models and POST /api/v1/jobs/failed/replay on the running gateway. */
describe('models and bulk dead-letter replay API', () => {
  let gw: TestGateway;
  const cookies = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    gw = await startTestGateway();
    for (const role of ['admin', 'operator', 'radiologist', 'auditor'] as const) {
      const u = await gw.gw.app
        .get(UserRepository)
        .createLocal({ username: `mj-${role}`, passwordHash: 'unused', roles: [role], mustChangePassword: false });
      const s = await gw.gw.app
        .get(SessionService)
        .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
      cookies.set(role, { cookie: s.setCookie.split(';')[0], 'x-csrf-token': s.csrfToken });
    }
  }, 120_000);
  afterAll(() => gw?.close());

  const replay = (who: string, body: unknown) =>
    fetch(`${gw.http}/api/v1/jobs/failed/replay`, {
      method: 'POST',
      headers: { ...cookies.get(who), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('lists the registry with input criteria, labels, enabled and last runs, for admins, operators and radiologists', async () => {
    for (const who of ['admin', 'operator', 'radiologist']) {
      const res = await fetch(`${gw.http}/api/v1/models`, { headers: cookies.get(who) });
      expect(res.status).toBe(200);
      const models = (await res.json()) as Array<Record<string, unknown>>;
      expect(models.length).toBeGreaterThan(0);
      const m = models[0] as { input: { modality: string[] }; labels: Array<{ value: number; colour: number[] }> };
      expect(models[0]).toMatchObject({ enabled: true, lastRuns: [] });
      expect(m.input.modality.length).toBeGreaterThan(0);
      expect(m.labels[0].value).toBeGreaterThan(0);
      expect(m.labels[0].colour).toHaveLength(3);
    }
    expect((await fetch(`${gw.http}/api/v1/models`, { headers: cookies.get('auditor') })).status).toBe(403);
  });

  it('answers an outcome per id of a bulk replay', async () => {
    const res = await replay('operator', { ids: ['segment-series:nope:0', 'deliver-result:nope@pacs:0'] });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      { id: 'segment-series:nope:0', outcome: 'not-found' },
      { id: 'deliver-result:nope@pacs:0', outcome: 'not-found' },
    ]);
  });

  it('bounds the ids: 1 to 500, unique, job ids only, and no other property; every problem with its path', async () => {
    const problems = async (body: unknown) => {
      const res = await replay('operator', body);
      expect(res.status).toBe(400);
      const p = (await res.json()) as Problem;
      expect(p.code).toBe('request/invalid');
      return [...new Set(p.errors!.map((e) => e.path))].sort();
    };
    expect(await problems({ ids: [] })).toEqual(['ids']);
    expect(await problems({ ids: Array.from({ length: 501 }, (_, i) => `segment-series:s${i}:0`) })).toEqual(['ids']);
    expect(await problems({ ids: ['a', 'a'], force: true })).toEqual(['force', 'ids']);
    expect(await problems({ ids: ['bad id with spaces', 7] })).toEqual(['ids']);
    expect(await problems({})).toEqual(['ids']);
  });

  it('lets only operators replay', async () => {
    for (const who of ['admin', 'radiologist', 'auditor']) {
      const res = await replay(who, { ids: ['segment-series:nope:0'] });
      expect([who, res.status, ((await res.json()) as Problem).code]).toEqual([who, 403, 'access/forbidden']);
    }
  });

  it('checks the failed list query', async () => {
    const res = await fetch(`${gw.http}/api/v1/jobs/failed?name=nope`, { headers: cookies.get('operator') });
    expect(res.status).toBe(400);
    expect(((await res.json()) as Problem).errors?.map((e) => e.path)).toEqual(['name']);
    expect((await fetch(`${gw.http}/api/v1/jobs/failed`, { headers: cookies.get('operator') })).status).toBe(200);
  });
});
