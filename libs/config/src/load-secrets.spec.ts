import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { loadConfig, loadSecrets } from './index';
import { configError } from './testing/config-error';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'delineo-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const key = () => randomBytes(32);

describe('loadSecrets', () => {
  it('generates secrets once in embedded mode, 0600 in a 0700 dir, warning only the first time', () => {
    const config = loadConfig({ DATA_DIR: dir });
    const first = loadSecrets(config);
    expect(first.warnings).toHaveLength(2);
    expect(first.warnings.join('\n')).toMatch(/SECURITY: generated DELINEO_PROJECT_KEY/);
    expect(statSync(join(dir, 'secrets')).mode & 0o777).toBe(0o700);
    for (const f of ['project.key', 'vault.keys']) expect(statSync(join(dir, 'secrets', f)).mode & 0o777).toBe(0o600);
    expect(first.projectKey.reveal()).toHaveLength(32);
    expect(first.vault.activeKeyId).toBe('k1');

    const second = loadSecrets(config);
    expect(second.warnings).toEqual([]);
    expect(second.projectKey.reveal().equals(first.projectKey.reveal())).toBe(true);
    expect(second.vault.keys.get('k1')?.reveal().equals(first.vault.keys.get('k1')!.reveal())).toBe(true);
  });

  it('reads env (base64 and hex) and picks the configured active vault key', () => {
    const k1 = key();
    const k2 = key();
    const s = loadSecrets(
      loadConfig({
        DATA_DIR: dir,
        DELINEO_PROJECT_KEY: k1.toString('hex'),
        DELINEO_VAULT_KEYS: `old:${k1.toString('base64')},new:${k2.toString('base64')}`,
        DELINEO_VAULT_ACTIVE_KEY_ID: 'new',
      }),
    );
    expect(s.projectKey.reveal().equals(k1)).toBe(true);
    expect(s.vault.activeKeyId).toBe('new');
    expect([...s.vault.keys.keys()]).toEqual(['old', 'new']);
    expect(s.warnings).toEqual([]);
  });

  it('reads *_FILE variants', () => {
    const k = key();
    writeFileSync(join(dir, 'p'), `${k.toString('base64')}\n`);
    writeFileSync(join(dir, 'v'), `a:${k.toString('base64')}\n`);
    const s = loadSecrets(
      loadConfig({ DATA_DIR: dir, DELINEO_PROJECT_KEY_FILE: join(dir, 'p'), DELINEO_VAULT_KEYS_FILE: join(dir, 'v') }),
    );
    expect(s.projectKey.reveal().equals(k)).toBe(true);
    expect(s.vault.activeKeyId).toBe('a');
  });

  it('requires secrets when DATABASE_URL is set instead of generating them', () => {
    const e = configError(() => loadSecrets(loadConfig({ DATA_DIR: dir, DATABASE_URL: 'postgres://127.0.0.1/db' })));
    expect(e.issues.map((i) => i.path)).toEqual(['DELINEO_PROJECT_KEY', 'DELINEO_VAULT_KEYS']);
    expect(() => statSync(join(dir, 'secrets'))).toThrow();
  });

  it('rejects malformed keys without echoing them', () => {
    const e = configError(() =>
      loadSecrets(
        loadConfig({
          DATA_DIR: dir,
          DELINEO_PROJECT_KEY: 'tooShortSecretValue',
          DELINEO_VAULT_KEYS: 'k1:alsoShortSecret',
          DELINEO_VAULT_ACTIVE_KEY_ID: 'zz',
        }),
      ),
    );
    expect(e.issues).toHaveLength(3);
    expect(e.message).not.toMatch(/tooShortSecretValue|alsoShortSecret/);
  });

  it('never prints key material through JSON or inspect', () => {
    const s = loadSecrets(loadConfig({ DATA_DIR: dir }));
    const b64 = readFileSync(join(dir, 'secrets', 'project.key'), 'utf8').trim();
    const hex = s.projectKey.reveal().toString('hex');
    for (const text of [JSON.stringify(s), inspect(s, { depth: 10 })]) {
      expect(text).not.toContain(b64);
      expect(text).not.toContain(hex);
    }
  });
});
