/**
 * A real SAML 2.0 IdP on loopback: Debian's SimpleSAMLphp served by `php -S` (shared/TESTBED.md "SAML
 * IdP for SSO tests"). Each start gets its own temp dir with a fresh signing key, config and PHP sessions.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from '../ports';
import { REQUIRE_PEERS } from '../require-peer';
import {
  authsourcesPhp,
  configPhp,
  DEFAULT_IDP_USERS,
  idpHostedPhp,
  spRemotePhp,
  type IdpSpConfig,
  type IdpTestUser,
} from './simplesamlphp-config';
import { writeKeyPair } from './test-keys';

export type { IdpSpConfig, IdpTestUser };

/** Where Debian installs SimpleSAMLphp (`dpkg -L simplesamlphp`): www/, lib/, modules/. */
export const SIMPLESAMLPHP_DIR = process.env.DELINEO_SIMPLESAMLPHP_DIR ?? '/usr/share/simplesamlphp';
const PHP_EXTENSIONS = ['dom', 'openssl', 'mbstring', 'intl', 'session', 'xml'];

export interface SamlIdp {
  baseUrl: string;
  entityId: string;
  ssoUrl: string;
  sloUrl: string;
  certPem: string;
  keyPem: string;
  /** Kills the PHP server (by its own pid) and removes the temp dir. */
  stop(): Promise<void>;
}

/** What is missing to run the IdP here (empty when it can start): php, its extensions, SimpleSAMLphp, openssl. */
export function samlIdpMissing(): string[] {
  const missing: string[] = [];
  const modules = spawnSync('php', ['-m'], { encoding: 'utf8' });
  if (modules.status !== 0) missing.push('php (php8.2-cli)');
  else {
    const have = new Set(modules.stdout.split('\n').map((l) => l.trim().toLowerCase()));
    missing.push(...PHP_EXTENSIONS.filter((e) => !have.has(e)).map((e) => `php extension ${e}`));
  }
  if (!existsSync(path.join(SIMPLESAMLPHP_DIR, 'www', 'saml2', 'idp', 'SSOService.php'))) missing.push('simplesamlphp');
  if (spawnSync('openssl', ['version']).status !== 0) missing.push('openssl');
  return missing;
}

/** Children still running when the test process exits are killed by pid, never left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

export async function startSamlIdp(opts: { sp: IdpSpConfig; users?: readonly IdpTestUser[] }): Promise<SamlIdp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-saml-idp-'));
  try {
    for (const sub of ['config', 'metadata', 'cert', 'log', 'data', 'tmp', 'sessions']) mkdirSync(path.join(dir, sub));
    writeKeyPair(path.join(dir, 'cert'), 'idp', 'delineo-test-idp');
    // The port is free when drawn but another process may take it first: retry on a fresh one.
    for (let attempt = 1; ; attempt++) {
      try {
        return await startOnPort(dir, await freePort(), opts.sp, opts.users ?? DEFAULT_IDP_USERS);
      } catch (err) {
        if (!(err instanceof PortTaken) || attempt === 3) throw err;
      }
    }
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function startOnPort(
  dir: string,
  port: number,
  sp: IdpSpConfig,
  users: readonly IdpTestUser[],
): Promise<SamlIdp> {
  const baseUrl = `http://127.0.0.1:${port}`;
  const entityId = `${baseUrl}/saml2/idp/metadata.php`;
  writeFileSync(path.join(dir, 'config', 'config.php'), configPhp(dir, baseUrl));
  writeFileSync(path.join(dir, 'config', 'authsources.php'), authsourcesPhp(users));
  writeFileSync(path.join(dir, 'metadata', 'saml20-idp-hosted.php'), idpHostedPhp(entityId));
  writeFileSync(path.join(dir, 'metadata', 'saml20-sp-remote.php'), spRemotePhp(sp));

  const logPath = path.join(dir, 'log', 'php-server.log');
  const fd = openSync(logPath, 'a');
  const child = spawn('php', ['-S', `127.0.0.1:${port}`, '-t', path.join(SIMPLESAMLPHP_DIR, 'www')], {
    env: { ...process.env, SIMPLESAMLPHP_CONFIG_DIR: path.join(dir, 'config') },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(child), resolve())));
  const stop = async (): Promise<void> => {
    if (live.has(child)) {
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(`${entityId}`, () => !live.has(child), logPath);
  } catch (err) {
    if (live.has(child)) {
      child.kill('SIGKILL');
      await exited;
    }
    throw err;
  }
  return {
    baseUrl,
    entityId,
    ssoUrl: `${baseUrl}/saml2/idp/SSOService.php`,
    sloUrl: `${baseUrl}/saml2/idp/SingleLogoutService.php`,
    certPem: readFileSync(path.join(dir, 'cert', 'idp.crt'), 'utf8'),
    keyPem: readFileSync(path.join(dir, 'cert', 'idp.key'), 'utf8'),
    stop,
  };
}

class PortTaken extends Error {}

/** The IdP is up when its metadata answers 200 (config, key and metadata all load). */
async function waitUntilServing(url: string, dead: () => boolean, logPath: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (dead()) {
      const log = tail(logPath);
      if (/Address already in use/i.test(log)) throw new PortTaken(log);
      throw new Error(`php -S exited before SimpleSAMLphp answered\n${log}`);
    }
    const status = await fetch(url, { redirect: 'manual' }).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (status !== 0) throw new Error(`SimpleSAMLphp metadata answered ${status}\n${tail(logPath)}`);
    if (Date.now() > deadline) throw new Error(`SimpleSAMLphp did not answer in 20 s\n${tail(logPath)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function tail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-20).join('\n') : '';
}

/**
 * `describe` when the IdP can run here; skipped (with what is missing) where it cannot, unless
 * DELINEO_REQUIRE_PEERS=1 (CI), where the suite fails instead (test-support/require-peer.ts).
 */
export function describeWithSamlIdp(name: string, fn: () => void): void {
  const missing = samlIdpMissing();
  if (missing.length === 0) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (missing ${missing.join(', ')})`, fn);
  describe(name, () => {
    it('has SimpleSAMLphp and PHP installed (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`cannot start the SAML IdP: missing ${missing.join(', ')}`);
    });
  });
}
