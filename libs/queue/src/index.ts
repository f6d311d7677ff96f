export * from './job-queue.port';
export * from './queue-error';
export { InProcessJobQueue, type InProcessJobQueueOptions } from './in-process.job-queue';
export { BullMqJobQueue, type BullMqJobQueueOptions } from './bullmq.job-queue';
export { JobHandlerRegistry } from './handler-registry';
export type { OwnedJob } from './handler-registry';
export { createJobQueue } from './create-job-queue';
