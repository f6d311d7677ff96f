import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { constants } from 'dcmjs-dimse';

/** PS3.8 Table 9-18: presentation context result "acceptance". */
const ACCEPTED = constants.PresentationContextResult.Accept;
import type { BudgetHold } from '../ingest/inflight-budget';
import { emptyLastDataPdu, P_DATA_TF, type PduError, PduReader, readDataPdvs } from './pdu-reader';

/** PS3.7 §E.1 Table E.1-1: Command Field of C-STORE-RQ (not in dcmjs-dimse's typings). */
const C_STORE_RQ = 0x0001;
/** PS3.8 §9.3.1: the PDUs a peer may send before A-ASSOCIATE-AC: the request itself, or an abort. */
const A_ASSOCIATE_RQ = 0x01;
const A_ABORT = 0x07;
/** A-ASSOCIATE-RQ, -AC and -RJ: none may arrive once the association is established (AA-8). */
const ASSOCIATION_PDUS = new Set([0x01, 0x02, 0x03]);

export interface SinkBounds {
  /** The largest dataset accepted (dimse.maxDatasetBytes). */
  maxBytes: number;
  /** Counts the dataset's bytes into the shared in-flight budget. */
  hold?: BudgetHold;
  /** The dataset grew past `maxBytes`: called once; later bytes are dropped. */
  onOverflow(): void;
  /** The budget is used up: stop reading until the promise resolves. */
  onPressure(ready: Promise<void>): void;
}

/**
 * Collects a C-STORE's dataset bytes as views of the received PDUs; one copy at the end.
 * The huge high-water mark keeps write() returning true, so dcmjs-dimse never awaits 'drain'
 * mid-PDU and fragments cannot be reordered around an await. Memory is bounded by `maxBytes`
 * here and by the in-flight budget across associations (backpressure on the socket instead).
 */
export class DatasetSink extends Writable {
  readonly chunks: Buffer[] = [];
  length = 0;
  overflowed = false;
  constructor(private readonly bounds: SinkBounds) {
    super({ highWaterMark: 2 ** 30 });
  }
  get hold(): BudgetHold | undefined {
    return this.bounds.hold;
  }
  append(chunk: Buffer): void {
    if (chunk.length === 0 || this.overflowed) return;
    if (this.length + chunk.length > this.bounds.maxBytes) {
      this.overflowed = true;
      this.chunks.length = 0;
      this.bounds.hold?.release();
      this.bounds.onOverflow();
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
    const hold = this.bounds.hold;
    if (hold && !hold.add(chunk.length)) this.bounds.onPressure(hold.ready());
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.append(chunk);
    cb();
  }
  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
  }
}

/** Per SCP: the presentation context of the C-STORE request whose dataset the receive path just completed. */
const completedStores = new WeakMap<object, { request: unknown; presentationContextId: number }>();

/**
 * The presentation context the C-STORE-RSP for `request` goes on (PS3.8 §9.3.5: the one its
 * request used), when this receive path carried its dataset; taken once.
 */
export function takeStoreContext(scp: object, request: unknown): number | undefined {
  const done = completedStores.get(scp);
  completedStores.delete(scp);
  return done !== undefined && done.request === request ? done.presentationContextId : undefined;
}

/** The parts of dcmjs-dimse 0.3's Network (Scp's base class) that its receive path uses. */
interface NetworkInternals {
  association?: {
    getPresentationContext(id: number): unknown;
    getPresentationContexts(): { context: { getResult(): number; getPresentationContextId(): number } }[];
  };
  dimse?: { getCommandFieldType(): number };
  dimseStream?: unknown;
  dimseStoreStream?: Writable;
  lastPduTime?: number;
  statistics?: { addBytesReceived(n: number): void };
  _processPdu(pdu: Buffer): Promise<void>;
  createStoreWritableStream(context: unknown, request: unknown): Writable;
}

/** Where the connection stands, as the receive path needs to know it (PS3.8 §9.2 states). */
export type Phase = 'awaiting-request' | 'associated' | 'closing';

export interface ReceiveHooks {
  phase(): Phase;
  /** The largest PDU body before an association exists (an A-ASSOCIATE-RQ), and after. */
  maxPreAssociationPdu: number;
  maxPduLength: number;
  /** Bytes arrived (the idle timer's notion of activity). */
  onActivity(): void;
  /** A PDU other than A-ASSOCIATE-RQ or A-ABORT arrived before the association was accepted. */
  onEarlyPdu(pduType: number): void;
  /**
   * A PDU the acceptor never expects on an established association (PS3.8 Table 9-10, AA-8): a
   * second A-ASSOCIATE-RQ, or an A-ASSOCIATE-AC/RJ; or a P-DATA PDV on a presentation context that
   * was never negotiated.
   */
  onUnexpectedPdu(why: 'unexpected-pdu' | 'unknown-presentation-context'): void;
  onError(reason: PduError): void;
}

