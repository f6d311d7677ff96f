/**
 * Versioned live settings (issue 15) over the admin API, on PostgreSQL: the file seeds version 1;
 * every change is validated by libs/config, optimistic, audited and applied without a restart
 * (DIMSE allow-list, routing dry run); history has diffs and restore; export is YAML.
 */
import { AuditRepository } from '@delineo/db';
import { createTestDatabase, type TestDatabase } from './backends';
import {
  DEFAULT_SETTINGS,
  describeWithTools,
  echoscu,
  randomSecrets,
  startTestGateway,
  type TestGateway,
} from './harness';
import { apiAs, sessionsFor } from './settings-helpers';

const PACS = {
  name: 'pacs',
  type: 'dimse',
  aeTitle: 'PACS',
  host: '127.0.0.1',
  port: 11999,
  tls: false,
  allowPlaintext: true,
};
const RULE = { name: 'ct-body', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] };

describeWithTools('settings API: versions, validation, live reload', ['echoscu'], () => {
  let gw: TestGateway;
  let db: TestDatabase;
  let api: ReturnType<typeof apiAs>;

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startTestGateway({
      settings: { ...DEFAULT_SETTINGS, destinations: [PACS] },
      env: { ...randomSecrets(), DATABASE_URL: db.url },
    });
    api = apiAs(gw, await sessionsFor(gw, 'settings', ['admin', 'operator', 'radiologist', 'auditor']));
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  const current = async () => (await api('admin', 'GET', '/api/v1/settings')).body;

  it('seeds version 1 from the file; admins and operators read it, radiologists may not', async () => {
    const v = await api('operator', 'GET', '/api/v1/settings');
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ version: 1, origin: 'seed', author: 'system', source: 'database', readOnly: false });
    expect(v.body.settings.destinations).toEqual([PACS]);
    expect(v.body.settings.dimse.allowedCallers).toEqual([{ aeTitle: 'E2E-SCU', query: false }]);
    expect((await api('radiologist', 'GET', '/api/v1/settings')).status).toBe(403);
    expect(
      (await api('operator', 'PUT', '/api/v1/settings', { baseVersion: 1, settings: v.body.settings })).status,
    ).toBe(403);
  });

  it('answers every problem with its path, and changes nothing', async () => {
    const { settings } = await current();
    const bad = {
      ...settings,
      destinations: [{ ...PACS, port: 70000 }],
      routing: [{ ...RULE, deliverTo: ['nowhere'] }],
      http: { host: '::' },
    };
    const r = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: 1, settings: bad });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('settings/invalid');
    expect(r.body.errors.map((e: { path: string }) => e.path)).toEqual(['http']);
    const r2 = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: 1, settings: { ...bad, http: undefined } });
    expect(r2.body.errors.map((e: { path: string }) => e.path).sort()).toEqual([
      'destinations[0].port',
      'routing[0].deliverTo[0]',
    ]);
    const dto = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: -1, settings: 'x', extra: 1 });
    expect(dto.status).toBe(400);
    expect(dto.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['baseVersion', 'extra', 'settings']);
    expect((await current()).version).toBe(1);
  });

  it('saves a new version that applies at once: a caller added to the allow-list may associate', async () => {
    expect((await echoscu(gw, 'LIVE-SCU')).code).not.toBe(0);
    const { settings } = await current();
    const next = {
      ...settings,
      dimse: { allowedCallers: [...settings.dimse.allowedCallers, { aeTitle: 'LIVE-SCU' }] },
      routing: [RULE],
    };
    const r = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: 1, settings: next, comment: 'add CT rule' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ version: 2, origin: 'console', author: 'settings-admin', comment: 'add CT rule' });
    expect(r.body.changes).toBe(2);
    expect((await echoscu(gw, 'LIVE-SCU')).code).toBe(0);
  });

  it('refuses a save based on an older version (409) instead of overwriting', async () => {
    const { settings } = await current();
    const r = await api('admin', 'PUT', '/api/v1/settings', { baseVersion: 1, settings });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('settings/conflict');
  });

  it('lists the history with diffs, restores an older version, and exports YAML', async () => {
    const list = await api('auditor', 'GET', '/api/v1/settings/versions?limit=1');
    expect(list.body.items.map((i: { version: number }) => i.version)).toEqual([2]);
    expect(list.body.next).toBe(2);
    const older = await api('auditor', 'GET', '/api/v1/settings/versions?before=2');
    expect(older.body.items).toEqual([expect.objectContaining({ version: 1, changes: 0 })]);
    const v2 = await api('auditor', 'GET', '/api/v1/settings/versions/2');
    expect(v2.body.diff).toEqual([
      { path: 'dimse.allowedCallers[1]', after: { aeTitle: 'LIVE-SCU', query: false } },
      { path: 'routing[0]', after: RULE },
    ]);
    expect((await api('auditor', 'GET', '/api/v1/settings/versions/99')).status).toBe(404);
    expect((await api('auditor', 'POST', '/api/v1/settings/versions/1/restore', { baseVersion: 2 })).status).toBe(403);

    const restored = await api('admin', 'POST', '/api/v1/settings/versions/1/restore', { baseVersion: 2 });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ version: 3, origin: 'restore', restoredFrom: 1, changes: 2 });
    expect(restored.body.settings.routing).toEqual([]);
    expect((await echoscu(gw, 'LIVE-SCU')).code).not.toBe(0);

    const yaml = await api('admin', 'GET', '/api/v1/settings/export');
    expect(yaml.status).toBe(200);
    expect(yaml.body.text).toMatch(/^# Delineo live settings, version 3\n/);
    expect(yaml.body.text).toContain('aeTitle: PACS');
    expect((await api('operator', 'GET', '/api/v1/settings/export')).status).toBe(403);
  });

  it('enables and disables a model as a settings version; an unknown model is 404', async () => {
    expect((await api('admin', 'PUT', '/api/v1/models/no-such-model/enabled', { enabled: false })).status).toBe(404);
    const off = await api('admin', 'PUT', '/api/v1/models/ct-body/enabled', { enabled: false });
    expect(off.body.settings.models.disabled).toEqual(['ct-body']);
    const listed = await api('admin', 'GET', '/api/v1/models');
    const models = (Array.isArray(listed.body) ? listed.body : listed.body.items) as Array<{
      id: string;
      enabled: boolean;
    }>;
    expect(models.find((m) => m.id === 'ct-body')?.enabled).toBe(false);
    const on = await api('admin', 'PUT', '/api/v1/models/ct-body/enabled', { enabled: true });
    expect(on.body.settings.models.disabled).toEqual([]);
    expect(on.body.version).toBe(off.body.version + 1);
  });

  it('audits every change and every refusal, with ids only', async () => {
    const rows = await gw.gw.app.get(AuditRepository).search({ limit: 200 });
    const settings = rows.filter((r) => r.action.startsWith('settings.'));
    expect(settings.map((r) => `${r.action}:${r.outcome}`)).toEqual(
      expect.arrayContaining(['settings.update:failure', 'settings.update:success', 'settings.restore:success']),
    );
    expect(settings.find((r) => r.outcome === 'failure' && r.details?.code === 'settings/conflict')).toBeDefined();
    // Targets and details name versions and codes, never a setting's value (a host, a URL).
    expect(JSON.stringify(settings.map((r) => [r.target, r.details]))).not.toContain('127.0.0.1');
  });
});
