/**
 * The object journal's thread (see object-journal.ts). Messages that arrive while a batch is being
 * written form the next batch, so parallel associations share one fdatasync (group commit).
 */
import * as fs from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { RecordType } from './record';
import { Segment } from './segment';
import { checkpoint, writeObjectFile } from './object-files';
import { fsyncDir } from '../durable-write';

export interface JournalInit {
  root: string;
  dir: string;
  segmentBytes: number;
  idleCheckpointMs: number;
}

export type JournalOp =
  | { id: number; kind: 'put'; key: string; chunks: Uint8Array[] }
  | { id: number; kind: 'delete'; key: string }
  | { id: number; kind: 'close' };

export interface JournalReply {
  id: number;
  error?: { message: string; code?: string };
}

const init = workerData as JournalInit;
const segments = [
  new Segment(join(init.dir, 'a.seg'), init.segmentBytes),
  new Segment(join(init.dir, 'b.seg'), init.segmentBytes),
];
fsyncDir(fs, init.dir); // the segments' directory entries are durable before any record
let generation = 1;
let active = segments[0];
active.generation = generation;
/** The other segment; `ready` settles when its checkpoint and reset are done. */
let standby: { seg: Segment; ready: Promise<void> } = { seg: segments[1], ready: Promise.resolve() };
const knownDirs = new Set<string>();
let queue: QueuedOp[] = [];
let running = false;
let idle: NodeJS.Timeout | undefined;

/** Internal: the idle checkpoint goes through the queue, so it never runs beside a batch. */
type QueuedOp = JournalOp | { id: 0; kind: 'checkpoint' };

parentPort!.on('message', (op: JournalOp) => enqueue(op));

function enqueue(op: QueuedOp): void {
  queue.push(op);
  if (!running) {
    running = true;
    setImmediate(() => void drain());
  }
}

async function drain(): Promise<void> {
  clearTimeout(idle);
  while (queue.length) {
    const batch = queue;
    queue = [];
    await runBatch(batch);
  }
  running = false;
  // A quiet journal is checkpointed, so that a restart has nothing to replay.
  if (active.offset > 0) idle = setTimeout(() => enqueue({ id: 0, kind: 'checkpoint' }), init.idleCheckpointMs);
}

async function runBatch(batch: QueuedOp[]): Promise<void> {
  const replies: JournalReply[] = [];
  const ok: JournalReply[] = [];
  const dirty = new Set<Segment>();
  const unlinks: string[] = [];
  for (const op of batch) {
    try {
      if (op.kind === 'checkpoint') {
        await roll().catch(() => undefined); // retried by the next roll
        continue;
      }
      if (op.kind === 'close') {
        await roll();
        await standby.ready;
        ok.push({ id: op.id });
        continue;
      }
      const bytes = 64 + op.key.length * 3 + (op.kind === 'put' ? op.chunks.reduce((n, c) => n + c.length, 0) : 0);
      if (!active.fits(bytes)) await roll();
      if (op.kind === 'put') {
        const path = writeObjectFile(init.root, op.key, op.chunks, knownDirs, active.createdDirs);
        active.append(active.generation, RecordType.Put, op.key, op.chunks);
        active.files.add(path);
      } else {
        for (const s of segments) if (s.erase(op.key)) dirty.add(s);
        active.append(active.generation, RecordType.Delete, op.key, []);
        unlinks.push(join(init.root, op.key));
      }
      dirty.add(active);
      ok.push({ id: op.id });
    } catch (e) {
      replies.push(failure(op.id, e));
    }
  }
  try {
    for (const s of dirty) fs.fdatasyncSync(s.fd);
    // The tombstone is durable: unlinking needs no directory flush, recovery would redo it.
    for (const path of unlinks) fs.rmSync(path, { force: true });
    replies.push(...ok);
  } catch (e) {
    // Whether these records reached the disk is unknown: fail them all and write elsewhere next.
    for (const r of ok) replies.push(failure(r.id, e));
    await roll().catch(() => undefined);
  }
  for (const r of replies) parentPort!.postMessage(r);
}

/**
 * Switch to the standby segment; the old one is checkpointed (its objects and directories
 * fsynced), reset, and becomes the standby. A failed checkpoint fails this roll's write (EIO) and
 * is retried by the next roll.
 */
async function roll(): Promise<void> {
  if (active.offset === 0) return;
  try {
    await standby.ready;
  } catch (e) {
    standby.ready = prepare(standby.seg);
    standby.ready.catch(() => undefined); // observed by the next roll
    throw e;
  }
  const old = active;
  active = standby.seg;
  active.generation = ++generation;
  standby = { seg: old, ready: prepare(old) };
  standby.ready.catch(() => undefined);
}

async function prepare(seg: Segment): Promise<void> {
  await checkpoint(seg.files, seg.dirsToSync());
  seg.reset();
}

function failure(id: number, e: unknown): JournalReply {
  const err = e as NodeJS.ErrnoException;
  return { id, error: { message: err.message, code: err.code ?? 'EIO' } };
}
