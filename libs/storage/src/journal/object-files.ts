import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeAllSync } from '../durable-write';

/**
 * Writes an object file without flushing it (temp file, then rename, so readers never see a
 * partial object): its durability comes from the journal record written with it, and the flush
 * happens later, at checkpoint. Returns the path; directories it had to create go into `createdDirs`.
 */
export function writeObjectFile(
  root: string,
  key: string,
  chunks: readonly Uint8Array[],
  knownDirs: Set<string>,
  createdDirs: Set<string>,
): string {
  const path = join(root, key);
  const dir = dirname(path);
  if (!knownDirs.has(dir)) {
    const first = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (first) for (let d = dir; d.length >= first.length; d = dirname(d)) createdDirs.add(d);
    knownDirs.add(dir);
  }
  const tmp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
  let fd = -1;
  try {
    fd = fs.openSync(tmp, 'wx', 0o600);
    writeAllSync(fs, fd, chunks);
    fs.closeSync(fd);
    fd = -1;
    fs.renameSync(tmp, path);
    return path;
  } catch (e) {
    if (fd >= 0) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') knownDirs.delete(dir); // removed under us
    throw e;
  }
}

/** Makes the objects of a segment, and the directory entries naming them, durable. Gone files are skipped. */
export async function checkpoint(files: Iterable<string>, dirs: Iterable<string>): Promise<void> {
  const flush = async (path: string) => {
    let fh;
    try {
      fh = await fsp.open(path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // deleted since: its tombstone is durable
      throw e;
    }
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  };
  // Both must be done before the segment is reset; files first keeps at most 4 flushes in flight.
  await runLimited([...files], flush);
  await runLimited([...dirs], flush);
}

async function runLimited(paths: string[], fn: (p: string) => Promise<void>, width = 4): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < paths.length) await fn(paths[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(width, paths.length) }, lane));
}
