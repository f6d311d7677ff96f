import { Inject, Injectable } from '@nestjs/common';
import type { ObjectStore } from '@delineo/storage';
import { CoreTokens } from '../core/core.tokens';
import type { BlobStore } from './ingest.ports';

@Injectable()
export class ObjectStoreBlobs implements BlobStore {
  constructor(@Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore) {}
  async exists(key: string): Promise<boolean> {
    return (await this.store.head(key)) !== undefined;
  }
  get(key: string): Promise<Buffer> {
    return this.store.get(key);
  }
  put(key: string, data: Buffer): Promise<void> {
    return this.store.put(key, data, { contentType: 'application/dicom' });
  }
  delete(key: string): Promise<void> {
    return this.store.delete(key);
  }
}
