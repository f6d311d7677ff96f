import type { Worker } from 'node:worker_threads';
import { spawnThread } from './spawn-thread';
import type { WriteReply, WriteRequest } from './durable-write.thread';

interface Writer {
  thread: Worker;
  /** Writes posted to this thread and not yet answered. */
  inFlight: number;
}

interface Pending {
  resolve: () => void;
  reject: (e: Error) => void;
  writer: Writer;
}

/**
 * A few threads that each run the whole synchronous durable write (durable-write.ts) per object.
 * One message hop each way instead of the eight thread-pool round trips of the fs promise API,
 * and the gateway's event loop stays free while the disk flushes: with parallel associations the
 * flushes of different instances overlap, and on one association the object's flush overlaps the
 * database statement. The data is copied into the message (about 50 µs for a 512 KiB slice):
 * transferring would detach buffers the caller may share.
 */
export class DurableWritePool {
  private readonly writers: Writer[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly size = 4) {}

  write(root: string, tmp: string, path: string, chunks: readonly Uint8Array[]): Promise<void> {
    const writer = this.pick();
    const id = this.nextId++;
    const req: WriteRequest = { id, root, tmp, path, chunks: [...chunks] };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, writer });
      if (writer.inFlight++ === 0) writer.thread.ref(); // a write in flight keeps the process alive until it is durable
      writer.thread.postMessage(req);
    });
  }

  async close(): Promise<void> {
    const writers = this.writers.splice(0);
    await Promise.all(writers.map((w) => w.thread.terminate()));
  }

  /** The least-loaded thread; a new one while below `size` and every thread is busy. */
  private pick(): Writer {
    let best: Writer | undefined;
    for (const w of this.writers) if (!best || w.inFlight < best.inFlight) best = w;
    if (best?.inFlight === 0) return best;
    return this.writers.length < this.size ? this.spawn() : best!;
  }

  private spawn(): Writer {
    const t = spawnThread(__dirname, 'durable-write.thread');
    const writer: Writer = { thread: t, inFlight: 0 };
    this.writers.push(writer);
    t.on('message', (reply: WriteReply) => this.settle(reply));
    t.once('error', (e) => this.fail(writer, e.message));
    t.once('exit', (code) => this.fail(writer, `durable writer thread exited with code ${code}`));
    t.unref(); // idle threads never hold the process; after the listeners, which ref the port again
    return writer;
  }

  private settle(reply: WriteReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (--p.writer.inFlight === 0) p.writer.thread.unref();
    if (!reply.error) return p.resolve();
    p.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
  }

  /** A dead thread fails its own writes (their outcome is unknown) and is replaced on demand. */
  private fail(writer: Writer, message: string): void {
    const i = this.writers.indexOf(writer);
    if (i >= 0) this.writers.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.writer !== writer) continue;
      this.pending.delete(id);
      p.reject(Object.assign(new Error(message), { code: 'EIO' }));
    }
  }
}
