import type { Bundle } from '@medplum/fhirtypes';
import type { DeliveryOutcome } from './delivery-outcome';

/**
 * One destination's transport. `send` resolves with a classified outcome for every answer a peer
 * can give (it rejects only on a programming error) and makes exactly one attempt.
 */
export interface DicomSender {
  readonly payload: 'dicom';
  /** A re-identified SEG as a Part 10 file. */
  send(part10: Buffer): Promise<DeliveryOutcome>;
}

export interface BundleSender {
  readonly payload: 'fhir';
  /** A FHIR R4 transaction Bundle (libs/fhir buildSegmentationReportBundle). */
  send(bundle: Bundle): Promise<DeliveryOutcome>;
}

export type Sender = DicomSender | BundleSender;

/**
 * Options shared by the senders. Secrets (TLS key, bearer token) come from the caller, never from
 * the destination settings, which IT edits at runtime and which may be shown in the admin UI.
 */
export interface SenderOptions {
  /** Per attempt: connect, negotiate and answer (DIMSE), or request and full response (HTTP). Default 60 s. */
  timeoutMs?: number;
  /** DIMSE Calling AE Title. Default 'DELINEO'. */
  callingAeTitle?: string;
  /** DIMSE over TLS (PS3.15 Annex B.1), used when the destination has `tls: true`. */
  tls?: DimseTlsOptions;
  /** HTTP `Authorization: Bearer …` for DICOMweb and FHIR destinations. */
  bearerToken?: string;
  /** STOW-RS to /studies/{StudyInstanceUID} instead of /studies (PS3.18 §10.5.1). Default false. */
  stowToStudy?: boolean;
}

export interface DimseTlsOptions {
  /** Trusted CA(s) for the peer's certificate; default: Node's bundled roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Our client certificate and key, for peers that require mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
  /** Name checked against the peer's certificate; default: the destination host. */
  servername?: string;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_CALLING_AE_TITLE = 'DELINEO';
