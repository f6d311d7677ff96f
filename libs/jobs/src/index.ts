export * from './job-names';
export * from './job-errors';
export * from './job-payload.validator';
export * from './job-id';
export * from './job-locator';
export * from './segment-result';
