import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** Synchronous fs calls for the small-object fast path; injectable so tests can simulate faults. */
export type FsSyncOps = Pick<typeof fs, 'openSync' | 'writeSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'mkdirSync'>;

export const realSyncOps: FsSyncOps = fs;

/**
 * write → fsync → rename → fsync(dir), in one synchronous run. For an instance-sized object this
 * costs one fsync wait instead of nine thread-pool round trips, which is what bounds C-STORE
 * latency on one association (each response waits for durability). Large objects use the async path.
 */
export function writeDurableSync(ops: FsSyncOps, tmp: string, path: string, chunks: readonly Buffer[], knownDirs: Set<string>): void {
  const dir = dirname(path);
  if (!knownDirs.has(dir)) {
    const first = ops.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // New directories must be made durable in their parents too (fsync each created level's parent).
    if (first) for (let d = dir; d.length >= first.length; d = dirname(d)) fsyncDir(ops, dirname(d));
    knownDirs.add(dir);
  }
  let fd = -1;
  try {
    fd = ops.openSync(tmp, 'wx', 0o600);
    for (const chunk of chunks) {
      for (let off = 0; off < chunk.length; ) off += ops.writeSync(fd, chunk, off, chunk.length - off);
    }
    ops.fsyncSync(fd);
    ops.closeSync(fd);
    fd = -1;
    ops.renameSync(tmp, path);
    fsyncDir(ops, dir);
  } catch (e) {
    if (fd >= 0) {
      try {
        ops.closeSync(fd);
      } catch {
        /* already failing */
      }
    }
    try {
      ops.unlinkSync(tmp);
    } catch {
      /* gone already if the rename succeeded */
    }
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') knownDirs.delete(dir);
    throw e;
  }
}

function fsyncDir(ops: FsSyncOps, dir: string): void {
  const fd = ops.openSync(dir, 'r');
  try {
    ops.fsyncSync(fd);
  } finally {
    ops.closeSync(fd);
  }
}
