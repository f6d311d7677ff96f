import { locatorKey } from '@delineo/jobs';
import type { ObjectStore } from '@delineo/storage';
import { CodedError } from '@delineo/errors';

export type WorkIoErrorCode = 'worker/input-unavailable' | 'worker/output-rejected' | 'worker/locator-unsupported';

/** Transient by default: an expired URL or a store that is down is worth a retry. */
export class WorkIoError extends CodedError<WorkIoErrorCode> {
  constructor(
    code: WorkIoErrorCode,
    message: string,
    readonly permanent = false,
  ) {
    super(code, message);
  }
}

/** Reads and writes what a job's locators name; nothing else is reachable through it. */
export interface WorkIo {
  read(locator: string): Promise<Buffer>;
  write(locator: string, data: Buffer): Promise<void>;
}

/**
 * `fs:work/…` locators resolve in `store` (the gateway's filesystem store, shared in embedded mode);
 * http(s) locators are pre-signed URLs. Messages never carry the URL: its query is a credential.
 */
export function createWorkIo(store?: ObjectStore, fetchImpl: typeof fetch = fetch): WorkIo {
  const keyOf = (locator: string): string => {
    const key = locatorKey(locator);
    if (!key || !store)
      throw new WorkIoError('worker/locator-unsupported', 'this worker has no object folder for fs: locators', true);
    return key;
  };
  return {
    async read(locator) {
      if (locator.startsWith('fs:'))
        return store!
          .get(keyOf(locator))
          .catch((e) =>
            Promise.reject(
              new WorkIoError(
                'worker/input-unavailable',
                `input unreadable (${(e as { code?: string }).code ?? 'error'})`,
              ),
            ),
          );
      const res = await fetchImpl(locator).catch((e) =>
        Promise.reject(new WorkIoError('worker/input-unavailable', `input fetch failed (${(e as Error).name})`)),
      );
      if (!res.ok) throw new WorkIoError('worker/input-unavailable', `input fetch answered HTTP ${res.status}`);
      return Buffer.from(await res.arrayBuffer());
    },
    async write(locator, data) {
      if (locator.startsWith('fs:')) return store!.put(keyOf(locator), data);
      const res = await fetchImpl(locator, { method: 'PUT', body: data }).catch((e) =>
        Promise.reject(new WorkIoError('worker/output-rejected', `output upload failed (${(e as Error).name})`)),
      );
      if (!res.ok) throw new WorkIoError('worker/output-rejected', `output upload answered HTTP ${res.status}`);
    },
  };
}
