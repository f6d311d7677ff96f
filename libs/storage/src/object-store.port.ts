import type { Readable } from 'node:stream';

export interface PutOptions {
  contentType?: string;
}

/**
 * Object storage for de-identified instances, volumes, label maps and SEGs. Keys are validated by
 * every adapter (see object-key.ts). put() resolves only once the object is durable.
 */
export interface ObjectStore {
  /** Prepares the backend (creates the root dir / bucket). Call once at boot. */
  init(): Promise<void>;
  put(key: string, data: Buffer | readonly Buffer[], opts?: PutOptions): Promise<void>;
  get(key: string): Promise<Buffer>;
  getStream(key: string): Promise<Readable>;
  head(key: string): Promise<{ size: number } | undefined>;
  /** Idempotent: deleting a missing key succeeds. */
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, in lexicographic order for the fs adapter. */
  list(prefix: string): AsyncIterable<string>;
  presignGet(key: string, ttlSeconds: number): Promise<URL>;
  presignPut(key: string, ttlSeconds: number): Promise<URL>;
  /** Readiness: resolves when the backend is reachable and writable. */
  ping(): Promise<void>;
  /** What init() replayed from journals a crashed process left (fs adapter with a journal only). */
  recovered?(): { journals: number; puts: number; deletes: number } | undefined;
  /** Releases what init() opened (the fs adapter's journal is checkpointed); optional. */
  close?(): Promise<void>;
}
