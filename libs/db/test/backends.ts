import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, runMigrations, startEmbeddedPostgres } from '../src';
import { peerAvailable, REQUIRE_PEERS } from '../../../test-support/require-peer';

export type BackendKind = 'postgres' | 'pglite';

export interface TestDb {
  kind: BackendKind;
  url: string;
  ds: DataSource;
}

/** Admin URL of the real server (TESTBED: trust auth on loopback). */
export const PG_ADMIN_URL = process.env.DELINEO_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Checked once, synchronously, so jest can decide skip-or-run while collecting tests. */
export const POSTGRES_AVAILABLE = peerAvailable(PG_ADMIN_URL);
/** Int tests may skip only when Postgres is unreachable and peers are not required. */
const RUN_POSTGRES = POSTGRES_AVAILABLE || REQUIRE_PEERS;

/** A fresh, uniquely named database on the real server; dropped by the returned function. */
export async function createTempDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `delineo_db_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

async function openBackend(kind: BackendKind): Promise<{ db: TestDb; close(): Promise<void> }> {
  if (kind === 'postgres') {
    const tmp = await createTempDatabase();
    const ds = createDataSource({ url: tmp.url, embedded: false });
    await runMigrations(ds);
    return {
      db: { kind, url: tmp.url, ds },
      close: async () => {
        await ds.destroy();
        await tmp.drop();
      },
    };
  }
  const dir = await mkdtemp(join(tmpdir(), 'delineo-db-'));
  const pg = await startEmbeddedPostgres(dir).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  const ds = createDataSource({ url: pg.url, embedded: true });
  await runMigrations(ds);
  return {
    db: { kind, url: pg.url, ds },
    close: async () => {
      await ds.destroy();
      await pg.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the same suite against real PostgreSQL (fresh database) and embedded PGlite (temp dir). */
export function describeEachBackend(title: string, body: (db: () => TestDb, kind: BackendKind) => void): void {
  for (const kind of ['postgres', 'pglite'] as const) {
    const run = kind === 'pglite' || RUN_POSTGRES ? describe : describe.skip;
    run(`${title} [${kind}]`, () => {
      let opened: { db: TestDb; close(): Promise<void> } | undefined;
      beforeAll(async () => {
        opened = await openBackend(kind);
      });
      afterAll(async () => {
        await opened?.close();
      });
      body(() => {
        if (!opened) throw new Error(`${kind} backend did not start`);
        return opened.db;
      }, kind);
    });
  }
}

export async function truncateArchive(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE "delivery", "segment_volume", "instance", "series", "study", "patient", "vault_record"');
}

/**
 * Tests outside libs/db reach the database only through this lib: a repository over a test
 * database, or (to tamper with rows on purpose) TypeORM's repository of one entity.
 */
export function repositoryOf<T>(db: TestDb, Repo: new (ds: DataSource) => T): T {
  return new Repo(db.ds);
}

export function entityRowsOf<E extends object>(db: TestDb, entity: new () => E) {
  return db.ds.getRepository(entity);
}
