/**
 * What one delivery attempt ended with. Senders never retry and never throw for a peer's answer:
 * the caller's queue retries `retry` outcomes with backoff and parks `permanent` ones for a person.
 * Messages hold only codes, status words and HTTP statuses: never dataset values, never URLs.
 */
export const DELIVERY_CODES = [
  'delivery/network',
  'delivery/timeout',
  'delivery/aborted',
  'delivery/rejected-association',
  'delivery/no-presentation-context',
  'delivery/status-a7xx',
  'delivery/status-a9xx',
  'delivery/status-cxxx',
  'delivery/status-resource-limitation',
  'delivery/status-failure',
  'delivery/status-unknown',
  'delivery/stow-failed',
  'delivery/stow-nothing-stored',
  'delivery/stow-bad-response',
  'delivery/http-3xx',
  'delivery/http-4xx',
  'delivery/http-5xx',
  'delivery/fhir-entry-failed',
  'delivery/fhir-bad-response',
  'delivery/invalid-payload',
] as const;

export type DeliveryCode = (typeof DELIVERY_CODES)[number];

export type DeliveryOutcome =
  | { kind: 'delivered'; detail?: string }
  | { kind: 'retry'; code: DeliveryCode; message: string }
  | { kind: 'permanent'; code: DeliveryCode; message: string };

export const delivered = (detail?: string): DeliveryOutcome =>
  detail === undefined ? { kind: 'delivered' } : { kind: 'delivered', detail };
export const retry = (code: DeliveryCode, message: string): DeliveryOutcome => ({ kind: 'retry', code, message });
export const permanent = (code: DeliveryCode, message: string): DeliveryOutcome => ({
  kind: 'permanent',
  code,
  message,
});

/** A status word as PS3.7 writes it, e.g. 0xA700. */
export const hex4 = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(4, '0')}`;
