import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { dirname, join } from 'node:path';
import { fsyncDir, realSyncOps, writeDurableSync } from '../durable-write';
import { assertValidKey } from '../object-key';
import { RecordType, firstGeneration, scanSegment } from './record';

export interface RecoveryResult {
  /** Journals (of processes that ended without closing theirs) replayed. */
  journals: number;
  puts: number;
  deletes: number;
}

/**
 * Replays the journals that no live process owns, into the object store, durably, then removes
 * them. A journal directory is `<pid>-<random>`: it is ours to replay when that process is gone,
 * or when it carries our own pid but is not open in this process (a container restarts as pid 1).
 * The directory is first renamed to a name of ours, so two processes never replay the same one.
 */
export function recoverJournals(root: string, journalsDir: string, openHere: ReadonlySet<string>): RecoveryResult {
  const result: RecoveryResult = { journals: 0, puts: 0, deletes: 0 };
  fs.mkdirSync(journalsDir, { recursive: true, mode: 0o700 });
  for (const name of fs.readdirSync(journalsDir)) {
    const path = join(journalsDir, name);
    const pid = Number(name.split('-')[0]);
    if (!Number.isInteger(pid) || openHere.has(path)) continue;
    if (pid !== process.pid && isAlive(pid)) continue;
    const claimed = join(journalsDir, `${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      fs.renameSync(path, claimed);
    } catch {
      continue; // another process claimed it first
    }
    replay(root, claimed, result);
    fs.rmSync(claimed, { recursive: true, force: true });
    fsyncDir(realSyncOps, journalsDir);
    result.journals++;
  }
  return result;
}

function replay(root: string, dir: string, result: RecoveryResult): void {
  const images = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.seg'))
    .map((n) => fs.readFileSync(join(dir, n)))
    .map((image) => ({ image, generation: firstGeneration(image) ?? -1 }))
    .filter((s) => s.generation >= 0)
    .sort((a, b) => a.generation - b.generation);
  const knownDirs = new Set<string>();
  const unlinkedIn = new Set<string>();
  for (const { image } of images) {
    for (const rec of scanSegment(image)) {
      const path = join(root, assertValidKey(rec.key));
      if (rec.type === RecordType.Put) {
        const tmp = join(dirname(path), `.${randomBytes(8).toString('hex')}.tmp`);
        writeDurableSync(realSyncOps, root, tmp, path, [rec.data], knownDirs);
        result.puts++;
      } else {
        fs.rmSync(path, { force: true });
        unlinkedIn.add(dirname(path));
        result.deletes++;
      }
    }
  }
  for (const d of unlinkedIn) if (fs.existsSync(d)) fsyncDir(realSyncOps, d);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
