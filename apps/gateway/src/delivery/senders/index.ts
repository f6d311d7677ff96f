import type { DestinationSettings } from '@delineo/config';
import { DicomwebSender, type DicomwebDestination } from './dicomweb-sender';
import { DimseSender, type DimseDestination } from './dimse-sender';
import { FhirSender, type FhirDestination } from './fhir-sender';
import type { BundleSender, DicomSender, Sender, SenderOptions } from './sender.port';

export * from './delivery-outcome';
export type { BundleSender, DicomSender, DimseTlsOptions, Sender, SenderOptions } from './sender.port';
export { DEFAULT_CALLING_AE_TITLE, DEFAULT_TIMEOUT_MS } from './sender.port';
export { DimseSender, DicomwebSender, FhirSender };
export type { DimseDestination, DicomwebDestination, FhirDestination };
export { cStoreStatusOutcome, associationRejectOutcome, statusClass } from './dimse-status.mapper';

/** The sender for a destination: DIMSE and DICOMweb take a SEG Part 10 file, FHIR a transaction Bundle. */
export function createSender(destination: DimseDestination | DicomwebDestination, opts?: SenderOptions): DicomSender;
export function createSender(destination: FhirDestination, opts?: SenderOptions): BundleSender;
export function createSender(destination: DestinationSettings, opts?: SenderOptions): Sender;
export function createSender(destination: DestinationSettings, opts: SenderOptions = {}): Sender {
  switch (destination.type) {
    case 'dimse':
      return new DimseSender(destination, opts);
    case 'dicomweb':
      return new DicomwebSender(destination, opts);
    case 'fhir':
      return new FhirSender(destination, opts);
  }
}
