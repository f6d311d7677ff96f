import type { Socket } from 'node:net';
import { type association as assoc, responses, type requests } from 'dcmjs-dimse';
import type { AssociationInfo, DimseLogger } from '../dimse.types';
import { encodedIdentifier } from './encoded-identifier';
import { answerIdentifier } from './qr-find-answer';
import { readIdentifier } from './qr-identifier';
import { runFind } from './qr-find';
import { qrSopClass } from './qr-sop-classes';
import { QrStatus, qrStatusFor } from './qr-status';
import type { QrArchive } from './qr.port';
import { failRetrieve, retrieve } from './qr-retrieve-run';
import type { OperationOutcome, RetrieveDeps } from './qr-operation.types';
import { StoreResponses } from './store-responses';

/** What one association's Q/R service needs (wired by store-scp.ts from dimse-server.ts). */
export interface QrSessionDeps extends Omit<RetrieveDeps, 'info' | 'own'> {
  archive: QrArchive;
  aeTitle: string;
  info: AssociationInfo;
  log: DimseLogger;
  /** The SCP itself (dcmjs-dimse's Network), its socket and association: C-GET stores on them. */
  scp: object;
  socket: Socket;
  association: assoc.Association;
  /** The requestor's maximum PDU length, from its A-ASSOCIATE-RQ. */
  peerMaxPdu: number;
  /** The idle timer holds while we owe a response. */
  begin(): void;
  done(): void;
}

type Send<R> = (r: R | R[]) => void;
/** Pending responses are written without waiting; beyond this much unsent, we wait for the socket. */
const HIGH_WATER = 1 << 20;

/**
 * The Query/Retrieve SCP of one association (PS3.4 Annex C): C-FIND answers from the archive's index
 * through QIDO-RS's search, C-MOVE and C-GET run C-STORE sub-operations, and C-CANCEL stops any of
 * them between two responses (PS3.7 §9.3.2.3 / §9.3.3.3 / §9.3.4.3).
 */
export class QrSession {
  private readonly cancelled = new Set<number>();
  private readonly active = new Set<number>();
  private own?: StoreResponses;

  constructor(private readonly d: QrSessionDeps) {
    // The requestor is gone: stop every operation at its next step (sub-operations included).
    d.socket.once('close', () => {
      for (const id of this.active) this.cancelled.add(id);
      this.own?.close();
    });
  }

  /** C-CANCEL-RQ: honoured for an operation in progress, ignored otherwise (PS3.7 §9.3.2.3). */
  cancel(request: requests.CCancelRequest): void {
    const id = (request as unknown as { getMessageIdBeingRespondedTo(): number }).getMessageIdBeingRespondedTo();
    if (this.active.has(id)) this.cancelled.add(id);
  }

  async find(request: requests.CFindRequest, send: Send<responses.CFindResponse>): Promise<void> {
    const respond = (status: number, ds?: ReturnType<typeof encodedIdentifier>, comment?: string): void => {
      const rsp = responses.CFindResponse.fromRequest(request);
      rsp.setAffectedSopClassUid(request.getAffectedSopClassUid());
      rsp.setStatus(status);
      if (ds) rsp.setDataset(ds);
      if (comment) rsp.setErrorComment(comment);
      send(rsp);
    };
    await this.operate(
      request,
      'find',
      async (ts, stop) => {
        const kind = qrSopClass(request.getAffectedSopClassUid())!;
        const id = readIdentifier(kind.model, request.getDataset()?.getElements() ?? {});
        const run = runFind(this.d.archive, id);
        const pending = (): number =>
          run.plan.unsupported.length > 0 ? QrStatus.PendingOptionalKeysUnsupported : QrStatus.Pending;
        const studies: string[] = [];
        let matches = 0;
        for await (const m of run.matches(stop)) {
          respond(pending(), encodedIdentifier(answerIdentifier(id, m, this.d.aeTitle), ts));
          matches++;
          const study = m['0020000D']?.Value?.[0];
          if (typeof study === 'string' && studies.length < 20) studies.push(study);
          await this.drain();
        }
        const status = stop() ? QrStatus.Cancel : QrStatus.Success;
        respond(status);
        return { status, level: id.level, studies, matches };
      },
      (status, code) => respond(status, undefined, code),
    );
  }

  move(request: requests.CMoveRequest, send: Send<responses.CMoveResponse>): Promise<void> {
    return this.retrieveOp(request, 'move', send as Send<responses.CMoveResponse | responses.CGetResponse>);
  }

  get(request: requests.CGetRequest, send: Send<responses.CGetResponse>): Promise<void> {
    this.own ??= new StoreResponses(this.d.scp);
    return this.retrieveOp(request, 'get', send as Send<responses.CMoveResponse | responses.CGetResponse>);
  }

  private retrieveOp(
    request: requests.CMoveRequest | requests.CGetRequest,
    op: 'move' | 'get',
    send: Send<responses.CMoveResponse | responses.CGetResponse>,
  ): Promise<void> {
    const deps: RetrieveDeps = { ...this.d, own: this.own };
    return this.operate(
      request,
      op,
      (ts, stop) => retrieve(deps, request, op, ts, stop, send),
      (status, code) => failRetrieve(request, op, status, code, send),
    );
  }

  /** Runs one operation: the idle timer held, cancel tracked, failures answered and logged, audited. */
  private async operate(
    request: requests.CFindRequest | requests.CMoveRequest | requests.CGetRequest,
    op: 'find' | 'move' | 'get',
    body: (ts: string | undefined, stop: () => boolean) => Promise<OperationOutcome>,
    fail: (status: number, code: string) => void,
  ): Promise<void> {
    const msgId = request.getMessageId();
    this.active.add(msgId);
    this.d.begin();
    let outcome: OperationOutcome;
    try {
      const ts = request.getDataset()?.getTransferSyntaxUid();
      outcome = await body(ts, () => this.cancelled.has(msgId));
    } catch (err) {
      const { status, code } = qrStatusFor(err);
      fail(status, code);
      outcome = { status, level: '', studies: [], code };
    } finally {
      this.active.delete(msgId);
      this.cancelled.delete(msgId);
      this.d.done();
    }
    const { studies, ...logged } = outcome;
    this.d.log.info(
      { event: `qr-${op}`, association: this.d.info.id, ...logged, status: outcome.status.toString(16) },
      `C-${op.toUpperCase()} answered`,
    );
    this.d.archive.audit({
      operation: op,
      associationId: this.d.info.id,
      callingAeTitle: this.d.info.callingAeTitle,
      remoteAddress: this.d.info.remoteAddress,
      level: outcome.level,
      studies,
      status: outcome.status,
      destination: outcome.destination,
      completed: outcome.completed,
      failed: outcome.failed,
    });
  }

  private async drain(): Promise<void> {
    const s = this.d.socket;
    // A turn of the event loop per response: a C-CANCEL that has arrived is read before the next.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (s.writableLength < HIGH_WATER || s.destroyed) return;
    await new Promise<void>((resolve) => {
      const done = (): void => (s.off('drain', done), s.off('close', done), resolve());
      s.on('drain', done);
      s.on('close', done);
    });
  }
}
