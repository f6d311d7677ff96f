import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { constants, responses, Scp, association as assoc, requests } from 'dcmjs-dimse';
import { decideCaller } from './caller-policy';
import { AssociationInfo, DimseLogger, DimseSettings, StoreHandler } from './dimse.types';
import { chooseTransferSyntax, isStorageSopClass, VERIFICATION_SOP_CLASS } from './presentation';
import { statusForError } from './dimse-status';
import type { PduError } from './pdu-reader';
import { abortReasonFor, DatasetSink, installReceivePath, takeStoreContext } from './receive-path';
import { sendStoreResponse } from './store-response';

const { AbortSource, PresentationContextResult, RejectResult, RejectSource, RejectReason, Status } = constants;

interface RawDataset {
  raw: Buffer;
  transferSyntaxUid: string;
}

export interface ScpDeps {
  settings: DimseSettings;
  handler: StoreHandler;
  log: DimseLogger;
  /** Returns false when the association limit is reached (PS3.8 "local limit exceeded"). */
  acquireSlot(): boolean;
  releaseSlot(): void;
}

/**
 * One instance per TCP connection. We replace dcmjs-dimse's default C-STORE path (buffer, then a
 * full dcmjs parse that copies pixel data) with its stream hooks, and hand the raw bytes on.
 */
export class StoreScp extends Scp {
  private info?: AssociationInfo;
  private holdsSlot = false;
  private released = false;

  constructor(
    socket: Socket,
    private readonly deps: ScpDeps,
  ) {
    super(socket, { associationTimeout: 30_000, pduTimeout: 120_000, logCommandDatasets: false, logDatasets: false });
    socket.once('close', () => {
      this.releaseSlot();
      if (this.info && !this.released) this.deps.handler.associationAborted(this.info);
    });
    this.on('networkError', () => this.releaseSlot());
    installReceivePath(this, socket, deps.settings.maxPduLength, (reason) => this.protocolError(socket, reason));
  }

  /** PS3.8 §9.3.8: an unrecognized or oversized PDU ends the association with A-ABORT. */
  private protocolError(socket: Socket, reason: PduError): void {
    this.deps.log.warn(
      { event: 'association-aborted', reason, association: this.info?.id },
      'invalid PDU: association aborted',
    );
    if (this.info) this.sendAbort(AbortSource.ServiceProvider, abortReasonFor(reason));
    socket.end(() => socket.destroy());
    this.releaseSlot();
  }

  private releaseSlot(): void {
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.deps.releaseSlot();
    }
  }

  override associationRequested(a: assoc.Association): void {
    const { settings, log } = this.deps;
    const socket = (this as unknown as { socket: Socket }).socket;
    const remoteAddress = socket.remoteAddress ?? '';
    const info: AssociationInfo = {
      id: randomUUID(),
      callingAeTitle: a.getCallingAeTitle().trim(),
      calledAeTitle: a.getCalledAeTitle().trim(),
      remoteAddress,
    };
    const decision = decideCaller(
      settings.allowedCallers,
      settings.aeTitle,
      info.callingAeTitle,
      info.calledAeTitle,
      remoteAddress,
      verifiedPeerCn(socket),
    );
    if (decision !== 'accept') {
      log.warn({ event: 'association-rejected', reason: decision, ...info }, 'association rejected');
      const reason =
        decision === 'called-ae-not-recognized'
          ? RejectReason.CalledAeNotRecognized
          : RejectReason.CallingAeNotRecognized;
      this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, reason);
      return;
    }
    if (!this.deps.acquireSlot()) {
      log.warn({ event: 'association-rejected', reason: 'local-limit-exceeded', ...info }, 'association rejected');
      this.sendAssociationReject(
        RejectResult.Transient,
        RejectSource.ServiceProviderPresentation,
        RejectReason.LocalLimitExceeded,
      );
      return;
    }
    this.holdsSlot = true;
    this.info = info;
    for (const { context } of a.getPresentationContexts()) {
      const sop = context.getAbstractSyntaxUid();
      if (sop !== VERIFICATION_SOP_CLASS && !isStorageSopClass(sop)) {
        context.setResult(PresentationContextResult.RejectAbstractSyntaxNotSupported);
        continue;
      }
      const ts = chooseTransferSyntax(context.getTransferSyntaxUids());
      if (ts) context.setResult(PresentationContextResult.Accept, ts);
      else context.setResult(PresentationContextResult.RejectTransferSyntaxesNotSupported);
    }
    a.setMaxPduLength(settings.maxPduLength);
    log.info({ event: 'association-accepted', ...info }, 'association accepted');
    this.sendAssociationAccept();
  }

  override associationReleaseRequested(): void {
    this.released = true;
    this.sendAssociationReleaseResponse();
    if (this.info) this.deps.handler.associationReleased(this.info);
    this.releaseSlot();
  }

  override cEchoRequest(request: requests.CEchoRequest, callback: (r: responses.CEchoResponse) => void): void {
    const rsp = responses.CEchoResponse.fromRequest(request);
    rsp.setStatus(Status.Success);
    callback(rsp);
  }

  override createStoreWritableStream(): Writable {
    return new DatasetSink();
  }

  override createDatasetFromStoreWritableStream(
    writable: Writable,
    context: assoc.PresentationContext,
    callback: (dataset: never) => void,
  ): void {
    const ds: RawDataset = {
      raw: (writable as DatasetSink).bytes(),
      transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? '',
    };
    // dcmjs-dimse types this as its parsed Dataset; our receive path hands its handler the raw
    // bytes instead (cStoreRequest below reads them back as RawDataset).
    (callback as (dataset: RawDataset) => void)(ds);
  }

  override cStoreRequest(request: requests.CStoreRequest, callback: (r: responses.CStoreResponse) => void): void {
    const ds = request.getDataset() as unknown as RawDataset;
    const presentationContextId = takeStoreContext(this, request);
    const respond = (status: number): void => {
      if (presentationContextId !== undefined && sendStoreResponse(this, request, presentationContextId, status))
        return;
      const rsp = responses.CStoreResponse.fromRequest(request);
      rsp.setStatus(status);
      callback(rsp);
    };
    if (!this.info) return respond(0xc000);
    this.deps.handler
      .store({
        association: this.info,
        affectedSopClassUid: request.getAffectedSopClassUid(),
        affectedSopInstanceUid: request.getAffectedSopInstanceUid(),
        transferSyntaxUid: ds.transferSyntaxUid,
        dataset: ds.raw,
      })
      .then(
        () => respond(Status.Success),
        (err: unknown) => {
          const { status, code } = statusForError(err);
          // PS3.7 §9.1.1.1.9: failures are reported per instance; the reason is logged as a code only.
          this.deps.log.warn(
            { event: 'c-store-failed', code, status: status.toString(16), association: this.info?.id },
            'C-STORE failed',
          );
          respond(status);
        },
      );
  }

  /** A-ABORT received: PS3.8 §9.2 (AA-3) has the acceptor close the transport connection. */
  override abort(): void {
    this.releaseSlot();
    // Without the close, DCMTK peers wait out their ARTIM timer (30 s) before they exit.
    (this as unknown as { socket: Socket }).socket.destroy();
  }
}

/** The CN of a client certificate the TLS layer verified against our CA; undefined otherwise. */
function verifiedPeerCn(socket: Socket): string | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}
