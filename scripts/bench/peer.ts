import { readFileSync } from 'node:fs';

/** What the benchmark needs from a receiver: where to send, how to check it stored, how to stop it. */
export interface Peer {
  /** Row label, e.g. "storescp" or "Delineo (embedded)". */
  label: string;
  aeTitle: string;
  dimsePort: number;
  /** POST target for STOW-RS, when the peer has one. */
  stowUrl?: string;
  /** Headers every STOW-RS request carries (Delineo: its API token). */
  stowHeaders?: Record<string, string>;
  /** Problems found when checking that exactly `expected` instances are stored; empty when all is well. */
  verify(expected: number): Promise<string[]>;
  /** The peer's stdout/stderr, shown when a run fails. */
  logPath: string;
  /** Peak resident set (VmHWM) in bytes, for peers whose memory we report. */
  peakRssBytes?(): number | undefined;
  stop(): Promise<void>;
}

/** The environment every peer and client starts from: nothing inherited that could change its mode. */
export function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TCP_NODELAY: '1',
  };
  if (process.env.DCMDICTPATH) env.DCMDICTPATH = process.env.DCMDICTPATH;
  return env;
}

/** `/proc/<pid>/status` fields in bytes (Linux only). */
export function procStatus(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}
