import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import { constants } from 'dcmjs-dimse';
import { emptyLastDataPdu, P_DATA_TF, type PduError, PduReader, readDataPdvs } from './pdu-reader';

/** Non-P-DATA PDUs (A-ASSOCIATE-RQ with many contexts) may exceed the negotiated P-DATA size. */
const MIN_PDU_LIMIT = 1 << 20;
/** PS3.7 §E.1 Table E.1-1: Command Field of C-STORE-RQ (not in dcmjs-dimse's typings). */
const C_STORE_RQ = 0x0001;

/**
 * Collects a C-STORE's dataset bytes as views of the received PDUs; one copy at the end.
 * The huge high-water mark keeps write() returning true, so dcmjs-dimse never awaits 'drain'
 * mid-PDU and fragments cannot be reordered around an await.
 */
export class DatasetSink extends Writable {
  readonly chunks: Buffer[] = [];
  length = 0;
  constructor() {
    super({ highWaterMark: 2 ** 30 });
  }
  append(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.length += chunk.length;
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
  association?: { getPresentationContext(id: number): unknown };
  dimse?: { getCommandFieldType(): number };
  dimseStream?: unknown;
  dimseStoreStream?: Writable;
  lastPduTime?: number;
  statistics?: { addBytesReceived(n: number): void };
  _processPdu(pdu: Buffer): Promise<void>;
  createStoreWritableStream(context: unknown, request: unknown): Writable;
}

/**
 * Replaces dcmjs-dimse's socket reader. PDUs are framed by PduReader; P-DATA-TF PDUs that carry
 * only fragments of a C-STORE dataset go straight into the DatasetSink (no per-PDV copy, no
 * dcmjs-dimse PDU object); every other PDU, and the final empty fragment that completes the
 * message, goes through dcmjs-dimse's own state machine unchanged (association, commands,
 * responses, release, abort). Throws at construction if those internals are not there.
 */
export function installReceivePath(
  scp: object,
  socket: Socket,
  maxPduLength: number,
  onError: (reason: PduError) => void,
): void {
  const net = scp as NetworkInternals;
  if (typeof net._processPdu !== 'function' || socket.listenerCount('data') !== 1) {
    throw new Error('dcmjs-dimse internals are not as expected: cannot install the DIMSE receive path');
  }
  socket.removeAllListeners('data');
  const reader = new PduReader(Math.max(maxPduLength, MIN_PDU_LIMIT), (pdu) => deliver(net, pdu), onError);
  socket.on('data', (chunk: Buffer) => {
    net.statistics?.addBytesReceived(chunk.length);
    reader.push(chunk);
  });
}

function deliver(net: NetworkInternals, pdu: Buffer): void {
  net.lastPduTime = Date.now(); // dcmjs-dimse's PDU timeout watches this
  if (pdu[0] === P_DATA_TF && takeStoreData(net, pdu)) return;
  void net._processPdu(pdu); // catches its own errors and emits 'networkError'
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
