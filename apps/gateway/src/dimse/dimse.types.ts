import type { RuntimeConfig } from '@delineo/config';
import type { TransferSyntaxPreference } from './presentation';

/** What the DIMSE transport needs from the rest of the gateway (ports, so the SCP is testable). */
export interface CallerRule {
  aeTitle: string;
  host?: string;
  /** The Common Name its verified client certificate must carry (DICOM TLS). */
  certSubject?: string;
  /** May query and retrieve the archive (C-FIND, C-MOVE, C-GET); default false. */
  query?: boolean;
}

export interface DimseSettings {
  aeTitle: string;
  port: number;
  host: string;
  allowedCallers: CallerRule[];
  /**
   * The live settings (issue 15): read once when an association is requested, for its allow-list
   * and, through ingest, its routing and de-identification, kept until it ends. Absent: the
   * static allowedCallers above (unit tests).
   */
  currentSettings?: () => RuntimeConfig;
  maxAssociations: number;
  maxPduLength: number;
  /** Open TCP connections, all together and from one address (connection-gate.ts). */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** PS3.8 ARTIM, and the idle limit of an accepted association (association-clock.ts). */
  artimMs: number;
  idleMs: number;
  /** The largest PDU body framed before an association exists. */
  maxPreAssociationPdu: number;
  /** The largest dataset one C-STORE may carry. */
  maxDatasetBytes: number;
  /** Which proposed transfer syntax each presentation context accepts (presentation.ts). */
  transferSyntaxPreference: TransferSyntaxPreference;
  tls?: { cert: Buffer; key: Buffer; ca?: Buffer; requireClientCert: boolean };
}

export interface AssociationInfo {
  id: string;
  callingAeTitle: string;
  calledAeTitle: string;
  remoteAddress: string;
}

export interface StoreRequest {
  association: AssociationInfo;
  /** The live settings the association started with. */
  settings?: RuntimeConfig;
  affectedSopClassUid: string;
  affectedSopInstanceUid: string;
  transferSyntaxUid: string;
  dataset: Buffer;
}

/** Resolves only once the instance is durably stored; rejects with a coded domain error otherwise. */
export interface StoreHandler {
  store(request: StoreRequest): Promise<void>;
  associationReleased(association: AssociationInfo): void;
  /** The association ended without A-RELEASE (A-ABORT or a dropped connection). */
  associationAborted(association: AssociationInfo): void;
}

export interface DimseLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}
