import type { RetrievalRow } from '@delineo/db';
import type { DicomJsonObject, QidoLevel, QueryParams } from '@delineo/dicomweb';
import type { QrOperation } from './qr-sop-classes';

/**
 * What the Q/R SCP needs from the de-identified archive. `search` is QIDO-RS's own search
 * (qido-search.service.ts), so C-FIND and QIDO-RS answer the same keys the same way.
 */
export interface QrArchive {
  search(
    level: QidoLevel,
    params: QueryParams,
    scope: { study?: string; series?: string },
  ): Promise<{ body: DicomJsonObject[]; ignored: string[] }>;
  /** Instances of a study (optionally one series or instance); empty when none. */
  instances(study: string, series?: string, sop?: string): Promise<RetrievalRow[]>;
  /** The stored Part 10 object, as stored. */
  read(row: RetrievalRow): Promise<Buffer>;
  /** One audit record per operation: pseudonymous study UIDs only. */
  audit(event: QrAuditEvent): void;
}

export interface QrAuditEvent {
  operation: QrOperation;
  associationId: string;
  callingAeTitle: string;
  remoteAddress: string;
  level: string;
  /** Pseudonymous Study Instance UIDs answered or retrieved (at most a few are listed). */
  studies: string[];
  status: number;
  /** C-MOVE: the destination AE title. */
  destination?: string;
  completed?: number;
  failed?: number;
}

/** A `destinations` entry of type dimse: the only targets C-MOVE sends to. */
export interface MoveDestination {
  aeTitle: string;
  host: string;
  port: number;
  tls: boolean;
}
