export { createSegmentHandler, type SegmentHandlerDeps } from './segment-handler';
export {
  createWorkIo,
  DEFAULT_MAX_OBJECT_BYTES,
  DEFAULT_STORE_TIMEOUT_MS,
  WorkIoError,
  type WorkIo,
  type WorkIoErrorCode,
  type WorkIoOptions,
} from './work-io';
export { resolveLocator, storeBase, type WorkStoreTarget } from './locator-policy';
export { ModelThreadPool, type AssembledVolume, type ModelRunner } from './model-thread';
