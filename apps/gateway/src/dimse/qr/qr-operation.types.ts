import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import type { association as assoc } from 'dcmjs-dimse';
import type { AssociationInfo } from '../dimse.types';
import type { MoveDestination, QrArchive } from './qr.port';
import type { StoreResponses } from './store-responses';

export interface RetrieveDeps {
  archive: QrArchive;
  info: AssociationInfo;
  /** `destinations` of type dimse: the only C-MOVE targets. */
  destinations: MoveDestination[];
  move: { callingAeTitle: string; timeoutMs: number; tls(d: MoveDestination): ConnectionOptions | undefined };
  /** C-GET: the SCP's own association and the waits for its sub-operations' responses. */
  scp: object;
  socket: Socket;
  association: assoc.Association;
  peerMaxPdu: number;
  own?: StoreResponses;
}

/** How one operation ended: logged and audited (pseudonymous study UIDs only). */
export interface OperationOutcome {
  status: number;
  level: string;
  studies: string[];
  matches?: number;
  code?: string;
  destination?: string;
  completed?: number;
  failed?: number;
}
