import type { ObjectStore } from '@delineo/storage';
import type { BlobStore } from './ingest.ports';

export class ObjectStoreBlobs implements BlobStore {
  constructor(private readonly store: ObjectStore) {}
  async exists(key: string): Promise<boolean> {
    return (await this.store.head(key)) !== undefined;
  }
  put(key: string, data: Buffer): Promise<void> {
    return this.store.put(key, data, { contentType: 'application/dicom' });
  }
  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }
}
