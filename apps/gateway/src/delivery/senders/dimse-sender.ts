import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { DestinationSettings } from '@delineo/config';
import { permanent, retry, type DeliveryOutcome } from './delivery-outcome';
import {
  DEFAULT_CALLING_AE_TITLE,
  DEFAULT_TIMEOUT_MS,
  type DicomSender,
  type DimseTlsOptions,
  type SenderOptions,
} from './sender.port';
import { payloadOrOutcome } from './dicom-payload';
import {
  abortOutcome,
  associationRejectOutcome,
  contextRejectedOutcome,
  cStoreStatusOutcome,
} from './dimse-status.mapper';
import { storeOnce, type StoreResult } from './store-scu';

export type DimseDestination = Extract<DestinationSettings, { type: 'dimse' }>;

/**
 * C-STORE SCU (PS3.4 Annex B) for one DIMSE destination: one association per instance, the SEG's
 * own SOP Class in one presentation context, Explicit then Implicit VR Little Endian.
 */
export class DimseSender implements DicomSender {
  readonly payload = 'dicom' as const;

  constructor(
    private readonly destination: DimseDestination,
    private readonly opts: SenderOptions = {},
  ) {}

  async send(part10: Buffer): Promise<DeliveryOutcome> {
    const payload = payloadOrOutcome(part10);
    if ('kind' in payload) return payload;
    const d = this.destination;
    const result = await storeOnce({
      host: d.host,
      port: d.port,
      callingAeTitle: this.opts.callingAeTitle ?? DEFAULT_CALLING_AE_TITLE,
      calledAeTitle: d.aeTitle,
      sopClassUid: payload.sopClassUid,
      sopInstanceUid: payload.sopInstanceUid,
      syntaxes: payload.proposedSyntaxes,
      encode: (ts) => payload.encode(ts),
      tls: d.tls ? tlsOptions(d.host, this.opts.tls) : undefined,
      timeoutMs: this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return storeResultOutcome(result);
  }
}

export function storeResultOutcome(r: StoreResult): DeliveryOutcome {
  switch (r.kind) {
    case 'status':
      return cStoreStatusOutcome(r.status);
    case 'rejected':
      return associationRejectOutcome(r.reject);
    case 'context-rejected':
      return contextRejectedOutcome(r.result);
    case 'aborted':
      return abortOutcome(r.source, r.reason);
    case 'network':
      return retry('delivery/network', `DIMSE connection failed: ${r.code}`);
    case 'timeout':
      return retry('delivery/timeout', 'DIMSE association timed out');
    case 'unencodable':
      return permanent('delivery/invalid-payload', `dataset cannot be encoded in ${r.transferSyntaxUid}`);
  }
}

/**
 * DICOM TLS (PS3.15 Annex B.1, BCP 195): TLS 1.2 or later; the peer's certificate is checked against
 * the given CA (or Node's roots) and the configured host. SNI carries host names only (RFC 6066 §3).
 */
export function tlsOptions(host: string, t: DimseTlsOptions = {}): ConnectionOptions {
  return {
    host,
    servername: t.servername ?? (isIP(host) ? undefined : host),
    minVersion: 'TLSv1.2',
    rejectUnauthorized: true,
    ca: t.ca,
    cert: t.cert,
    key: t.key,
  };
}
