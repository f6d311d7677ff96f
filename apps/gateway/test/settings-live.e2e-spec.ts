/**
 * Live reload across instances and associations (issue 15), on one PostgreSQL database:
 * - a second gateway instance applies a version saved on the first without a restart (NOTIFY);
 * - an association already open keeps the allow-list it started with, a new one gets the new list;
 * - with `config.source: file` the file is recorded as a version and the console is read-only.
 */
import { readFileSync } from 'node:fs';
import { associateRq, connectRaw, cStoreRqCommand, pdata, statusOf } from '../../../test-support/dimse-raw';
import { createTestDatabase, type TestDatabase } from './backends';
import {
  AE,
  DEFAULT_SETTINGS,
  describeWithTools,
  echoscu,
  randomSecrets,
  shared,
  startTestGateway,
  type TestGateway,
} from './harness';
import { apiAs, sessionsFor } from './settings-helpers';
import { waitFor } from './wait';

const CT = shared('pydicom-debian', 'CT_small.dcm');
const CT_SOP = '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322';

/** The dataset of a Part 10 file whose meta group starts with its group length (Explicit VR LE). */
function datasetOf(file: string): Buffer {
  const b = readFileSync(file);
  return b.subarray(132 + 12 + b.readUInt32LE(132 + 8));
}

describeWithTools('live settings across instances and associations', ['echoscu'], () => {
  let db: TestDatabase;
  let a: TestGateway;
  let b: TestGateway;
  let apiA: ReturnType<typeof apiAs>;
  let apiB: ReturnType<typeof apiAs>;
  const secrets = randomSecrets();

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = { ...secrets, DATABASE_URL: db.url };
    a = await startTestGateway({ settings: DEFAULT_SETTINGS, env });
    // The second instance's file differs: the database, seeded by the first, wins.
    b = await startTestGateway({
      settings: { ...DEFAULT_SETTINGS, dimse: { allowedCallers: [{ aeTitle: 'FILE-ONLY' }] } },
      env,
    });
    apiA = apiAs(a, await sessionsFor(a, 'live-a', ['admin']));
    apiB = apiAs(b, await sessionsFor(b, 'live-b', ['admin']));
  }, 180_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await db?.drop();
  });

  it('a second instance starts on the stored version, not on its own file', async () => {
    const v = await apiB('admin', 'GET', '/api/v1/settings');
    expect(v.body.version).toBe(1);
    expect(v.body.settings.dimse.allowedCallers).toEqual([{ aeTitle: 'E2E-SCU', query: false }]);
    expect((await echoscu(b, 'FILE-ONLY')).code).not.toBe(0);
  });

  it('applies a version saved on another instance without a restart', async () => {
    const { settings } = (await apiA('admin', 'GET', '/api/v1/settings')).body;
    const callers = [...settings.dimse.allowedCallers, { aeTitle: 'NEW-SCU' }];
    const saved = await apiA('admin', 'PUT', '/api/v1/settings', {
      baseVersion: 1,
      settings: { ...settings, dimse: { allowedCallers: callers } },
    });
    expect(saved.body.version).toBe(2);
    const seen = await waitFor(
      () => apiB('admin', 'GET', '/api/v1/settings'),
      (r) => r.body.version === 2,
    );
    expect(seen.body.settings.dimse.allowedCallers.map((c: { aeTitle: string }) => c.aeTitle)).toEqual([
      'E2E-SCU',
      'NEW-SCU',
    ]);
    expect((await echoscu(b, 'NEW-SCU')).code).toBe(0);
  });

  it('an open association keeps the allow-list it started with; a new one gets the new list', async () => {
    const c = await connectRaw(a.dimsePort);
    try {
      await c.send(associateRq('NEW-SCU', AE));
      expect((await c.next())?.[0]).toBe(0x02); // A-ASSOCIATE-AC under version 2
      const { version, settings } = (await apiA('admin', 'GET', '/api/v1/settings')).body;
      const without = settings.dimse.allowedCallers.filter((x: { aeTitle: string }) => x.aeTitle !== 'NEW-SCU');
      const saved = await apiA('admin', 'PUT', '/api/v1/settings', {
        baseVersion: version,
        settings: { ...settings, dimse: { allowedCallers: without } },
      });
      expect(saved.status).toBe(200);
      expect((await echoscu(a, 'NEW-SCU')).code).not.toBe(0); // a new association is refused now

      await c.send(pdata(1, 0x03, cStoreRqCommand(1, '1.2.840.10008.5.1.4.1.1.2', CT_SOP)));
      await c.send(pdata(1, 0x02, datasetOf(CT)));
      const reply = await c.next(60_000);
      expect(reply?.[0]).toBe(0x04); // P-DATA: the C-STORE-RSP on the association opened before
      expect(statusOf(reply!)).toBe(0x0000);
    } finally {
      c.socket.destroy();
    }
  });

  it('with config.source: file, records the file as a version and refuses changes (GitOps)', async () => {
    const file = {
      ...DEFAULT_SETTINGS,
      config: { source: 'file' },
      dimse: { allowedCallers: [{ aeTitle: 'GITOPS-SCU' }] },
    };
    const g = await startTestGateway({ settings: file, env: { ...secrets, DATABASE_URL: db.url } });
    try {
      const api = apiAs(g, await sessionsFor(g, 'gitops', ['admin']));
      const v = await api('admin', 'GET', '/api/v1/settings');
      expect(v.body).toMatchObject({ source: 'file', readOnly: true, origin: 'file', author: 'system' });
      expect(v.body.settings.dimse.allowedCallers).toEqual([{ aeTitle: 'GITOPS-SCU', query: false }]);
      const put = await api('admin', 'PUT', '/api/v1/settings', {
        baseVersion: v.body.version,
        settings: v.body.settings,
      });
      expect([put.status, put.body.code]).toEqual([409, 'settings/read-only']);
      const restore = await api('admin', 'POST', '/api/v1/settings/versions/1/restore', {
        baseVersion: v.body.version,
      });
      expect([restore.status, restore.body.code]).toEqual([409, 'settings/read-only']);
      // The other instances (config.source: database) hear of the version too.
      await waitFor(
        () => apiA('admin', 'GET', '/api/v1/settings'),
        (r) => r.body.version === v.body.version,
      );
      expect((await echoscu(a, 'GITOPS-SCU')).code).toBe(0);
    } finally {
      await g.close();
    }
  });
});
