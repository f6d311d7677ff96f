export * from './logger';
export * from './redaction';
export * from './safe-error';
export * from './correlation';
export * from './pino-nest.logger';
export { MemorySink } from './testing-sink';
export { runService, type RunningService, type ServiceEntry } from './run-service';
