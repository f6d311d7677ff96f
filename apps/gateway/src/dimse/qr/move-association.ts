import type { Socket } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { association as assoc, constants } from 'dcmjs-dimse';
import { speakAsDelineo } from '../implementation';
import { openScu, type ScuNetwork } from '../scu-network';
import { encodeStoreRequest, writePdus } from './store-request';
import { StoreResponses } from './store-responses';

export interface MoveAssociationOptions {
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  /** DICOM TLS (PS3.15 Annex B.1) when the destination says `tls: true`. */
  tls?: ConnectionOptions;
  /** Per step: connect and negotiate, or one C-STORE answered. */
  timeoutMs: number;
  /** One presentation context per SOP class and stored syntax, with the syntaxes we can send it in. */
  contexts: { sopClassUid: string; syntaxes: string[] }[];
}

export interface AcceptedContext {
  id: number;
  transferSyntaxUid: string;
}

/**
 * The association a C-MOVE's C-STORE sub-operations travel on (PS3.4 C.4.2.2.2): one to the move
 * destination for the whole retrieve, TCP_NODELAY on, A-RELEASE at the end.
 */
export class MoveAssociation {
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly network: ScuNetwork,
    private readonly association: assoc.Association,
    private readonly responses: StoreResponses,
    private readonly timeoutMs: number,
  ) {
    const end = (): void => {
      this.closed = true;
      responses.close();
    };
    network.on('abort', end);
    network.on('networkError', end);
    network.on('close', end);
    socket.once('close', end);
  }

  /** Resolves with the open association, or with a reason it could not be opened (never rejects). */
  static open(o: MoveAssociationOptions): Promise<MoveAssociation | { failure: string }> {
    return new Promise((resolve) => {
      // Errors are reported through Network's events.
      const { socket, network } = openScu({ ...o, onError: () => undefined });
      const a = new assoc.Association(o.callingAeTitle, o.calledAeTitle);
      speakAsDelineo(a);
      for (const c of o.contexts) {
        const id = a.addPresentationContext(c.sopClassUid);
        for (const ts of c.syntaxes) a.addTransferSyntaxToPresentationContext(id, ts);
      }
      let settled = false;
      const fail = (failure: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        resolve({ failure });
      };
      const timer = setTimeout(() => fail('timeout'), o.timeoutMs);
      const start = (): void => network.sendAssociationRequest(a);
      if (o.tls) socket.once('secureConnect', start);
      else network.on('connect', start);
      network.on('associationRejected', () => fail('association-rejected'));
      network.on('abort', () => fail('aborted'));
      network.on('networkError', () => fail('network-error'));
      network.on('close', () => fail('connection-closed'));
      network.on('associationAccepted', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(new MoveAssociation(socket, network, a, new StoreResponses(network), o.timeoutMs));
      });
    });
  }

  /** The accepted context for this SOP class in one of `syntaxes`, the first listed preferred. */
  contextFor(sopClassUid: string, syntaxes: string[]): AcceptedContext | undefined {
    return acceptedContext(this.association, sopClassUid, syntaxes);
  }

  /** One C-STORE sub-operation; resolves with its status, or undefined (closed, timed out). */
  async store(
    ctx: AcceptedContext,
    sop: { sopClassUid: string; sopInstanceUid: string },
    dataset: Buffer,
    moveOriginator: { aeTitle: string; messageId: number },
  ): Promise<number | undefined> {
    if (this.closed) return undefined;
    const messageId = this.responses.messageId();
    const answered = this.responses.wait(messageId);
    const pdus = encodeStoreRequest(
      { presentationContextId: ctx.id, messageId, ...sop, dataset, moveOriginator },
      this.association.getMaxPduLength(),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), this.timeoutMs)));
    // The write is inside the race: a destination that stops reading must not hold the retrieve
    // (and the gateway's shutdown) forever on a full socket buffer.
    const status = await Promise.race([writePdus(this.socket, pdus).then(() => answered), timeout]);
    clearTimeout(timer);
    if (status === undefined && !this.closed) this.abort();
    return status;
  }

  /** A-RELEASE (PS3.8 §7.2), then close; a peer that does not answer in time is cut off. */
  async release(): Promise<void> {
    if (this.closed) return void this.socket.destroy();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.timeoutMs);
      this.network.once('associationReleaseResponse', () => (clearTimeout(timer), resolve()));
      this.network.sendAssociationReleaseRequest();
    });
    this.closed = true;
    this.close();
  }

  abort(): void {
    this.closed = true;
    this.network.sendAbort(constants.AbortSource.ServiceUser, constants.AbortReason.NotSpecified);
    this.close();
    this.responses.close();
  }

  /** Half-close, then drop the transport for good if the peer neither reads nor closes (ARTIM-like). */
  private close(): void {
    this.socket.end(() => this.socket.destroy());
    setTimeout(() => this.socket.destroy(), this.timeoutMs).unref();
  }
}

/** Shared with C-GET: the contexts a peer accepted for a SOP class, in the order we prefer the syntaxes. */
export function acceptedContext(
  a: assoc.Association,
  sopClassUid: string,
  syntaxes: string[],
): AcceptedContext | undefined {
  let best: AcceptedContext | undefined;
  let rank = Infinity;
  for (const { context } of a.getPresentationContexts()) {
    if (context.getAbstractSyntaxUid() !== sopClassUid) continue;
    if (context.getResult() !== constants.PresentationContextResult.Accept) continue;
    const ts = context.getAcceptedTransferSyntaxUid() ?? '';
    const r = syntaxes.indexOf(ts);
    if (r >= 0 && r < rank) {
      rank = r;
      best = { id: context.getPresentationContextId(), transferSyntaxUid: ts };
    }
  }
  return best;
}
