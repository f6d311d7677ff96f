/**
 * A DICOM upper-layer client on a raw socket (PS3.8 §9.3), for tests that must send what no real
 * SCU sends: P-DATA after a rejection, a dataset larger than any cap, PDUs cut in half. It builds
 * valid PDUs byte by byte (so a test can then break them) and reads the PDUs that come back.
 */
import net from 'node:net';

const APP_CONTEXT = '1.2.840.10008.3.1.1.1';
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
export const EXPLICIT_LE = '1.2.840.10008.1.2.1';

const ae16 = (s: string): Buffer => Buffer.from(s.padEnd(16, ' ').slice(0, 16), 'ascii');
const u16be = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const u32be = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
};
/** PS3.8 §9.3.2.x sub-items: type, reserved, 16-bit length, value. */
const item = (type: number, value: Buffer): Buffer =>
  Buffer.concat([Buffer.from([type, 0]), u16be(value.length), value]);

export function pdu(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0]), u32be(body.length), body]);
}

/** PS3.8 §9.3.2: A-ASSOCIATE-RQ with one presentation context (id 1). */
export function associateRq(calling: string, called: string, sopClass = CT_IMAGE_STORAGE, ts = EXPLICIT_LE): Buffer {
  const pc = item(
    0x20,
    Buffer.concat([Buffer.from([1, 0, 0, 0]), item(0x30, Buffer.from(sopClass)), item(0x40, Buffer.from(ts))]),
  );
  const user = item(0x50, item(0x51, u32be(262144)));
  const body = Buffer.concat([
    u16be(1),
    Buffer.alloc(2),
    ae16(called),
    ae16(calling),
    Buffer.alloc(32),
    item(0x10, Buffer.from(APP_CONTEXT)),
    pc,
    user,
  ]);
  return pdu(0x01, body);
}

/** PS3.8 §9.3.5: P-DATA-TF with one PDV; control bit 0 = command, bit 1 = last fragment. */
export function pdata(pcid: number, control: number, value: Buffer): Buffer {
  return pdu(0x04, Buffer.concat([u32be(value.length + 2), Buffer.from([pcid, control]), value]));
}

function implicitElement(tag: number, value: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.writeUInt32LE(value.length, 4);
  return Buffer.concat([head, value]);
}
const uid = (v: string): Buffer => Buffer.from(v.length % 2 ? `${v}\0` : v, 'ascii');
const us = (n: number): Buffer => Buffer.from([n & 0xff, n >> 8]);

/** PS3.7 §9.3.1.1: a C-STORE-RQ command set, Implicit VR Little Endian, group length first. */
export function cStoreRqCommand(messageId: number, sopClass: string, sopInstance: string): Buffer {
  const rest = Buffer.concat([
    implicitElement(0x00000002, uid(sopClass)),
    implicitElement(0x00000100, us(0x0001)),
    implicitElement(0x00000110, us(messageId)),
    implicitElement(0x00000700, us(0)),
    implicitElement(0x00000800, us(0x0000)), // a dataset follows
    implicitElement(0x00001000, uid(sopInstance)),
  ]);
  const length = Buffer.alloc(4);
  length.writeUInt32LE(rest.length);
  return Buffer.concat([implicitElement(0x00000000, length), rest]);
}

/** Reads the Status (0000,0900) of a C-STORE-RSP command PDV; undefined if absent. */
export function statusOf(pduBytes: Buffer): number | undefined {
  for (let off = 12; off + 8 <= pduBytes.length;) {
    const tag = (pduBytes.readUInt16LE(off) << 16) | pduBytes.readUInt16LE(off + 2);
    const len = pduBytes.readUInt32LE(off + 4);
    if (tag === 0x00000900) return pduBytes.readUInt16LE(off + 8);
    off += 8 + len;
  }
  return undefined;
}

export interface RawConnection {
  socket: net.Socket;
  /** Resolves with the next whole PDU, or undefined when the connection closed first. */
  next(timeoutMs?: number): Promise<Buffer | undefined>;
  /** Writes, honouring backpressure; rejects once the peer closed. */
  send(b: Buffer): Promise<void>;
  closed: Promise<void>;
  isClosed(): boolean;
}

export function connectRaw(port: number, localAddress?: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    socket.setNoDelay(true);
    let buf = Buffer.alloc(0);
    let closedFlag = false;
    const waiters: (() => void)[] = [];
    const wake = (): void => void waiters.splice(0).forEach((w) => w());
    socket.on('data', (c: Buffer) => {
      buf = Buffer.concat([buf, c]);
      wake();
    });
    const closed = new Promise<void>((r) =>
      socket.once('close', () => {
        closedFlag = true;
        wake();
        r();
      }),
    );
    socket.on('error', () => undefined);
    const take = (): Buffer | undefined => {
      if (buf.length < 6) return undefined;
      const n = 6 + buf.readUInt32BE(2);
      if (buf.length < n) return undefined;
      const out = buf.subarray(0, n);
      buf = buf.subarray(n);
      return out;
    };
    const conn: RawConnection = {
      socket,
      closed,
      isClosed: () => closedFlag,
      next: async (timeoutMs = 30_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const p = take();
          if (p) return p;
          if (closedFlag) return undefined;
          if (Date.now() > deadline) throw new Error('no PDU in time');
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 200);
          });
        }
      },
      send: (b) =>
        new Promise<void>((res, rej) => {
          if (closedFlag || socket.destroyed) return rej(new Error('closed'));
          if (socket.write(b)) return res();
          const onDrain = (): void => (socket.off('close', onClose), res());
          const onClose = (): void => (socket.off('drain', onDrain), rej(new Error('closed')));
          socket.once('drain', onDrain);
          socket.once('close', onClose);
        }),
    };
    socket.once('connect', () => resolve(conn));
    socket.once('error', reject);
  });
}
