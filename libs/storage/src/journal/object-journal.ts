import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { spawnThread } from '../spawn-thread';
import type { JournalInit, JournalOp, JournalReply } from './journal.thread';
import { recoverJournals, type RecoveryResult } from './recovery';

export interface ObjectJournalOptions {
  /** Bytes per segment file; two are preallocated. An object must fit in one. */
  segmentBytes?: number;
  /** A journal idle this long is checkpointed, so a restart has little to replay. */
  idleCheckpointMs?: number;
}

type Request = { kind: 'put'; key: string; chunks: Uint8Array[] } | { kind: 'delete'; key: string } | { kind: 'close' };

/** Journal directories open in this process: recovery must never replay a live one. */
const openHere = new Set<string>();

/**
 * Redo log that makes small objects durable with one flush of a preallocated file instead of
 * write + fdatasync + rename + directory fsync per object (PostgreSQL's WAL idea, for objects):
 * a put writes the object file unflushed and appends the same bytes to the journal; the journal's
 * fdatasync is the durability point, shared by every put in flight (group commit). Segments are
 * checkpointed (objects fsynced) before reuse; journals left by a crash are replayed at open.
 * Deletes append a durable tombstone first, so a replay never resurrects a deleted object.
 */
export class ObjectJournal {
  private thread?: Worker;
  private dir?: string;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextId = 1;
  readonly recovered: RecoveryResult;

  private constructor(
    private readonly root: string,
    private readonly opts: Required<ObjectJournalOptions>,
  ) {
    this.recovered = recoverJournals(root, this.journalsDir(), openHere);
    this.start(); // preallocates the segments now, not on the first instance
  }

  /** Replays what crashed processes left (synchronously: nothing is served before it), then opens a fresh journal. */
  static open(root: string, opts: ObjectJournalOptions = {}): ObjectJournal {
    return new ObjectJournal(root, {
      segmentBytes: opts.segmentBytes ?? 32 * 1024 * 1024,
      idleCheckpointMs: opts.idleCheckpointMs ?? 2000,
    });
  }

  /** Largest object that fits in a segment with its header. */
  get maxObjectBytes(): number {
    return this.opts.segmentBytes - 64 * 1024;
  }

  put(key: string, chunks: readonly Uint8Array[]): Promise<void> {
    return this.send({ kind: 'put', key, chunks: [...chunks] });
  }

  delete(key: string): Promise<void> {
    return this.send({ kind: 'delete', key });
  }

  /** Checkpoints everything and removes the journal: the next start has nothing to replay. */
  async close(): Promise<void> {
    if (!this.thread) return;
    await this.send({ kind: 'close' });
    const dir = this.dir!;
    await this.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  private send(req: Request): Promise<void> {
    const thread = this.thread ?? this.start();
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      if (this.pending.size === 0) thread.ref(); // a write in flight keeps the process alive until it is durable
      this.pending.set(id, { resolve, reject });
      thread.postMessage({ ...req, id } as JournalOp);
    });
  }

  private journalsDir(): string {
    return join(this.root, '.journal');
  }

  private start(): Worker {
    this.dir = join(this.journalsDir(), `${process.pid}-${randomBytes(6).toString('hex')}`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    openHere.add(this.dir);
    const init: JournalInit = { root: this.root, dir: this.dir, ...this.opts };
    const t = spawnThread(__dirname, 'journal.thread', init);
    t.on('message', (r: JournalReply) => this.settle(r));
    t.once('error', (e) => this.died(t, e.message));
    t.once('exit', (code) => this.died(t, `object journal thread exited with code ${code}`));
    t.unref();
    this.thread = t;
    return t;
  }

  private settle(r: JournalReply): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (this.pending.size === 0) this.thread?.unref();
    if (!r.error) return p.resolve();
    p.reject(Object.assign(new Error(r.error.message), { code: r.error.code }));
  }

  /** Writes in flight have an unknown outcome (EIO); the dead thread's journal is replayed before a new one opens. */
  private died(t: Worker, message: string): void {
    if (this.thread !== t) return;
    this.thread = undefined;
    openHere.delete(this.dir!);
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(Object.assign(new Error(message), { code: 'EIO' }));
    }
    try {
      recoverJournals(this.root, this.journalsDir(), openHere);
    } catch {
      /* left for the next start */
    }
  }

  private async stop(): Promise<void> {
    const t = this.thread;
    this.thread = undefined;
    openHere.delete(this.dir!);
    await t?.terminate();
  }
}
