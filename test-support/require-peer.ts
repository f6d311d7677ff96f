import { spawnSync } from 'node:child_process';

/**
 * Integration tests against real peers (Redis, PostgreSQL). A suite may skip only when the peer is
 * unreachable AND DELINEO_REQUIRE_PEERS !== '1'; in CI the variable is set and a missing peer fails.
 */
export const REQUIRE_PEERS = process.env.DELINEO_REQUIRE_PEERS === '1';

export function testRedisUrl(): string {
  return process.env.DELINEO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function testDatabaseUrl(): string {
  return process.env.DELINEO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

const cache = new Map<string, boolean>();
const DEFAULT_PORTS: Record<string, string> = {
  'postgres:': '5432',
  'postgresql:': '5432',
  'redis:': '6379',
  'http:': '80',
};

/** Synchronous TCP probe (describe blocks are registered synchronously), run in a child process. */
export function peerAvailable(url: string): boolean {
  const { hostname, protocol } = new URL(url);
  const port = new URL(url).port || DEFAULT_PORTS[protocol] || '';
  const key = `${hostname}:${port}`;
  if (!cache.has(key)) {
    const script = `const s=require('net').connect(${Number(port)},${JSON.stringify(hostname.replace(/^\[|\]$/g, ''))});s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
    cache.set(key, spawnSync(process.execPath, ['-e', script], { timeout: 5000 }).status === 0);
  }
  return cache.get(key)!;
}

/** `describe` when the peer answers; `describe.skip` when it does not and peers are optional. */
export function describeIfPeer(name: string, url: string, fn: () => void): void {
  if (peerAvailable(url)) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (peer ${new URL(url).host} unreachable)`, fn);
  describe(name, () => {
    it('has its peer reachable (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`peer ${new URL(url).host} is unreachable and DELINEO_REQUIRE_PEERS=1`);
    });
  });
}
