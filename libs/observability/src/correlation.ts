import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** Correlation ids follow one request or one DICOM association through ingest, jobs and delivery. */
const storage = new AsyncLocalStorage<{ correlationId: string }>();

export function newCorrelationId(): string {
  return randomUUID();
}

export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return storage.run({ correlationId }, fn);
}

export function getCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
