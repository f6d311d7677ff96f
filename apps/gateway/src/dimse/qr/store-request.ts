import type { Socket } from 'node:net';

/** PS3.7 §E.1 Table E.1-1: C-STORE-RQ; PS3.8 §9.3.5.1: P-DATA-TF and its message control header. */
const C_STORE_RQ = 0x0001;
const P_DATA_TF = 0x04;
const COMMAND_LAST = 0x03;
const DATA = 0x00;
const DATA_LAST = 0x02;
/** What we put in one PDV when the peer states no maximum (PS3.8 §D.1: 0 means unlimited). */
const UNLIMITED_CAP = 1 << 20;

export interface StoreSubOperation {
  presentationContextId: number;
  messageId: number;
  sopClassUid: string;
  sopInstanceUid: string;
  /** The dataset as stored (no preamble, no meta group), in the context's transfer syntax. */
  dataset: Buffer;
  /** C-MOVE sub-operations name the originator (PS3.7 §9.1.1.1, Table 9.3-1). */
  moveOriginator?: { aeTitle: string; messageId: number };
}

/**
 * A C-STORE-RQ as P-DATA-TF PDUs: the command set (Implicit VR Little Endian, PS3.7 §6.3.1), then
 * the dataset in fragments no larger than the peer's maximum PDU length. The dataset's bytes are
 * those of the stored object, never re-encoded, so what arrives is what the archive holds.
 */
export function encodeStoreRequest(op: StoreSubOperation, peerMaxPdu: number): Buffer[] {
  const elements = [
    uid(0x0002, op.sopClassUid),
    us(0x0100, C_STORE_RQ),
    us(0x0110, op.messageId),
    us(0x0700, 0x0000), // priority MEDIUM
    us(0x0800, 0x0000), // a data set follows
    uid(0x1000, op.sopInstanceUid),
  ];
  if (op.moveOriginator) {
    elements.push(text(0x1030, op.moveOriginator.aeTitle), us(0x1031, op.moveOriginator.messageId));
  }
  const body = Buffer.concat(elements);
  const groupLength = Buffer.alloc(12);
  groupLength.writeUInt32LE(0x00000000, 0);
  groupLength.writeUInt32LE(4, 4);
  groupLength.writeUInt32LE(body.length, 8);
  const pdus = [pdv(op.presentationContextId, COMMAND_LAST, Buffer.concat([groupLength, body]))];
  const max = (peerMaxPdu > 0 ? peerMaxPdu : UNLIMITED_CAP) - 6;
  for (let off = 0; off < op.dataset.length; off += max) {
    const end = Math.min(off + max, op.dataset.length);
    pdus.push(
      pdv(op.presentationContextId, end === op.dataset.length ? DATA_LAST : DATA, op.dataset.subarray(off, end)),
    );
  }
  return pdus;
}

/** Writes the PDUs; resolves once the socket can take more (backpressure, never a whole study in memory). */
export async function writePdus(socket: Socket, pdus: Buffer[]): Promise<void> {
  let full = false;
  for (const p of pdus) full = !socket.write(p) || full;
  if (full && !socket.destroyed)
    await new Promise<void>((resolve) => {
      const done = (): void => (socket.off('drain', done), socket.off('close', done), resolve());
      socket.on('drain', done);
      socket.on('close', done);
    });
}

function pdv(pcId: number, control: number, value: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt8(P_DATA_TF, 0);
  head.writeUInt32BE(6 + value.length, 2);
  head.writeUInt32BE(2 + value.length, 6);
  head.writeUInt8(pcId, 10);
  head.writeUInt8(control, 11);
  return Buffer.concat([head, value]);
}

function element(tag: number, value: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE(0x0000, 0);
  h.writeUInt16LE(tag, 2);
  h.writeUInt32LE(value.length, 4);
  return Buffer.concat([h, value]);
}

function us(tag: number, v: number): Buffer {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(v & 0xffff);
  return element(tag, b);
}

/** UI pads with NUL, AE with a space, to even length (PS3.5 §6.2). */
function uid(tag: number, v: string): Buffer {
  return element(tag, Buffer.from(v.length % 2 ? `${v}\0` : v, 'latin1'));
}

function text(tag: number, v: string): Buffer {
  return element(tag, Buffer.from(v.length % 2 ? `${v} ` : v, 'latin1'));
}
