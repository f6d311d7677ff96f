import { readFileSync } from 'node:fs';
import type { AppConfig } from '@delineo/config';
import type { SenderOptions } from './senders';

/**
 * Sender options from the config: our AE title as the calling AE, the per-attempt timeout, and for
 * DIMSE destinations with `tls: true` the same certificate, key and CA as our TLS listener.
 */
export function senderOptions(config: AppConfig): SenderOptions {
  const t = config.dimse.tls;
  return {
    timeoutMs: config.delivery.timeoutMs,
    callingAeTitle: config.delivery.callingAeTitle,
    ...(t.enabled && t.cert && t.key
      ? { tls: { cert: readFileSync(t.cert), key: readFileSync(t.key), ...(t.ca ? { ca: readFileSync(t.ca) } : {}) } }
      : {}),
  };
}
