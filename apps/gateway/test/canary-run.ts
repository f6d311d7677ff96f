/**
 * One run of the privacy proof: canary files into a real gateway over C-STORE and STOW-RS, read
 * back over WADO-RS, then the gateway stopped and every place it could have written collected.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hashPassword } from '@delineo/auth';
import { startEmbeddedPostgres, UserRepository } from '@delineo/db';
import { SessionService } from '../src/auth/session.service';
import {
  backendEnv,
  createTestDatabase,
  deleteRedisPrefix,
  dumpTables,
  pgDump,
  redisDump,
  startS3rver,
  type TestDatabase,
  type TestS3,
} from './backends';
import { buildCanaries, type CanaryFactory, type CanaryFile } from './canary';
import { DICOM_MULTIPART, first, getJson, getParts, stow, type Json, type StowResult } from './dicomweb-client';
import { startResultSinks, waitForResults, type ResultSinks } from './canary-results';
import {
  dcmsend,
  randomSecrets,
  SCU,
  shared,
  startTestGateway,
  storescu,
  type TestGateway,
  type ToolResult,
} from './harness';

/** The starting points: enhanced MR (XA30), pydicom's MR with overlays, highdicom's CT. */
export const CANARY_BASES = [
  shared('dcm_qa_xa30/5_anat-T1w_acq-tfl/0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm'),
  shared('pydicom-data/MR-SIEMENS-DICOM-WithOverlays.dcm'),
  shared('highdicom/ct_image.dcm'),
];

export interface CanaryRun {
  factory: CanaryFactory;
  /** [0..2] went over C-STORE, [3..5] over STOW-RS. */
  files: CanaryFile[];
  inputDir: string;
  dimse: ToolResult;
  stow: StowResult;
  instances: Json[];
  /** WADO-RS Part 10 bytes by (pseudonymized) SOP Instance UID. */
  retrieved: Map<string, Buffer>;
  gw: TestGateway;
  projectKey: Buffer;
  vaultKeys: string;
  tables: Awaited<ReturnType<typeof dumpTables>>;
  pgDump?: string;
  redis?: { keys: number; text: string };
  s3?: TestS3;
  tmpBefore: Set<string>;
  /** The object journal's files, read while the gateway still ran (a clean stop removes them). */
  journal: { path: string; bytes: Buffer }[];
  /** Pipeline outcome per series, and what the hospital's PACS and EHR received. */
  series: Awaited<ReturnType<typeof waitForResults>>;
  sinks: ResultSinks;
  cleanup(): Promise<void>;
}

