/**
 * Non-embedded backends for e2e runs: a fresh PostgreSQL database (migrated, as production does it
 * in an explicit step), a unique Redis key prefix, and s3rver in-process on an ephemeral port.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createDataSource, runMigrations } from '@delineo/db';
import { testDatabaseUrl, testRedisUrl } from '../../../test-support/require-peer';

export { testDatabaseUrl, testRedisUrl };

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `delineo_e2e_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(testDatabaseUrl());
  u.pathname = `/${name}`;
  const url = u.toString();
  const ds = createDataSource({ url, embedded: false });
  await runMigrations(ds);
  await ds.destroy();
  return {
    name,
    url,
    async drop() {
      const c = new Client({ connectionString: testDatabaseUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Plain-text pg_dump of one database (schema and data). */
export function pgDump(db: TestDatabase): Promise<string> {
  const u = new URL(db.url);
  return new Promise((resolve, reject) =>
    execFile(
      'pg_dump',
      ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username) || 'postgres', db.name],
      { maxBuffer: 512 * 1024 * 1024 },
      (err, stdout) => (err ? reject(err) : resolve(stdout)),
    ),
  );
}

/** Every row of every table in schema public as JSON text (bytea as latin1), plus the rows themselves. */
export async function dumpTables(
  url: string,
): Promise<{ text: string; tables: Record<string, Record<string, unknown>[]> }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const names = (await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`))
      .rows;
    const tables: Record<string, Record<string, unknown>[]> = {};
    for (const { tablename } of names) tables[tablename] = (await c.query(`SELECT * FROM "${tablename}"`)).rows;
    const text = JSON.stringify(tables, (_k, v: unknown) =>
      v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer'
        ? Buffer.from((v as { data: number[] }).data).toString('latin1')
        : v,
    );
    return { text, tables };
  } finally {
    await c.end();
  }
}

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
// s3rver ships no types; it runs in-process on an ephemeral loopback port.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (opts: Record<string, unknown>) => S3rverInstance;

export interface TestS3 {
  endpoint: string;
  dir: string;
  stop(): Promise<void>;
  /** Stops the server (if running) and removes its directory. */
  dispose(): Promise<void>;
}

export async function startS3rver(): Promise<TestS3> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir });
  const { port } = await server.run();
  let running = true;
  const stop = async () => {
    if (running) await server.close();
    running = false;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dir,
    stop,
    async dispose() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Env for loadConfig: PostgreSQL + Redis (unique prefix) + S3, with explicit secrets. */
export function backendEnv(db: TestDatabase, s3: TestS3, prefix: string): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    REDIS_URL: testRedisUrl(),
    QUEUE_PREFIX: prefix,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: 'delineo-e2e',
    S3_REGION: 'us-east-1',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: 'true',
  };
}

/** Every key under `prefix` with its value, whatever its type, as one text. */
export async function redisDump(prefix: string): Promise<{ keys: number; text: string }> {
  const r = new IORedis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await r.connect();
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...batch);
    } while (cursor !== '0');
    const parts: string[] = [];
    for (const key of keys) parts.push(key, JSON.stringify(await redisValue(r, key)));
    return { keys: keys.length, text: parts.join('\n') };
  } finally {
    r.disconnect();
  }
}

async function redisValue(r: IORedis, key: string): Promise<unknown> {
  switch (await r.type(key)) {
    case 'string':
      return r.get(key);
    case 'hash':
      return r.hgetall(key);
    case 'list':
      return r.lrange(key, 0, -1);
    case 'set':
      return r.smembers(key);
    case 'zset':
      return r.zrange(key, 0, -1, 'WITHSCORES');
    case 'stream':
      return r.xrange(key, '-', '+');
    default:
      return null;
  }
}

export async function deleteRedisPrefix(prefix: string): Promise<void> {
  const r = new IORedis(testRedisUrl(), { lazyConnect: true, maxRetriesPerRequest: 1 });
  await r.connect();
  try {
    let cursor = '0';
    do {
      const [next, batch] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (batch.length) await r.del(...batch);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}
