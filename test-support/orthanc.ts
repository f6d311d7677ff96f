/**
 * A real Orthanc as "the hospital PACS" for e2e tests: its own ports and temp dir, an optional Lua
 * auto-routing rule (PACS → Delineo), DICOMweb, and the REST reads tests assert on. stop()/start()
 * keep ports and storage, for "PACS down for a while" tests. Facts: shared/TESTBED.md.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { orthancConfig, routingLua, type Modality, type RouteTrigger } from './orthanc-config';
import { freePort, logTail, sleep, spawnOrthanc, type OrthancProcess } from './orthanc-process';
import * as rest from './orthanc-rest';

export const ORTHANC_BIN = process.env.DELINEO_ORTHANC_BIN ?? '/usr/sbin/Orthanc';
export type { Modality, RouteTrigger } from './orthanc-config';
export type { ForwardProgress, PacsCounts, PacsInstance } from './orthanc-rest';

export interface OrthancOptions {
  /** Orthanc's own AE title (callers must address it: DicomCheckCalledAet is on). Default 'ORTHANC'. */
  aet?: string;
  /** Peers Orthanc knows by name: C-STORE targets for routing, and accepted callers. */
  modalities?: Record<string, Modality>;
  /** Forward every received non-SEG instance to this modality name (a copy; originals stay). */
  autoRouteTo?: string;
  /** Default 'instance' (one association per instance); see RouteTrigger. */
  routeOn?: RouteTrigger;
  /** Load the DICOMweb plugin (STOW at url + '/dicom-web/studies'). Default true. */
  dicomWeb?: boolean;
  /** Reject C-STORE from callers not in `modalities`. Default false (any caller may store). */
  knownCallersOnly?: boolean;
  /** Default false: a re-sent SOP Instance UID keeps the first copy (and still answers success). */
  overwriteInstances?: boolean;
  /** Seconds of quiet before a series/study is "stable". Default 1. */
  stableAgeSeconds?: number;
}

export interface RunningOrthanc {
  aet: string;
  dicomPort: number;
  httpPort: number;
  /** http://127.0.0.1:<httpPort> */
  url: string;
  dir: string;
  logPath: string;
  /** Graceful stop (SIGTERM); keeps storage, index and saved jobs. */
  stop(): Promise<void>;
  /** Starts again on the same ports and storage. */
  start(): Promise<void>;
  /** Kill it and remove the temp dir. */
  dispose(): Promise<void>;
  instancesOfStudy(studyInstanceUid: string): Promise<rest.PacsInstance[]>;
  instanceFile(orthancId: string): Promise<Buffer>;
  count(): Promise<rest.PacsCounts>;
  forwardProgress(): Promise<rest.ForwardProgress>;
  /** Waits until auto-routing has sent at least n instances; throws early when every job has ended and some failed. */
  waitForForwarded(n: number, timeoutMs?: number): Promise<void>;
}

export function orthancInstalled(): boolean {
  return existsSync(ORTHANC_BIN);
}

export async function startOrthanc(opts: OrthancOptions = {}): Promise<RunningOrthanc> {
  // Free ports are only free "a moment ago"; a start that loses the race retries with new ones.
  for (let attempt = 1; ; attempt++) {
    const dir = mkdtempSync(path.join(tmpdir(), 'delineo-orthanc-'));
    const ports = { dicomPort: await freePort(), httpPort: await freePort() };
    const pacs = createOrthanc(dir, ports, opts);
    try {
      await pacs.start();
      return pacs;
    } catch (err) {
      await pacs.dispose();
      if (attempt >= 3 || !/already in use/i.test(String(err))) throw err;
    }
  }
}

function createOrthanc(
  dir: string,
  ports: { dicomPort: number; httpPort: number },
  opts: OrthancOptions,
): RunningOrthanc {
  const aet = opts.aet ?? 'ORTHANC';
  const url = `http://127.0.0.1:${ports.httpPort}`;
  const logPath = path.join(dir, 'orthanc.log');
  const configPath = path.join(dir, 'orthanc.json');
  mkdirSync(path.join(dir, 'tmp'));
  let luaScript: string | undefined;
  if (opts.autoRouteTo) {
    if (!opts.modalities?.[opts.autoRouteTo]) throw new Error(`autoRouteTo '${opts.autoRouteTo}' is not in modalities`);
    luaScript = path.join(dir, 'route.lua');
    writeFileSync(luaScript, routingLua(opts.autoRouteTo, opts.routeOn ?? 'instance'));
  }
  const config = orthancConfig({
    dir,
    aet,
    ...ports,
    luaScript,
    modalities: opts.modalities ?? {},
    knownCallersOnly: opts.knownCallersOnly ?? false,
    overwriteInstances: opts.overwriteInstances ?? false,
    dicomWeb: opts.dicomWeb ?? true,
    stableAgeSeconds: opts.stableAgeSeconds ?? 1,
  });
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  let proc: OrthancProcess | undefined;
  const pacs: RunningOrthanc = {
    aet,
    ...ports,
    url,
    dir,
    logPath,
    async start() {
      if (proc?.running()) return;
      proc = spawnOrthanc(ORTHANC_BIN, configPath, logPath);
      await proc.ready(url, ports.dicomPort).catch(async (err: Error) => {
        await proc?.stop(true);
        throw err;
      });
    },
    async stop() {
      await proc?.stop();
    },
    async dispose() {
      // Its data is about to be deleted, so a graceful shutdown buys nothing.
      await proc?.stop(true);
      rmSync(dir, { recursive: true, force: true });
    },
    instancesOfStudy: (uid) => rest.instancesOfStudy(url, uid),
    instanceFile: (id) => rest.instanceFile(url, id),
    count: () => rest.counts(url),
    forwardProgress: () => rest.forwardProgress(url),
    async waitForForwarded(n, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const p = await rest.forwardProgress(url);
        if (p.instancesSent >= n) return;
        const settled = p.pendingJobs === 0 && p.failures.length > 0;
        if (settled || Date.now() > deadline) {
          throw new Error(
            `Orthanc forwarded ${p.instancesSent}/${n} instances (${p.pendingJobs} jobs pending); failures: ${p.failures.join('; ') || 'none'}\n${logTail(logPath)}`,
          );
        }
        await sleep(100);
      }
    },
  };
  return pacs;
}