/**
 * Replaces dcmjs-dimse's socket reader. PDUs are framed by PduReader; P-DATA-TF PDUs that carry
 * only fragments of a C-STORE dataset go straight into the DatasetSink (no per-PDV copy, no
 * dcmjs-dimse PDU object); every other PDU, and the final empty fragment that completes the
 * message, goes through dcmjs-dimse's own state machine unchanged (association, commands,
 * responses, release, abort). Before an association exists only a small A-ASSOCIATE-RQ (or an
 * A-ABORT) is framed; once the connection is closing nothing more is read into memory. Throws at
 * construction if dcmjs-dimse's internals are not there.
 */
export function installReceivePath(scp: object, socket: Socket, hooks: ReceiveHooks): PduReader {
  const net = scp as NetworkInternals;
  if (typeof net._processPdu !== 'function' || socket.listenerCount('data') !== 1) {
    throw new Error('dcmjs-dimse internals are not as expected: cannot install the DIMSE receive path');
  }
  socket.removeAllListeners('data');
  // Non-P-DATA PDUs after acceptance (a release, an abort) are small; 1 MiB leaves room for peers
  // that send P-DATA slightly over the negotiated length.
  const associatedMax = Math.max(hooks.maxPduLength, 1 << 20);
  const reader = new PduReader(
    () => (hooks.phase() === 'associated' ? associatedMax : hooks.maxPreAssociationPdu),
    (pdu) => {
      const phase = hooks.phase();
      if (phase === 'closing') return;
      if (phase === 'awaiting-request' && pdu[0] !== A_ASSOCIATE_RQ && pdu[0] !== A_ABORT) {
        reader.stop();
        return hooks.onEarlyPdu(pdu[0]);
      }
      if (phase === 'associated' && ASSOCIATION_PDUS.has(pdu[0])) {
        reader.stop();
        return hooks.onUnexpectedPdu('unexpected-pdu');
      }
      if (pdu[0] === P_DATA_TF && !contextsKnown(net, pdu)) {
        reader.stop();
        return hooks.onUnexpectedPdu('unknown-presentation-context');
      }
      deliver(net, pdu);
    },
    hooks.onError,
  );
  socket.on('data', (chunk: Buffer) => {
    if (hooks.phase() === 'closing') return; // dropped: a refused peer cannot make us buffer
    hooks.onActivity();
    net.statistics?.addBytesReceived(chunk.length);
    reader.push(chunk);
  });
  return reader;
}

function deliver(net: NetworkInternals, pdu: Buffer): void {
  net.lastPduTime = Date.now();
  if (pdu[0] === P_DATA_TF && takeStoreData(net, pdu)) return;
  void net._processPdu(pdu); // catches its own errors and emits 'networkError'
}

/**
 * Whether every PDV of a P-DATA-TF names a presentation context the association accepted. dcmjs-
 * dimse's getPresentationContext throws for any other id, from inside the socket's data handler.
 */
function contextsKnown(net: NetworkInternals, pdu: Buffer): boolean {
  const accepted = new Set(
    (net.association?.getPresentationContexts() ?? [])
      .filter(({ context }) => context.getResult() === ACCEPTED)
      .map(({ context }) => context.getPresentationContextId()),
  );
  const end = Math.min(pdu.length, 6 + pdu.readUInt32BE(2));
  for (let off = 6; off + 6 <= end;) {
    const itemLength = pdu.readUInt32BE(off);
    if (!accepted.has(pdu[off + 4])) return false;
    if (itemLength < 2) return true; // malformed: dcmjs-dimse's own parser refuses it
    off += 4 + itemLength;
  }
  return true;
}

function takeStoreData(net: NetworkInternals, pdu: Buffer): boolean {
  if (net.dimse?.getCommandFieldType() !== C_STORE_RQ || net.dimseStream) return false;
  const pdvs = readDataPdvs(pdu);
  if (!pdvs) return false;
  const context = net.association?.getPresentationContext(pdvs.presentationContextId);
  if (!context) return false;
  net.dimseStoreStream ??= net.createStoreWritableStream(context, net.dimse);
  const sink = net.dimseStoreStream;
  if (!(sink instanceof DatasetSink)) return false;
  for (const value of pdvs.values) sink.append(value);
  if (sink.overflowed) return true; // the association is being aborted
  if (pdvs.last) {
    completedStores.set(net, { request: net.dimse, presentationContextId: pdvs.presentationContextId });
    void net._processPdu(emptyLastDataPdu(pdvs.presentationContextId));
  }
  return true;
}

/** PS3.8 §9.3.8 Table 9-26: the A-ABORT reason sent for a framing error. */
export function abortReasonFor(reason: PduError): number {
  return reason === 'unrecognized-pdu'
    ? constants.AbortReason.UnrecognizedPdu
    : constants.AbortReason.InvalidPduParameter;
}
