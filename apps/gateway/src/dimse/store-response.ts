import type { Socket } from 'node:net';
import type { requests } from 'dcmjs-dimse';

/**
 * The C-STORE-RSP as one P-DATA-TF PDU, encoded directly: dcmjs-dimse builds it through dcmjs's
 * generic dataset writer and formats a log line for every response, about 0.3 ms of the event
 * loop per instance. Same bytes as dcmjs-dimse's encoding (store-response.spec.ts compares them).
 */
export interface StoreResponse {
  presentationContextId: number;
  messageId: number;
  sopClassUid: string;
  sopInstanceUid: string;
  status: number;
}

/** PS3.7 §E.1 Table E.1-1: C-STORE-RSP command field; "no data set" (0x0101). */
const C_STORE_RSP = 0x8001;
const NO_DATASET = 0x0101;
/** PS3.8 §9.3.5.1: P-DATA-TF; message control header 0x03 = command, last fragment. */
const P_DATA_TF = 0x04;
const COMMAND_LAST = 0x03;

export function encodeStoreResponse(r: StoreResponse): Buffer {
  // Command set: Implicit VR Little Endian, group 0000, ascending tags (PS3.7 §6.3.1).
  const elements = [
    uid(0x0002, r.sopClassUid),
    us(0x0100, C_STORE_RSP),
    us(0x0120, r.messageId),
    us(0x0800, NO_DATASET),
    us(0x0900, r.status),
    uid(0x1000, r.sopInstanceUid),
  ];
  const bodyLength = elements.reduce((n, e) => n + e.length, 0);
  const commandLength = 12 + bodyLength;
  const pdu = Buffer.alloc(6 + 6 + commandLength);
  pdu.writeUInt8(P_DATA_TF, 0);
  pdu.writeUInt32BE(6 + commandLength, 2);
  pdu.writeUInt32BE(2 + commandLength, 6);
  pdu.writeUInt8(r.presentationContextId, 10);
  pdu.writeUInt8(COMMAND_LAST, 11);
  header(pdu, 12, 0x0000, 4);
  pdu.writeUInt32LE(bodyLength, 20); // (0000,0000) Command Group Length
  let off = 24;
  for (const e of elements) off += e.copy(pdu, off);
  return pdu;
}

/**
 * Writes the response for `request` on the SCP's socket (dcmjs-dimse 0.3's `socket` and
 * `statistics`); false when the request lacks what the response needs, so the caller falls
 * back to dcmjs-dimse's own path.
 */
export function sendStoreResponse(
  scp: object,
  request: requests.CStoreRequest,
  presentationContextId: number,
  status: number,
): boolean {
  const messageId = request.getMessageId();
  const sopClassUid = request.getAffectedSopClassUid();
  const sopInstanceUid = request.getAffectedSopInstanceUid();
  const net = scp as { socket?: Socket; statistics?: { addBytesSent(n: number): void } };
  if (typeof messageId !== 'number' || !sopClassUid || !sopInstanceUid || !net.socket || net.socket.destroyed)
    return false;
  const pdu = encodeStoreResponse({ presentationContextId, messageId, sopClassUid, sopInstanceUid, status });
  net.socket.write(pdu);
  net.statistics?.addBytesSent(pdu.length);
  return true;
}

function header(b: Buffer, off: number, element: number, length: number): void {
  b.writeUInt16LE(0x0000, off);
  b.writeUInt16LE(element, off + 2);
  b.writeUInt32LE(length, off + 4);
}

function us(element: number, value: number): Buffer {
  const b = Buffer.alloc(10);
  header(b, 0, element, 2);
  b.writeUInt16LE(value & 0xffff, 8);
  return b;
}

/** UI values are padded to even length with a NUL (PS3.5 §9.1). */
function uid(element: number, value: string): Buffer {
  const text = Buffer.from(value, 'latin1');
  const length = text.length + (text.length & 1);
  const b = Buffer.alloc(8 + length);
  header(b, 0, element, length);
  text.copy(b, 8);
  return b;
}
