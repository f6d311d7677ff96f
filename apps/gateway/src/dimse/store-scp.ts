import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { constants, responses, Scp, association as assoc, requests } from 'dcmjs-dimse';
import type { RuntimeConfig } from '@delineo/config';
import type { BudgetHold, InflightBudget } from '../ingest/inflight-budget';
import { AssociationClock, type ClockExpiry } from './association-clock';
import { decideCaller, mayQuery } from './caller-policy';
import { AssociationInfo, CallerRule, DimseLogger, DimseSettings, StoreHandler } from './dimse.types';
import { negotiate } from './presentation';
import { acceptAsDelineo } from './implementation';
import { statusForError } from './dimse-status';
import { abortPdu, type PduError, type PduReader } from './pdu-reader';
import { abortReasonFor, DatasetSink, installReceivePath, type Phase, takeStoreContext } from './receive-path';
import { sendStoreResponse } from './store-response';
import { negotiateQueryRetrieve } from './qr/qr-sop-classes';
import { QrSession } from './qr/qr-session';
import type { QrWiring } from './qr/query-retrieve.service';

const { AbortReason, AbortSource, RejectResult, RejectSource, RejectReason, Status } = constants;

interface RawDataset {
  raw: Buffer;
  transferSyntaxUid: string;
  hold?: BudgetHold;
}

export interface ScpDeps {
  settings: DimseSettings;
  handler: StoreHandler;
  log: DimseLogger;
  budget: InflightBudget;
  /** The Query/Retrieve SCP's archive and move destinations; absent: no Q/R at all. */
  qr?: QrWiring;
  /** Returns false when the association limit is reached (PS3.8 "local limit exceeded"). */
  acquireSlot(): boolean;
  releaseSlot(): void;
}

/** Why we end a connection ourselves; each is one coded log line. */
type EndReason =
  | PduError
  | ClockExpiry
  | 'pdata-before-association'
  | 'unexpected-pdu'
  | 'unknown-presentation-context'
  | 'dataset-too-large'
  | 'network-error';

/**
 * One instance per TCP connection. We replace dcmjs-dimse's default C-STORE path (buffer, then a
 * full dcmjs parse that copies pixel data) with its stream hooks and hand the raw bytes on, and we
 * own the connection's lifecycle: timers (association-clock.ts), what is read in which state
 * (receive-path.ts), and closing the socket whenever the association ends, however it ends.
 */
export class StoreScp extends Scp {
  private info?: AssociationInfo;
  /** The live settings at association request; this association keeps them to its end. */
  private runtime?: RuntimeConfig;
  private callers: readonly CallerRule[] = [];
  private holdsSlot = false;
  private released = false;
  private phase: Phase = 'awaiting-request';
  private readonly clock: AssociationClock;
  private readonly reader: PduReader;
  private readonly holds = new Set<BudgetHold>();
  private qr?: QrSession;

  constructor(
    private readonly sock: Socket,
    private readonly deps: ScpDeps,
  ) {
    super(sock, { logCommandDatasets: false, logDatasets: false });
    const s = deps.settings;
    // ARTIM after we ended (Sta13): the peer did not close in time, so the transport is dropped.
    this.clock = new AssociationClock(s.artimMs, s.idleMs, (why) =>
      this.phase === 'closing' ? this.sock.destroy() : this.end(why),
    );
    sock.once('close', () => {
      this.phase = 'closing';
      this.clock.stop();
      this.releaseAll();
      if (this.info && !this.released) this.deps.handler.associationAborted(this.info);
    });
    // PS3.8 §9.1.5: after a transport error the connection is gone either way; close our end too,
    // or the socket outlives the association slot that was just freed.
    this.on('networkError', () => this.end('network-error'));
    this.reader = installReceivePath(this, sock, {
      phase: () => this.phase,
      maxPreAssociationPdu: s.maxPreAssociationPdu,
      maxPduLength: s.maxPduLength,
      onActivity: () => this.clock.activity(),
      onEarlyPdu: () => this.end('pdata-before-association'),
      onUnexpectedPdu: (why) => this.end(why),
      onError: (reason) => this.end(reason),
    });
  }