export async function runCanaryScenario(mode: 'embedded' | 'backends', letter: string): Promise<CanaryRun> {
  const tmpBefore = new Set(readdirSync(tmpdir()));
  let db: TestDatabase | undefined;
  let s3: TestS3 | undefined;
  const prefix = `e2e-canary-${randomBytes(4).toString('hex')}`;
  let env: Record<string, string> = {};
  if (mode === 'backends') {
    db = await createTestDatabase();
    s3 = await startS3rver();
    env = { ...randomSecrets(), ...backendEnv(db, s3, prefix) };
  }
  const sinks = await startResultSinks(SCU);
  // Embedded mode generates its own secrets into DATA_DIR/secrets, as `npm start` does.
  const gw = await startTestGateway({ env: { ...env, ...sinks.env }, settings: sinks.settings, keepDir: true });
  const secretFile = (f: string) => readFileSync(path.join(gw.dataDir, 'secrets', f), 'utf8').trim();
  const projectKeyText = env.DELINEO_PROJECT_KEY ?? secretFile('project.key');
  const projectKey = Buffer.from(projectKeyText, /^[0-9a-f]{64}$/i.test(projectKeyText) ? 'hex' : 'base64');
  const vaultKeys = env.DELINEO_VAULT_KEYS ?? secretFile('vault.keys');

  const { factory, files } = buildCanaries(letter, [...CANARY_BASES, ...CANARY_BASES], {}, projectKey);
  const inputDir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-canary-in-'));
  const paths = files.map((f, i) => path.join(inputDir, `canary-${i}.dcm`));
  files.forEach((f, i) => writeFileSync(paths[i], f.part10));

  const cleanup = async () => {
    await gw.close();
    rmSync(gw.dir, { recursive: true, force: true });
    rmSync(inputDir, { recursive: true, force: true });
    await sinks.close();
    await s3?.dispose();
    await db?.drop();
    if (mode === 'backends') await deleteRedisPrefix(prefix);
  };
  try {
    const dimse =
      mode === 'embedded' ? await storescu(gw, paths.slice(0, 3), ['-R']) : await dcmsend(gw, paths.slice(0, 3));
    const stowResult = await stow(
      `${gw.http}/dicomweb/studies`,
      files.slice(3).map((f) => f.part10),
    );
    // Received instances only: research SEGs of series already segmented may be in the archive too.
    const instances = (await getJson(`${gw.http}/dicomweb/instances`)).body.filter(
      (i) => first(i, '00080016') !== '1.2.840.10008.5.1.4.1.1.66.4',
    );
    const retrieved = new Map<string, Buffer>();
    for (const inst of instances) {
      const { parts } = await getParts(String(first(inst, '00081190')), DICOM_MULTIPART);
      retrieved.set(String(first(inst, '00080018')), parts[0]);
    }
    const series = await waitForResults(gw.fetch, 6);
    await signedInOperatorReads(
      gw,
      series.map((x) => x.id),
    );
    const journal = readJournal(gw.dataDir);
    await gw.close();
    const tables = await dumpDatabase(gw, db);
    return {
      factory,
      files,
      inputDir,
      dimse,
      stow: stowResult,
      instances,
      retrieved,
      gw,
      projectKey,
      vaultKeys,
      tables,
      series,
      sinks,
      pgDump: db ? await pgDump(db) : undefined,
      redis: mode === 'backends' ? await redisDump(prefix) : undefined,
      s3,
      tmpBefore,
      journal,
      cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

/** A logical dump: PostgreSQL directly; PGlite reopened on its data dir once the gateway is gone. */
async function dumpDatabase(gw: TestGateway, db: TestDatabase | undefined) {
  if (db) return dumpTables(db.url);
  const pg = await startEmbeddedPostgres(gw.dataDir);
  try {
    return await dumpTables(pg.url);
  } finally {
    await pg.stop();
  }
}

function readJournal(dataDir: string): { path: string; bytes: Buffer }[] {
  const root = path.join(dataDir, 'objects', '.journal');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => ({ path: path.join(e.parentPath, e.name), bytes: readFileSync(path.join(e.parentPath, e.name)) }));
}

/** Top-level entries of os.tmpdir() that appeared during the run. */
export function newTmpEntries(before: Set<string>): string[] {
  return readdirSync(tmpdir())
    .filter((e) => !before.has(e))
    .map((e) => path.join(tmpdir(), e));
}

/**
 * The identity persistence paths: a user, a session (cookie in hand) and the audit records of
 * what that user and the harness token read. The canary scan then covers those tables too.
 */
async function signedInOperatorReads(gw: TestGateway, seriesIds: string[]): Promise<void> {
  const user = await gw.gw.app.get(UserRepository).createLocal({
    username: 'canary-operator',
    passwordHash: await hashPassword('canary operator password'),
    roles: ['operator'],
    mustChangePassword: false,
  });
  const session = await gw.gw.app
    .get(SessionService)
    .start(user, { authMethod: 'local', restricted: false, sourceAddress: '127.0.0.1' });
  const cookie = session.setCookie.split(';')[0];
  for (const id of seriesIds) {
    const res = await fetch(`${gw.http}/api/v1/series/${id}`, { headers: { cookie } });
    if (res.status !== 200) throw new Error(`the operator could not read series status: HTTP ${res.status}`);
  }
}
