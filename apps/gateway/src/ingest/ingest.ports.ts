import type { RuntimeConfig } from '@delineo/config';
import type { Dataset } from '@delineo/dicom';

/** The routing decision: the only thing derived from the original header that we persist. */
export interface RouteDecision {
  ruleName: string;
  modelId: string;
  deliverTo: string[];
  /** Segmentation job priority (1 = highest), from the rule. */
  priority?: number;
}

export interface RoutingContext {
  /**
   * The live settings this work started with (a DIMSE association keeps the rules it began
   * with, issue 15); absent: the current ones.
   */
  settings?: RuntimeConfig;
  callingAeTitle?: string;
  /** STOW-RS: the source its API token stands for (issue 12); rules match it like an AE title. */
  source?: string;
  via: 'dimse' | 'stow';
}

export interface Router {
  /** Evaluated on the ORIGINAL header, in memory only, before de-identification. */
  decide(original: Dataset, ctx: RoutingContext): RouteDecision | undefined;
}

export type { Pseudonyms } from '@delineo/deid';
import type { Pseudonyms } from '@delineo/deid';

export interface Deidentifier {
  /** May mutate `original`; returns the de-identified dataset and the identifiers for the vault. */
  deidentify(
    original: Dataset,
    settings?: RuntimeConfig,
  ): { dataset: Dataset; identifiers: unknown; pseudonyms: Pseudonyms };
}

export interface SealedVaultRecord {
  keyId: string;
  wrappedKey: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

export interface VaultSealer {
  seal(identifiers: unknown, lookupKey: string): SealedVaultRecord;
}

export interface InstanceRecord {
  pseudonyms: Pseudonyms;
  deidentified: Dataset;
  transferSyntaxUid: string;
  sizeBytes: number;
  sha256: string;
  objectKey: string;
  receivedVia: 'dimse' | 'stow' | 'derived';
  route?: RouteDecision;
  vaultRecord: SealedVaultRecord;
}

/** An instance Delineo made from de-identified inputs (the research SEG): no route, no vault record. */
export type DerivedInstanceRecord = Omit<InstanceRecord, 'vaultRecord' | 'route' | 'receivedVia'>;

export interface CommitResult {
  outcome: 'created' | 'identical' | 'replaced';
  seriesId: string;
  seriesReopened: boolean;
  previousObjectKey?: string;
  seriesExpectedInstances?: number | null;
  seriesInstanceCount?: number;
}

/**
 * One database transaction: the instance row and its vault record commit together or not at all.
 * `persistObject` makes the de-identified object durable; the writer must await it BEFORE it
 * commits (it may overlap it with its own statements) and must not commit if it fails.
 */
export interface ArchiveWriter {
  commit(record: InstanceRecord, persistObject: () => Promise<void>): Promise<CommitResult>;
  commitDerived(record: DerivedInstanceRecord, persistObject: () => Promise<void>): Promise<CommitResult>;
}

export interface BlobStore {
  exists(key: string): Promise<boolean>;
  get(key: string): Promise<Buffer>;
  put(key: string, data: Buffer): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SeriesTracker {
  instanceStored(seriesId: string, associationId: string | undefined, commit: CommitResult): void;
}

export interface IngestLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}
