export * from './object-store.port';
export * from './storage-error';
export { assertValidKey, assertValidPrefix } from './object-key';
export { FsObjectStore, type FsOps } from './fs.object-store';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3.object-store';
export { createObjectStore } from './create-object-store';
