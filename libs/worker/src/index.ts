export { createSegmentHandler, type SegmentHandlerDeps } from './segment-handler';
export { createWorkIo, WorkIoError, type WorkIo, type WorkIoErrorCode } from './work-io';
export { ModelThreadPool, type AssembledVolume, type ModelRunner } from './model-thread';
