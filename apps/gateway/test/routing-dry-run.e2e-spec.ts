/**
 * The console's routing dry run (issue 15): a real file is matched in memory against the rules.
 * The answer names criteria and patterns only; the file's identifiers reach neither the answer,
 * the log nor the database, and no instance or series row is made.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import { createTestDatabase, dumpTables, type TestDatabase } from './backends';
import {
  DEFAULT_SETTINGS,
  describeWithTools,
  randomSecrets,
  shared,
  startTestGateway,
  type TestGateway,
} from './harness';

const SOURCE = shared('dcm_qa_nih', '20180918GE', 'mr_0005', 'axial_epi_fmri_sequential_i_to_s-00024.dcm');
const NAME = 'Dryrunsecret^Quetzalcoatl';
const ID = 'DRYRUN-PID-7731946';
const DESCRIPTION = 'BRAIN Xylophonist-8842';
const SECRETS = ['Dryrunsecret', 'Quetzalcoatl', ID, 'Xylophonist-8842'];

const RULES = [
  { name: 'ct-chest', match: { modality: 'CT', seriesDescription: 'chest' }, model: 'ct-body' },
  { name: 'mr-brain', match: { modality: 'MR', seriesDescription: '(?i)brain' }, model: 'mr-brain' },
];

describeWithTools('POST /api/v1/routing/dry-run', ['dcmodify'], () => {
  let gw: TestGateway;
  let db: TestDatabase;
  let file: Buffer;
  const cookies = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    db = await createTestDatabase();
    gw = await startTestGateway({
      settings: { ...DEFAULT_SETTINGS, routing: RULES, console: { dryRunMaxBytes: 4 * 1024 * 1024 } },
      env: { ...randomSecrets(), DATABASE_URL: db.url },
    });
    const path = join(gw.dir, 'canary.dcm');
    copyFileSync(SOURCE, path);
    execFileSync('dcmodify', [
      '-nb',
      '-m',
      `PatientName=${NAME}`,
      '-m',
      `PatientID=${ID}`,
      '-m',
      `SeriesDescription=${DESCRIPTION}`,
      path,
    ]);
    file = readFileSync(path);
    for (const role of ['admin', 'operator', 'radiologist', 'auditor'] as const) {
      const u = await gw.gw.app
        .get(UserRepository)
        .createLocal({ username: `dry-${role}`, passwordHash: 'unused', roles: [role], mustChangePassword: false });
      const s = await gw.gw.app
        .get(SessionService)
        .start({ id: u.id }, { authMethod: 'local', restricted: false, sourceAddress: null });
      cookies.set(role, { cookie: s.setCookie.split(';')[0], 'x-csrf-token': s.csrfToken });
    }
  }, 120_000);
  afterAll(async () => {
    await gw?.close();
    await db?.drop();
  });

  const post = (role: string | undefined, body: Buffer, type = 'application/dicom', query = '') =>
    fetch(`${gw.http}/api/v1/routing/dry-run${query}`, {
      method: 'POST',
      headers: { ...(role ? cookies.get(role) : {}), 'content-type': type, accept: 'application/json' },
      body,
    });

  it('names the matching rule and every criterion, without a value of the file', async () => {
    expect(file.toString('latin1')).toContain(ID); // positive control: the canary is in the input
    const res = await post('operator', file);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      decision: { ruleName: 'mr-brain', modelId: 'mr-brain', deliverTo: [] },
      rules: [
        {
          rule: 'ct-chest',
          matched: false,
          modelDisabled: false,
          criteria: [
            { criterion: 'modality', pattern: 'CT', matched: false },
            { criterion: 'seriesDescription', pattern: '/chest/', matched: false },
          ],
        },
        {
          rule: 'mr-brain',
          matched: true,
          modelDisabled: false,
          criteria: [
            { criterion: 'modality', pattern: 'MR', matched: true },
            { criterion: 'seriesDescription', pattern: '/brain/i', matched: true },
          ],
        },
      ],
    });
    for (const s of SECRETS) expect(text).not.toContain(s);
  });

  it('takes the calling AE title as context, and answers a null decision when no rule matches', async () => {
    const res = await post('admin', file, 'application/dicom', '?callingAeTitle=OTHER');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { decision: unknown }).decision).toEqual({
      ruleName: 'mr-brain',
      modelId: 'mr-brain',
      deliverTo: [],
    });
    const ct = Buffer.from(file);
    const res2 = await post('admin', replaceModality(ct), 'application/dicom');
    expect(((await res2.json()) as { decision: unknown }).decision).toBeNull();
  });

  it('refuses other roles (403), no credentials (401), other types (415), garbage (400) and big files (413)', async () => {
    expect((await post('radiologist', file)).status).toBe(403);
    expect((await post('auditor', file)).status).toBe(403);
    expect((await post(undefined, file)).status).toBe(401);
    const wrongType = await post('admin', file, 'application/octet-stream');
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const garbage = await post('admin', Buffer.alloc(4096, 0x41));
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { code: string }).code).toBe('dicom/not-part10');
    const big = await post('admin', Buffer.concat([file, Buffer.alloc(4 * 1024 * 1024)]));
    expect(big.status).toBe(413);
  });

  it('refuses a calling AE title or source out of bounds, naming each (request/invalid)', async () => {
    const res = await post(
      'admin',
      file,
      'application/dicom',
      `?callingAeTitle=${'A'.repeat(17)}&source=Not%20a%20source`,
    );
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; errors: Array<{ path: string }> };
    expect(body.code).toBe('request/invalid');
    expect(body.errors.map((e) => e.path)).toEqual(['callingAeTitle', 'source']);
  });

  it('stores nothing: no instance or series row, no identifier in the log or the database; audits the action', async () => {
    // Audit writes are asynchronous: wait until the dry runs' records are there.
    let dump = await dumpTables(db.url);
    for (let i = 0; i < 50 && !JSON.stringify(dump.tables.audit_log).includes('routing.dry-run'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      dump = await dumpTables(db.url);
    }
    const { text, tables } = dump;
    const log = readFileSync(gw.logFile, 'utf8');
    for (const s of SECRETS) {
      expect(log).not.toContain(s);
      expect(text).not.toContain(s);
    }
    expect(tables.instance ?? []).toEqual([]);
    expect(tables.series ?? []).toEqual([]);
    const audits = JSON.stringify(tables.audit_log);
    expect(audits).toContain('routing.dry-run');
  });
});

/** The same file as a CT: Modality (0008,0060) "MR" rewritten in place, keeping its length. */
function replaceModality(buf: Buffer): Buffer {
  const tag = Buffer.from([0x08, 0x00, 0x60, 0x00, 0x43, 0x53, 0x02, 0x00, 0x4d, 0x52]);
  const at = buf.indexOf(tag);
  if (at < 0) throw new Error('no explicit-VR Modality MR element');
  buf.write('PT', at + 8, 'latin1');
  return buf;
}
