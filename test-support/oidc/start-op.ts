import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';

import users from './op-users.json';

/** The test OP's accounts (op-users.json): alice → pacs-admins, bob → radiology-users, mallory → visitors. */
export const TEST_OP_USERS: Readonly<Record<keyof typeof users, Readonly<(typeof users)[keyof typeof users]>>> = users;
export type TestOpUser = keyof typeof users;

export interface TestOpOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Put scope claims (groups, email, name) in the ID token too; by default only UserInfo has them. */
  idTokenClaims?: boolean;
}

export interface TestOp {
  readonly issuer: string;
  stop(): Promise<void>;
}

const SERVER = join(__dirname, 'op-server.mjs');
const START_TIMEOUT_MS = 15_000;

function opEnv(options: TestOpOptions, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    OP_CLIENT_ID: options.clientId,
    OP_CLIENT_SECRET: options.clientSecret,
    OP_REDIRECT_URI: options.redirectUri,
    OP_POST_LOGOUT_REDIRECT_URI: options.postLogoutRedirectUri,
    OP_ID_TOKEN_CLAIMS: options.idTokenClaims ? '1' : '0',
    OP_PORT: '0',
    ...extra,
  };
}

/**
 * Synchronous preflight for describe blocks (registered synchronously): can `node op-server.mjs`
 * import oidc-provider, bind loopback and exit? Returns undefined when it can, else the reason.
 */
export function testOpUnavailableReason(): string | undefined {
  const env = opEnv({
    clientId: 'c',
    clientSecret: 's',
    redirectUri: 'https://rp.test/cb',
    postLogoutRedirectUri: 'https://rp.test/',
  });
  const run = spawnSync(process.execPath, [SERVER], {
    env: { ...env, OP_CHECK: '1' },
    timeout: START_TIMEOUT_MS,
    encoding: 'utf8',
  });
  if (run.status === 0 && run.stdout.includes('"issuer"')) return undefined;
  return `test OP did not start: ${(run.error?.message ?? run.stderr.trim().split('\n').pop()) || `exit ${run.status}`}`;
}

/**
 * Spawns op-server.mjs and resolves once it prints its issuer. stdin stays a pipe so the child exits
 * on its own if this process dies without calling stop().
 */
export function startTestOp(options: TestOpOptions): Promise<TestOp> {
  const child = spawn(process.execPath, [SERVER], { env: opEnv(options), stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise<TestOp>((resolve, reject) => {
    let stdout = '';
    let settled = false;
    const fail = (why: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void stop();
      reject(new Error(`test OP ${why}; stderr: ${stderr.trim()}`));
    };
    const timer = setTimeout(() => fail(`printed no issuer within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    child.once('error', (err) => fail(`could not spawn (${err.message})`));
    child.once('exit', (code) => fail(`exited early with ${code}`));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const line = stdout.split('\n').find((l, i, all) => i < all.length - 1 && l.startsWith('{'));
      if (!line || settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ issuer: (JSON.parse(line) as { issuer: string }).issuer, stop });
    });
  });
}
