import { randomBytes } from 'node:crypto';
import { constants, statSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { assertValidKey, assertValidPrefix } from './object-key';
import type { ObjectStore } from './object-store.port';
import { StorageError, fromFsError } from './storage-error';
import { FsSyncOps, realSyncOps, writeDurableSync } from './durable-write';
import { DurableWritePool } from './durable-write-pool';
import { ObjectJournal, type ObjectJournalOptions } from './journal/object-journal';

/** Objects up to this size go to the writer threads (see durable-write-pool.ts); larger ones stream. */
const SMALL_PUT_MAX_BYTES = 4 * 1024 * 1024;
/** Writer threads shared by every FsObjectStore of the process (they wait on the disk, not the CPU). */
let sharedPool: DurableWritePool | undefined;

/** The fs functions the adapter uses; injectable so tests can simulate ENOSPC and friends. */
export type FsOps = Pick<
  typeof fsp,
  'open' | 'rename' | 'mkdir' | 'unlink' | 'readFile' | 'stat' | 'readdir' | 'access'
>;

export interface FsObjectStoreOptions {
  /** Make small objects durable through an object journal (journal/object-journal.ts) instead of one flush chain each. */
  journal?: ObjectJournalOptions;
}

/**
 * Filesystem adapter for embedded mode. Writes go to a dot-prefixed temp file in the target's own
 * directory (so inside DATA_DIR and on the same filesystem), are fsynced, renamed into place, and the
 * directory is fsynced, so an acknowledged C-STORE survives power loss. With a journal (the
 * gateway's store), objects that fit a segment are made durable by the journal's flush instead.
 */
export class FsObjectStore implements ObjectStore {
  private readonly root: string;
  private readonly fs: FsOps;
  /** Injected sync ops (fault tests): small objects are written on the calling thread with them. */
  private readonly syncOps?: FsSyncOps;
  private readonly pool?: DurableWritePool;
  private readonly knownDirs = new Set<string>();
  private journal?: ObjectJournal;

  /** Injected async ops (fault tests) disable the writer threads unless sync ops are injected too. */
  constructor(
    rootDir: string,
    fsOps: Partial<FsOps> = {},
    syncOps?: Partial<FsSyncOps>,
    private readonly opts: FsObjectStoreOptions = {},
  ) {
    this.root = resolve(rootDir);
    this.fs = { ...fsp, ...fsOps };
    if (syncOps) this.syncOps = { ...realSyncOps, ...syncOps };
    else if (Object.keys(fsOps).length === 0) this.pool = sharedPool ??= new DurableWritePool();
  }

  async init(): Promise<void> {
    await this.fs
      .mkdir(this.root, { recursive: true, mode: 0o700 })
      .catch((e) => Promise.reject(fromFsError(e, 'init', '.')));
    if (!this.opts.journal || this.journal) return;
    try {
      this.journal = ObjectJournal.open(this.root, this.opts.journal);
    } catch (e) {
      throw fromFsError(e, 'init', '.journal');
    }
  }

  recovered(): { journals: number; puts: number; deletes: number } | undefined {
    return this.journal?.recovered;
  }

  /** Checkpoints and removes the object journal, if any; the store is not usable afterwards. */
  async close(): Promise<void> {
    await this.journal?.close();
  }

  async put(key: string, data: Buffer | readonly Buffer[]): Promise<void> {
    const path = this.pathOf(key);
    const chunks = Buffer.isBuffer(data) ? [data] : data;
    const size = chunks.reduce((n, c) => n + c.length, 0);
    if (this.journal && size <= Math.min(SMALL_PUT_MAX_BYTES, this.journal.maxObjectBytes)) {
      return this.journal.put(key, chunks).catch((e) => Promise.reject(fromFsError(e, 'put', key)));
    }
    const dir = dirname(path);
    const tmp = join(dir, `.${randomBytes(8).toString('hex')}.tmp`);
    if ((this.syncOps || this.pool) && size <= SMALL_PUT_MAX_BYTES) {
      try {
        if (this.pool) return await this.pool.write(this.root, tmp, path, chunks);
        return writeDurableSync(this.syncOps!, this.root, tmp, path, chunks, this.knownDirs);
      } catch (e) {
        throw fromFsError(e, 'put', key);
      }
    }
    try {
      await this.mkdirDurable(dir);
      const fh = await this.fs.open(tmp, 'wx', 0o600);
      try {
        for (const chunk of chunks) {
          for (let off = 0; off < chunk.length;) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten;
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      await this.fs.rename(tmp, path);
      await this.fsyncDir(dir);
    } catch (e) {
      await this.fs.unlink(tmp).catch(() => undefined); // gone already if the rename succeeded
      throw fromFsError(e, 'put', key);
    }
  }

  async get(key: string): Promise<Buffer> {
    return this.fs.readFile(this.pathOf(key)).catch((e) => Promise.reject(fromFsError(e, 'get', key)));
  }

  async getStream(key: string): Promise<Readable> {
    const fh = await this.fs.open(this.pathOf(key), 'r').catch((e) => Promise.reject(fromFsError(e, 'get', key)));
    return fh.createReadStream({ autoClose: true });
  }

  async head(key: string): Promise<{ size: number } | undefined> {
    try {
      // A stat is microseconds; skipping the thread pool keeps it off the C-STORE latency path.
      const st = this.syncOps || this.pool ? statSync(this.pathOf(key)) : await this.fs.stat(this.pathOf(key));
      return st.isFile() ? { size: st.size } : undefined;
    } catch (e) {
      const err = fromFsError(e, 'head', key);
      if (err.code === 'storage/not-found') return undefined;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    if (this.journal) return this.journal.delete(key).catch((e) => Promise.reject(fromFsError(e, 'delete', key)));
    await this.fs.unlink(path).catch((e) => {
      const err = fromFsError(e, 'delete', key);
      if (err.code !== 'storage/not-found') throw err;
    });
  }

  async *list(prefix: string): AsyncIterable<string> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const base = slash >= 0 ? prefix.slice(0, slash) : '';
    for await (const key of this.walk(base)) if (key.startsWith(prefix)) yield key;
  }

  async presignGet(): Promise<URL> {
    throw new StorageError('storage/unsupported', 'the filesystem store cannot presign URLs');
  }

  async presignPut(): Promise<URL> {
    throw new StorageError('storage/unsupported', 'the filesystem store cannot presign URLs');
  }

  async ping(): Promise<void> {
    await this.fs.access(this.root, constants.W_OK).catch((e) => Promise.reject(fromFsError(e, 'ping', '.')));
  }

  private pathOf(key: string): string {
    const path = join(this.root, assertValidKey(key));
    if (!path.startsWith(this.root + sep)) throw new StorageError('storage/invalid-key', 'invalid object key');
    return path;
  }

  private async *walk(rel: string): AsyncIterable<string> {
    let entries;
    try {
      entries = await this.fs.readdir(rel ? join(this.root, rel) : this.root, { withFileTypes: true });
    } catch (e) {
      const err = fromFsError(e, 'list', rel || '.');
      if (err.code === 'storage/not-found' || (e as { code?: string }).code === 'ENOTDIR') return;
      throw err;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue; // temp files
      const key = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) yield* this.walk(key);
      else if (entry.isFile()) yield key;
    }
  }

  /** mkdir -p, then fsync the parent of every directory it created so the new entries are durable too. */
  private async mkdirDurable(dir: string): Promise<void> {
    const first = await this.fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (!first) return;
    for (let d = dir; d.length >= first.length; d = dirname(d)) await this.fsyncDir(dirname(d));
  }

  private async fsyncDir(dir: string): Promise<void> {
    const fh = await this.fs.open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }
}
