/**
 * What tests around the test PACS need besides Orthanc: dcmtk tools run with TCP_NODELAY=1
 * (shared/TESTBED.md "Nagle"), a storescp receiver, and the skip-or-fail rule for missing programs.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, sleep } from './orthanc-process';
import { orthancInstalled } from './orthanc';
import { REQUIRE_PEERS } from './require-peer';

const env = { ...process.env, TCP_NODELAY: '1' };

/** Runs a program to completion; never throws on a non-zero exit (callers assert `code`). */
export function dcmtk(cmd: string, args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: unknown }).code) || -1 : 0, out: `${stdout}${stderr}` }),
    );
  });
}

/** One UI attribute of a file, e.g. dicomUid(f, '0020,000d') for StudyInstanceUID. */
export async function dicomUid(file: string, tag: string): Promise<string> {
  const { out } = await dcmtk('dcmdump', ['-s', '+P', tag, file]);
  const m = /\[([0-9.]+)\]/.exec(out);
  if (!m) throw new Error(`no ${tag} in ${file}: ${out}`);
  return m[1];
}

/**
 * `describe` when Orthanc and the listed programs are installed; skipped where they are not,
 * unless DELINEO_REQUIRE_PEERS=1 (CI), where the suite fails instead.
 */
export function describeWithOrthanc(name: string, tools: string[], fn: () => void): void {
  const onPath = (t: string): boolean => spawnSync('sh', ['-c', `command -v ${t}`]).status === 0;
  const absent = [...(orthancInstalled() ? [] : ['Orthanc']), ...tools.filter((t) => !onPath(t))];
  if (absent.length === 0) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (missing ${absent.join(', ')})`, fn);
  describe(name, () =>
    it('has Orthanc and its tools installed (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`missing: ${absent.join(', ')}`);
    }),
  );
}

export interface Storescp {
  aet: string;
  port: number;
  /** Names of the files received so far: <modality prefix>.<SOPInstanceUID>.dcm */
  files(): string[];
  stop(): Promise<void>;
}

/** storescp --fork (Orthanc runs store jobs in parallel, one association each), ready when it answers C-ECHO. */
export async function startStorescp(aet: string): Promise<Storescp> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-storescp-'));
  mkdirSync(path.join(dir, 'in'));
  const port = await freePort();
  const args = ['--fork', '-aet', aet, '+xa', '-pm', '-od', path.join(dir, 'in'), '-fe', '.dcm', String(port)];
  // Its own process group, so stop() also ends a --fork child still serving an association.
  const child = spawn('storescp', args, { env, detached: true, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  for (let i = 0; (await dcmtk('echoscu', ['-aec', aet, '127.0.0.1', String(port)])).code !== 0; i++) {
    if (i > 200 || child.exitCode !== null) {
      await stop();
      throw new Error(`storescp did not answer C-ECHO on port ${port}`);
    }
    await sleep(50);
  }
  return {
    aet,
    port,
    files: () =>
      readdirSync(path.join(dir, 'in'))
        .filter((f) => f.endsWith('.dcm'))
        .sort(),
    stop,
  };
}
