/**
 * The Orthanc child process: spawn with its log, readiness (REST /system answers AND the DICOM port
 * accepts), graceful stop by its own pid. Kept apart from orthanc.ts so that file stays the API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { freePort, portAccepts } from './ports';

export { freePort };

export interface OrthancProcess {
  running(): boolean;
  ready(url: string, dicomPort: number): Promise<void>;
  /** SIGTERM, then SIGKILL after 15 s; `kill` goes straight to SIGKILL (Orthanc needs ~3 s to stop gracefully). */
  stop(kill?: boolean): Promise<void>;
}

/** Children still running when the test process exits are killed by pid, never left behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));

export function spawnOrthanc(bin: string, configPath: string, logPath: string): OrthancProcess {
  const fd = openSync(logPath, 'a');
  // TCP_NODELAY=1: Orthanc's DCMTK network layer leaves Nagle on otherwise (TESTBED.md "Nagle").
  const child = spawn(bin, [configPath], { env: { ...process.env, TCP_NODELAY: '1' }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  live.add(child);
  let exitCode: number | string | null | undefined;
  const exited = new Promise<void>((resolve) => {
    const done = (code: number | string | null): void => {
      exitCode ??= code;
      live.delete(child);
      resolve();
    };
    child.once('exit', (code, signal) => done(code ?? signal));
    child.once('error', (err) => done(err.message));
  });
  return {
    running: () => exitCode === undefined,
    async ready(url, dicomPort) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        if (exitCode !== undefined)
          throw new Error(`Orthanc exited (${exitCode}) before it was ready\n${logTail(logPath)}`);
        if (Date.now() > deadline) throw new Error(`Orthanc did not become ready in 60 s\n${logTail(logPath)}`);
        const httpUp = await fetch(`${url}/system`).then(
          (r) => r.ok,
          () => false,
        );
        if (httpUp && (await portAccepts(dicomPort))) return;
        await sleep(100);
      }
    },
    async stop(kill = false) {
      if (exitCode !== undefined) return;
      child.kill(kill ? 'SIGKILL' : 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function logTail(file: string, lines = 25): string {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '(no log)';
  return text
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map((l) => `    | ${l}`)
    .join('\n');
}
