/**
 * DELINEO_BOOTSTRAP_TOKEN_FILE (automation, provisioning): the file's token is registered, hashed,
 * as the admin-scoped service token `bootstrap` — it administers, it does not read images — and the
 * log warns without ever printing it.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startTestGateway, type TestGateway } from './harness';

describe('the bootstrap token', () => {
  let dir: string;
  let gw: TestGateway;
  const token = randomBytes(32).toString('base64url');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-bootstrap-'));
    writeFileSync(path.join(dir, 'token'), `${token}\n`, { mode: 0o600 });
    gw = await startTestGateway({ env: { DELINEO_BOOTSTRAP_TOKEN_FILE: path.join(dir, 'token') } });
  });
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const as = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

  it('administers: lists and creates tokens', async () => {
    const list = await fetch(`${gw.http}/api/v1/tokens`, as(token));
    expect(list.status).toBe(200);
    expect(
      ((await list.json()) as Array<{ name: string; scopes: string[] }>).find((t) => t.name === 'bootstrap'),
    ).toMatchObject({ scopes: ['admin'] });
    const created = await fetch(`${gw.http}/api/v1/tokens`, {
      method: 'POST',
      headers: { ...as(token).headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ris', scopes: ['dicomweb:write'], source: 'ris' }),
    });
    expect(created.status).toBe(201);
  });

  it('does not read images, and a near miss of it is refused', async () => {
    expect((await fetch(`${gw.http}/dicomweb/studies`, as(token))).status).toBe(403);
    expect((await fetch(`${gw.http}/api/v1/tokens`, as(`${token.slice(0, -1)}x`))).status).toBe(401);
  });

  it('is named in the log, never printed', () => {
    const log = readFileSync(gw.logFile, 'utf8');
    expect(log).toContain('bootstrap-token-registered');
    expect(log).not.toContain(token);
  });
});
