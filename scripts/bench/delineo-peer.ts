/**
 * The real gateway as a separate process (`node dist/apps/gateway/src/main.js`, as in production), on
 * a fresh DATA_DIR and, for the PostgreSQL backend, a fresh database, so its VmHWM is the peak of one
 * run and nothing it stored before is counted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { countFiles } from './dataset';
import { baseEnv, procStatus, type Peer } from './peer';
import { freePort, runClient, startServer, waitForPort, waitUntil } from './procs';

export type Backend = 'embedded' | 'postgres';

export interface DelineoOptions {
  repoRoot: string;
  backend: Backend;
  /** Admin URL used to create and drop the per-run database (postgres backend only). */
  pgAdminUrl?: string;
  logLevel: string;
  /** Overrides the row label (the --baseline build is "… before"). */
  label?: string;
}

const SETTINGS = `# bench:ingest: only the benchmark's storescu (calling AE BENCH) may associate.
dimse:
  allowedCallers:
    - aeTitle: BENCH
      host: 127.0.0.1
`;

export function delineoLabel(backend: Backend): string {
  return `Delineo (${backend === 'embedded' ? 'embedded: PGlite + fs' : 'PostgreSQL + fs'})`;
}

const createdDatabases = new Map<string, string>();
let seq = 0;

export async function startDelineo(dir: string, o: DelineoOptions): Promise<Peer & { rssAtReadyBytes?: number }> {
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const settingsPath = join(dir, 'settings.yaml');
  writeFileSync(settingsPath, SETTINGS);
  const [httpPort, dimsePort] = [await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...baseEnv(),
    NODE_ENV: 'production',
    DATA_DIR: dataDir,
    HTTP_PORT: String(httpPort),
    DIMSE_PORT: String(dimsePort),
    DELINEO_CONFIG: settingsPath,
    LOG_LEVEL: o.logLevel,
    DELINEO_BOOTSTRAP_TOKEN_FILE: join(dir, 'bootstrap-token'),
  };
  // Every route needs credentials: provision like hospital IT would, with the admin-scoped
  // bootstrap token creating a DICOMweb token for the sender.
  const bootstrap = randomBytes(32).toString('base64url');
  writeFileSync(env.DELINEO_BOOTSTRAP_TOKEN_FILE!, bootstrap, { mode: 0o600 });
  let dbName: string | undefined;
  if (o.backend === 'postgres') {
    dbName = `delineo_bench_${Date.now()}_${seq++}`;
    env.DATABASE_URL = await createDatabase(o.pgAdminUrl!, dbName);
    await migrate(o.repoRoot, env.DATABASE_URL);
    env.DELINEO_PROJECT_KEY = randomBytes(32).toString('base64');
    env.DELINEO_VAULT_KEYS = `bench1:${randomBytes(32).toString('base64')}`;
  }
  const main = join(o.repoRoot, 'dist/apps/gateway/src/main.js');
  const server = startServer('Delineo', process.execPath, [main], env, join(dir, 'gateway.log'), o.repoRoot);
  const http = `http://127.0.0.1:${httpPort}`;
  let token = '';
  const stopAndDrop = async () => {
    await server.stop();
    if (dbName) await dropDatabase(dbName);
  };
  try {
    await waitUntil(server, '/health/ready', async () => (await fetch(`${http}/health/ready`)).ok, 120_000);
    await waitForPort(server, dimsePort);
    token = await createToken(http, bootstrap);
  } catch (e) {
    await stopAndDrop();
    throw e;
  }
  return {
    label: o.label ?? delineoLabel(o.backend),
    aeTitle: 'DELINEO',
    dimsePort,
    logPath: server.logPath,
    stowUrl: `${http}/dicomweb/studies`,
    stowHeaders: { authorization: `Bearer ${token}` },
    rssAtReadyBytes: procStatus(server.pid, 'VmRSS'),
    peakRssBytes: () => procStatus(server.pid, 'VmHWM'),
    verify: (expected) => verifyStored(http, token, join(dataDir, 'objects'), expected),
    stop: stopAndDrop,
  };
}

/** POST /api/v1/tokens with the bootstrap (admin) token: a DICOMweb token for the benchmark's sender. */
async function createToken(http: string, bootstrap: string): Promise<string> {
  const res = await fetch(`${http}/api/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${bootstrap}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench', scopes: ['dicomweb:read', 'dicomweb:write'], source: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`creating the benchmark token answered HTTP ${res.status}`);
  return ((await res.json()) as { token: string }).token;
}

/** QIDO-RS series counts and the object store must both hold exactly `expected` instances. */
async function verifyStored(http: string, token: string, objectsDir: string, expected: number): Promise<string[]> {
  const problems: string[] = [];
  const headers = { accept: 'application/dicom+json', authorization: `Bearer ${token}` };
  const res = await fetch(`${http}/dicomweb/series?limit=1000`, { headers });
  let qido = 0;
  if (res.status === 200) {
    const series = (await res.json()) as Array<Record<string, { Value?: unknown[] }>>;
    for (const s of series) qido += Number(s['00201209']?.Value?.[0] ?? 0);
  } else if (res.status !== 204) {
    problems.push(`QIDO-RS /dicomweb/series answered HTTP ${res.status}`);
  }
  if (qido !== expected) problems.push(`QIDO-RS reports ${qido} instances, expected ${expected}`);
  const objects = countFiles(objectsDir);
  if (objects !== expected) problems.push(`object store holds ${objects} objects, expected ${expected}`);
  return problems;
}

function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"`));
  createdDatabases.set(name, adminUrl);
  return databaseUrl(adminUrl, name);
}

async function dropDatabase(name: string): Promise<void> {
  const adminUrl = createdDatabases.get(name);
  if (!adminUrl) return;
  createdDatabases.delete(name);
  await admin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).catch((e: Error) => {
    process.stderr.write(`warning: could not drop database ${name}: ${e.message}\n`);
  });
}

/** Databases left behind by an interrupted run. */
export async function dropAllDatabases(): Promise<void> {
  for (const name of [...createdDatabases.keys()]) await dropDatabase(name);
}

/** Production step: migrations run explicitly against PostgreSQL (only embedded mode migrates at boot). */
async function migrate(repoRoot: string, url: string): Promise<void> {
  const r = await runClient(process.execPath, [join(repoRoot, 'dist/libs/db/src/migrate.js'), url], baseEnv());
  if (r.code !== 0) throw new Error(`migration failed:\n${r.output}`);
}

export async function checkPostgres(adminUrl: string): Promise<void> {
  await admin(adminUrl, (c) => c.query('SELECT 1'));
}
