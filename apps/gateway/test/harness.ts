/**
 * E2E harness: the real gateway in-process on loopback (temp DATA_DIR, temp YAML settings file,
 * a log file, ephemeral ports) and the real dcmtk tools run with execFile (TCP_NODELAY=1, see
 * shared/TESTBED.md "Nagle").
 */
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, requests } from 'dcmjs-dimse';
import { dump } from 'js-yaml';
import { loadConfig } from '@delineo/config';
import { startGateway, type RunningGateway } from '../src/bootstrap';
import { ApiTokenService } from '../src/auth/api-token.service';
import { authorize } from './dicomweb-client';
import { peerAvailable, REQUIRE_PEERS } from '../../../test-support/require-peer';

/** Read-only reference data next to the repo (repo-root/../shared/data); never copied in. */
export const SHARED_DATA = process.env.DELINEO_SHARED_DATA ?? path.resolve(__dirname, '../../../../shared/data');
export const shared = (...parts: string[]): string => path.join(SHARED_DATA, ...parts);

export const AE = 'DELINEO';
export const SCU = 'E2E-SCU';

export interface LogLine {
  event?: string;
  level: number;
  [k: string]: unknown;
}

export interface TestGateway {
  gw: RunningGateway;
  /** http://127.0.0.1:<port> */
  http: string;
  dimsePort: number;
  /** Temp root holding data/, settings.yaml and gateway.log. */
  dir: string;
  dataDir: string;
  logFile: string;
  logLines(): LogLine[];
  events(): string[];
  /** A service token with every DICOMweb, status and pipeline scope (source `e2e`), made at start. */
  token: string;
  /** fetch(`${http}${path}`) with that token, unless `init.headers` sets its own Authorization. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export interface GatewayOptions {
  /** YAML settings (DELINEO_CONFIG); default allows only SCU from anywhere. */
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  /** Keep the temp dir after close (the caller scans and removes it). */
  keepDir?: boolean;
}

export const DEFAULT_SETTINGS = {
  dimse: { allowedCallers: [{ aeTitle: SCU }] },
  // Completion by expected count or association release; the quiet timer must not race the test.
  series: { quietPeriodSeconds: 3600 },
};

export async function startTestGateway(opts: GatewayOptions = {}): Promise<TestGateway> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-'));
  const dataDir = path.join(dir, 'data');
  const settingsFile = path.join(dir, 'settings.yaml');
  const logFile = path.join(dir, 'gateway.log');
  writeFileSync(settingsFile, dump(opts.settings ?? DEFAULT_SETTINGS));
  let gw: RunningGateway;
  try {
    const config = loadConfig({
      DATA_DIR: dataDir,
      DELINEO_CONFIG: settingsFile,
      HTTP_PORT: '0',
      DIMSE_PORT: '0',
      DIMSE_AE_TITLE: AE,
      LOG_LEVEL: 'info',
      ...opts.env,
    });
    gw = await startGateway(config, { logDestination: logFile });
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const { token } = await gw.app
    .get(ApiTokenService)
    .create(
      { name: 'e2e', scopes: ['dicomweb:read', 'dicomweb:write', 'status:read', 'pipeline:operate'], source: 'e2e' },
      'e2e-harness',
    );
  const http = `http://127.0.0.1:${gw.httpPort}`;
  authorize(http, token);
  let closed = false;
  const logLines = (): LogLine[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
  return {
    gw,
    dir,
    dataDir,
    logFile,
    logLines,
    token,
    http,
    fetch: (p, init = {}) =>
      fetch(`${http}${p}`, {
        ...init,
        headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
      }),
    dimsePort: gw.dimsePort,
    events: () => logLines().map((l) => l.event ?? ''),
    async close() {
      if (closed) return;
      closed = true;
      await gw.close();
      if (!opts.keepDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Random secrets in the format libs/config parses: 32-byte hex project key, `id:base64` keyring. */
/** Object files of the fs store under DATA_DIR (its journal, `objects/.journal`, is not an object). */
export function objectFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, 'objects');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && !path.relative(dir, e.parentPath).split(path.sep).includes('.journal'))
    .map((e) => path.join(e.parentPath, e.name));
}

export function randomSecrets(): { DELINEO_PROJECT_KEY: string; DELINEO_VAULT_KEYS: string } {
  return {
    DELINEO_PROJECT_KEY: randomBytes(32).toString('hex'),
    DELINEO_VAULT_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
}

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a dcmtk (or other) tool; never throws on a non-zero exit: callers assert the code. */
export function runTool(tool: string, args: string[], timeoutMs = 120_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    execFile(
      tool,
      args,
      { env: { ...process.env, TCP_NODELAY: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : -1
          : 0;
        if (err && code === -1 && (err as NodeJS.ErrnoException).code === 'ENOENT') return reject(err);
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

/** storescu options, then host and port, then files (TESTBED.md). */
export function storescu(gw: TestGateway, files: string[], extra: string[] = [], aet = SCU): Promise<ToolResult> {
  return runTool('storescu', ['-aec', AE, '-aet', aet, ...extra, '127.0.0.1', String(gw.dimsePort), ...files]);
}

export function echoscu(gw: TestGateway, aet = SCU, aec = AE): Promise<ToolResult> {
  return runTool('echoscu', ['-aec', aec, '-aet', aet, '127.0.0.1', String(gw.dimsePort)]);
}

/** One C-STORE from node (dcmjs-dimse Client), for what dcmtk refuses to send; resolves with the statuses. */
export function cStore(gw: TestGateway, file: string): Promise<number[]> {
  const client = new Client();
  const request = new requests.CStoreRequest(file);
  const statuses: number[] = [];
  request.on('response', (rsp: { getStatus(): number }) => statuses.push(rsp.getStatus()));
  client.addRequest(request);
  return new Promise((resolve, reject) => {
    client.on('closed', () => resolve(statuses));
    client.on('networkError', reject);
    client.send('127.0.0.1', gw.dimsePort, SCU, AE);
  });
}

export function dcmsend(gw: TestGateway, files: string[], extra: string[] = []): Promise<ToolResult> {
  return runTool('dcmsend', ['-aec', AE, '-aet', SCU, ...extra, '127.0.0.1', String(gw.dimsePort), ...files]);
}

const toolCache = new Map<string, boolean>();
export function hasTool(tool: string): boolean {
  if (!toolCache.has(tool)) toolCache.set(tool, spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
  return toolCache.get(tool)!;
}

/**
 * `describe` when every tool is installed and every peer URL answers; otherwise skipped, unless
 * DELINEO_REQUIRE_PEERS=1 (CI), where anything missing fails the suite.
 */
export function describeWithTools(name: string, tools: string[], fn: () => void, peers: string[] = []): void {
  const missing = [
    ...tools.filter((t) => !hasTool(t)),
    ...peers.filter((u) => !peerAvailable(u)).map((u) => new URL(u).host),
  ];
  if (missing.length === 0) return describe(name, fn);
  if (!REQUIRE_PEERS) return describe.skip(`${name} (missing ${missing.join(', ')})`, fn);
  describe(name, () => {
    it('has its tools and peers available (DELINEO_REQUIRE_PEERS=1)', () => {
      throw new Error(`missing: ${missing.join(', ')}`);
    });
  });
}
