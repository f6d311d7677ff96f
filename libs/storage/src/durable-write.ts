import * as fs from 'node:fs';
import { dirname } from 'node:path';

/** Synchronous fs calls of the durable write; injectable so tests can simulate faults. */
export type FsSyncOps = Pick<
  typeof fs,
  'openSync' | 'writeSync' | 'fdatasyncSync' | 'fsyncSync' | 'closeSync' | 'renameSync' | 'unlinkSync' | 'mkdirSync'
>;

export const realSyncOps: FsSyncOps = fs;

/**
 * write → fdatasync → rename → fsync(dir), in one synchronous run (on a writer thread, see
 * durable-write-pool.ts). fdatasync suffices for the new file: it flushes the data and the
 * metadata needed to read it back (size, blocks), as PostgreSQL does for its WAL; the directory
 * fsync makes the rename durable. The first time a thread writes into a directory it also makes
 * the directory chain up to `root` durable, whoever created it, so no acknowledged object can hang
 * off a directory entry that is still only in memory.
 */
export function writeDurableSync(
  ops: FsSyncOps,
  root: string,
  tmp: string,
  path: string,
  chunks: readonly Uint8Array[],
  knownDirs: Set<string>,
): void {
  const dir = dirname(path);
  if (!knownDirs.has(dir)) {
    ops.mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (let d = dir; d.length > root.length; d = dirname(d)) fsyncDir(ops, dirname(d));
    knownDirs.add(dir);
  }
  let fd = -1;
  try {
    fd = ops.openSync(tmp, 'wx', 0o600);
    writeAllSync(ops, fd, chunks);
    ops.fdatasyncSync(fd);
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

/** Writes every byte of `chunks` at the file position (writeSync may write less than asked). */
export function writeAllSync(ops: Pick<FsSyncOps, 'writeSync'>, fd: number, chunks: readonly Uint8Array[]): void {
  for (const chunk of chunks) {
    for (let off = 0; off < chunk.length;) off += ops.writeSync(fd, chunk, off, chunk.length - off);
  }
}

export function fsyncDir(ops: Pick<FsSyncOps, 'openSync' | 'fsyncSync' | 'closeSync'>, dir: string): void {
  const fd = ops.openSync(dir, 'r');
  try {
    ops.fsyncSync(fd);
  } finally {
    ops.closeSync(fd);
  }
}