  /**
   * Ends the connection: A-ABORT where PS3.8 §9.3.8 has one sent, then close once it is flushed
   * (or after ARTIM, if the peer does not read). Nothing more is read meanwhile.
   */
  private end(reason: EndReason): void {
    if (this.phase === 'closing') return;
    const wasAssociated = this.phase === 'associated';
    this.phase = 'closing';
    this.reader.stop();
    const quiet = reason === 'network-error' || (reason === 'artim-expired' && !wasAssociated);
    this.deps.log.warn(
      { event: 'association-aborted', reason, association: this.info?.id, remoteAddress: this.sock.remoteAddress },
      'DIMSE connection closed by the gateway',
    );
    if (!quiet && !this.sock.destroyed) {
      const abortReason =
        reason === 'unrecognized-pdu' || reason === 'pdu-too-large'
          ? abortReasonFor(reason)
          : reason === 'pdata-before-association' || reason === 'unexpected-pdu'
            ? AbortReason.UnexpectedPdu
            : reason === 'unknown-presentation-context'
              ? AbortReason.InvalidPduParameter
              : AbortReason.NotSpecified;
      this.sock.write(abortPdu(AbortSource.ServiceProvider, abortReason));
    }
    this.releaseAll();
    this.closeSoon();
  }

  private closeSoon(): void {
    this.clock.awaitClose();
    if (this.sock.destroyed) return;
    this.sock.end(() => this.sock.destroy());
  }

  private releaseAll(): void {
    for (const h of this.holds) h.release();
    this.holds.clear();
    if (this.holdsSlot) {
      this.holdsSlot = false;
      this.deps.releaseSlot();
    }
  }

  override associationRequested(a: assoc.Association): void {
    const { settings, log } = this.deps;
    this.runtime = settings.currentSettings?.();
    this.callers = this.runtime ? this.runtime.allowedCallers : settings.allowedCallers;
    const info: AssociationInfo = {
      id: randomUUID(),
      callingAeTitle: a.getCallingAeTitle().trim(),
      calledAeTitle: a.getCalledAeTitle().trim(),
      remoteAddress: this.sock.remoteAddress ?? '',
    };
    const decision = decideCaller(
      this.callers,
      settings.aeTitle,
      info.callingAeTitle,
      info.calledAeTitle,
      info.remoteAddress,
      verifiedPeerCn(this.sock),
    );
    if (decision !== 'accept' || !this.deps.acquireSlot()) {
      const reason = decision === 'accept' ? 'local-limit-exceeded' : decision;
      log.warn({ event: 'association-rejected', reason, ...info }, 'association rejected');
      if (decision === 'accept') {
        this.sendAssociationReject(
          RejectResult.Transient,
          RejectSource.ServiceProviderPresentation,
          RejectReason.LocalLimitExceeded,
        );
      } else {
        const code =
          decision === 'called-ae-not-recognized'
            ? RejectReason.CalledAeNotRecognized
            : RejectReason.CallingAeNotRecognized;
        this.sendAssociationReject(RejectResult.Permanent, RejectSource.ServiceUser, code);
      }
      // PS3.8 AE-8: after A-ASSOCIATE-RJ the acceptor reads nothing more; we close once it is sent.
      this.phase = 'closing';
      this.reader.stop();
      this.closeSoon();
      return;
    }
    this.holdsSlot = true;
    this.info = info;
    // The requestor's maximum PDU length bounds the C-STORE-RQs a C-GET sends back (PS3.8 §D.1).
    const peerMaxPdu = a.getMaxPduLength();
    negotiate(a, settings.transferSyntaxPreference);
    this.acceptQueryRetrieve(a, info, peerMaxPdu);
    log.info({ event: 'association-accepted', ...info }, 'association accepted');
    this.phase = 'associated';
    this.clock.associated();
    acceptAsDelineo(this, a, settings.maxPduLength); // our identity and PDU limit, no async window
  }

  override associationReleaseRequested(): void {
    this.released = true;
    this.sendAssociationReleaseResponse();
    if (this.info) this.deps.handler.associationReleased(this.info);
    this.phase = 'closing'; // PS3.8 AR-4: the requestor closes; ARTIM bounds how long we wait
    this.reader.stop();
    this.releaseAll();
    this.clock.awaitClose();
  }

  override cEchoRequest(request: requests.CEchoRequest, callback: (r: responses.CEchoResponse) => void): void {
    const rsp = responses.CEchoResponse.fromRequest(request);
    rsp.setStatus(Status.Success);
    callback(rsp);
  }

  /** Q/R presentation contexts: accepted only for an allow-list entry with `query: true`. */
  private acceptQueryRetrieve(a: assoc.Association, info: AssociationInfo, peerMaxPdu: number): void {
    const qr = this.deps.qr;
    const allowed = !!qr && mayQuery(this.callers, info.callingAeTitle, info.remoteAddress, verifiedPeerCn(this.sock));
    negotiateQueryRetrieve(a, allowed);
    if (!qr || !allowed) return;
    this.qr = new QrSession({
      ...qr,
      aeTitle: this.deps.settings.aeTitle,
      info,
      log: this.deps.log,
      scp: this,
      socket: this.sock,
      association: a,
      peerMaxPdu,
      begin: () => this.clock.begin(),
      done: () => this.clock.done(),
    });
  }

