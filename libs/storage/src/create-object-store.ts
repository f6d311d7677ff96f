import type { AppConfig } from '@delineo/config';
import { FsObjectStore } from './fs.object-store';
import type { ObjectStore } from './object-store.port';
import { S3ObjectStore } from './s3.object-store';

/** Picks the adapter from config.mode.store; the caller awaits `init()` at boot. */
export function createObjectStore(config: Pick<AppConfig, 'mode'>): ObjectStore {
  const store = config.mode.store;
  switch (store.kind) {
    case 'fs':
      // The gateway's store: C-STORE latency is dominated by the object flush, so objects go through the journal.
      return new FsObjectStore(store.dir, {}, undefined, { journal: {} });
    case 's3':
      return new S3ObjectStore({
        endpoint: store.endpoint,
        bucket: store.bucket,
        region: store.region,
        accessKeyId: store.accessKeyId,
        secretAccessKey: store.secretAccessKey?.reveal(),
        forcePathStyle: store.forcePathStyle,
      });
    default: {
      const never: never = store;
      throw new Error(`unknown store kind ${(never as { kind: string }).kind}`);
    }
  }
}
