import type { ObjectStore } from '@delineo/storage';
import { resolveLocator, type WorkStoreTarget } from './locator-policy';
import { getObject, putObject, type HttpBounds } from './store-http';
import { WorkIoError } from './work-io-error';

export { WorkIoError, type WorkIoErrorCode } from './work-io-error';

/** Reads and writes what a job's locators name; nothing else is reachable through it. */
export interface WorkIo {
  read(locator: string): Promise<Buffer>;
  write(locator: string, data: Buffer): Promise<void>;
}

export interface WorkIoOptions {
  /** The object folder `fs:work/…` keys resolve in (a filesystem shared with the gateway). */
  store?: ObjectStore;
  /** The S3 store pre-signed URLs must point into; without it no http(s) locator is accepted. */
  s3?: WorkStoreTarget;
  /** The largest input object read (default 1 GiB, as one DIMSE dataset). */
  maxObjectBytes?: number;
  /** Deadline of one HTTP exchange with the store (default 15 minutes). */
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export const DEFAULT_MAX_OBJECT_BYTES = 1024 ** 3;
export const DEFAULT_STORE_TIMEOUT_MS = 15 * 60_000;

/**
 * `fs:work/…` locators resolve in `store` (the gateway's filesystem store, shared in embedded mode);
 * http(s) locators are pre-signed URLs of the configured S3 store. Every locator passes the policy
 * in locator-policy.ts before anything is read or written. Messages never carry a URL: its query is
 * a credential.
 */
export function createWorkIo(opts: WorkIoOptions = {}): WorkIo {
  const bounds: HttpBounds = {
    maxBytes: opts.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES,
    timeoutMs: opts.timeoutMs ?? DEFAULT_STORE_TIMEOUT_MS,
    fetchImpl: opts.fetchImpl ?? fetch,
  };
  const folder = (): ObjectStore => {
    if (!opts.store)
      throw new WorkIoError('worker/locator-unsupported', 'this worker has no object folder for fs: locators', true);
    return opts.store;
  };
  const unreadable = (e: unknown) =>
    Promise.reject(
      new WorkIoError('worker/input-unavailable', `input unreadable (${(e as { code?: string }).code ?? 'error'})`),
    );
  return {
    async read(locator) {
      const at = resolveLocator(locator, opts.s3);
      if (at.kind === 'url') return getObject(at, bounds);
      const store = folder();
      const head = await store.head(at.key).catch(unreadable);
      if (head && head.size > bounds.maxBytes)
        throw new WorkIoError(
          'worker/object-too-large',
          `input object has ${head.size} bytes; the cap is ${bounds.maxBytes} (WORKER_MAX_OBJECT_BYTES)`,
          true,
        );
      return store.get(at.key).catch(unreadable);
    },
    async write(locator, data) {
      const at = resolveLocator(locator, opts.s3);
      if (at.kind === 'url') return putObject(at, data, bounds);
      return folder().put(at.key, data);
    },
  };
}
