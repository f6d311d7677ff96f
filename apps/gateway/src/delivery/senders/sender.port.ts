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
