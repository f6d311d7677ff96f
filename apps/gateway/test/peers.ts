/**
 * Peer services for e2e runs (same contract as libs/queue's integration tests): a suite may skip
 * only when a peer is unreachable AND DELINEO_REQUIRE_PEERS !== '1'; in CI a missing peer fails.
 */
import { spawnSync } from 'node:child_process';

export const REQUIRE_PEERS = process.env.DELINEO_REQUIRE_PEERS === '1';

export function testRedisUrl(): string {
  return process.env.DELINEO_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** The maintenance database; each run creates (and drops) its own database next to it. */
export function testDatabaseUrl(): string {
  return process.env.DELINEO_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

const cache = new Map<string, boolean>();

/** Synchronous TCP probe (describe blocks are registered synchronously), run in a child process. */
export function peerAvailable(url: string): boolean {
  const { hostname, port } = new URL(url);
  const key = `${hostname}:${port}`;
  if (!cache.has(key)) {
    const script = `const s=require('net').connect(${Number(port)},${JSON.stringify(hostname.replace(/^\[|\]$/g, ''))});s.setTimeout(2000);s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));s.on('timeout',()=>process.exit(1));`;
    cache.set(key, spawnSync(process.execPath, ['-e', script], { timeout: 5000 }).status === 0);
  }
  return cache.get(key)!;
}