  override cFindRequest(request: requests.CFindRequest, callback: (r: responses.CFindResponse[]) => void): void {
    if (this.qr) return void this.qr.find(request, (r) => this.respond(request, r));
    const rsp = responses.CFindResponse.fromRequest(request);
    rsp.setStatus(0xc000);
    callback([rsp]);
  }

  override cMoveRequest(request: requests.CMoveRequest, callback: (r: responses.CMoveResponse[]) => void): void {
    if (this.qr) return void this.qr.move(request, (r) => this.respond(request, r));
    const rsp = responses.CMoveResponse.fromRequest(request);
    rsp.setStatus(0xc000);
    callback([rsp]);
  }

  override cGetRequest(request: requests.CGetRequest, callback: (r: responses.CGetResponse[]) => void): void {
    if (this.qr) return void this.qr.get(request, (r) => this.respond(request, r));
    const rsp = responses.CGetResponse.fromRequest(request);
    rsp.setStatus(0xc000);
    callback([rsp]);
  }

  /**
   * Sends one response of a C-FIND/C-MOVE/C-GET now. dcmjs-dimse's callback may be called only once
   * (its event emitter's `next`), but pending responses go out one by one as matches and
   * sub-operations complete, with a C-CANCEL able to arrive in between (PS3.7 §9.1.2).
   */
  private respond(request: requests.CFindRequest | requests.CMoveRequest | requests.CGetRequest, r: unknown): void {
    if (this.phase === 'closing') return;
    for (const rsp of [r].flat()) this.sendResponse(request, rsp as responses.CFindResponse);
  }

  /** C-CANCEL-RQ (PS3.7 §9.3.2.3): stops a C-FIND, C-MOVE or C-GET between two responses. */
  override cCancelRequest(request: requests.CCancelRequest): void {
    this.qr?.cancel(request);
  }

  override createStoreWritableStream(): Writable {
    const hold = this.deps.budget.hold();
    this.holds.add(hold);
    return new DatasetSink({
      maxBytes: this.deps.settings.maxDatasetBytes,
      hold,
      onOverflow: () => this.end('dataset-too-large'),
      onPressure: (ready) => this.pause(ready),
    });
  }

  /** Backpressure (docs/limits.md): the in-flight budget is used up; read again once it has room. */
  private pause(ready: Promise<void>): void {
    this.sock.pause();
    this.clock.begin();
    this.deps.log.info(
      { event: 'dimse-backpressure', association: this.info?.id },
      'in-flight budget full: reading paused',
    );
    void ready.then(() => {
      this.clock.done();
      if (this.phase !== 'closing') this.sock.resume();
    });
  }

  override createDatasetFromStoreWritableStream(
    writable: Writable,
    context: assoc.PresentationContext,
    callback: (dataset: never) => void,
  ): void {
    const sink = writable as DatasetSink;
    const ds: RawDataset = {
      raw: sink.bytes(),
      transferSyntaxUid: context.getAcceptedTransferSyntaxUid() ?? '',
      hold: sink.hold,
    };
    // dcmjs-dimse types this as its parsed Dataset; our receive path hands its handler the raw
    // bytes instead (cStoreRequest below reads them back as RawDataset).
    (callback as (dataset: RawDataset) => void)(ds);
  }

  override cStoreRequest(request: requests.CStoreRequest, callback: (r: responses.CStoreResponse) => void): void {
    const ds = request.getDataset() as unknown as RawDataset;
    const presentationContextId = takeStoreContext(this, request);
    this.clock.begin();
    const respond = (status: number): void => {
      this.clock.done();
      if (ds.hold) {
        ds.hold.release();
        this.holds.delete(ds.hold);
      }
      if (this.phase === 'closing') return;
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
        settings: this.runtime,
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
    this.phase = 'closing';
    this.reader.stop();
    this.releaseAll();
    // Without the close, DCMTK peers wait out their ARTIM timer (30 s) before they exit.
    this.sock.destroy();
  }
}

/** The CN of a client certificate the TLS layer verified against our CA; undefined otherwise. */
function verifiedPeerCn(socket: Socket): string | undefined {
  if (!(socket instanceof TLSSocket) || !socket.authorized) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === 'string' ? cn : undefined;
}
