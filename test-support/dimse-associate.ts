/**
 * A-ASSOCIATE-RQ with several presentation contexts and chosen user-information sub-items, and a
 * reader for the A-ASSOCIATE-AC that comes back (PS3.8 §9.3.2–9.3.3, PS3.7 Annex D.3.3): for tests
 * that assert the bytes an acceptor answers, whatever a real SCU happens to propose.
 */
import { pdu } from './dimse-raw';

const APP_CONTEXT = '1.2.840.10008.3.1.1.1';

const u16be = (n: number): Buffer => Buffer.from([n >> 8, n & 0xff]);
const item = (type: number, value: Buffer): Buffer =>
  Buffer.concat([Buffer.from([type, 0]), u16be(value.length), value]);
const ae16 = (s: string): Buffer => Buffer.from(s.padEnd(16, ' ').slice(0, 16), 'ascii');

export interface ProposedContext {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

export interface AssociateRqOptions {
  calling: string;
  called: string;
  contexts: ProposedContext[];
  implementationClassUid: string;
  implementationVersionName?: string;
  /** PS3.7 D.3.3.3: maximum operations invoked, performed. */
  asyncOps?: [number, number];
  maxPduLength?: number;
}

export function associateRqWith(o: AssociateRqOptions): Buffer {
  const contexts = o.contexts.map((c) =>
    item(
      0x20,
      Buffer.concat([
        Buffer.from([c.id, 0, 0, 0]),
        item(0x30, Buffer.from(c.abstractSyntax)),
        ...c.transferSyntaxes.map((ts) => item(0x40, Buffer.from(ts))),
      ]),
    ),
  );
  const maxPdu = Buffer.alloc(4);
  maxPdu.writeUInt32BE(o.maxPduLength ?? 262144);
  const sub = [item(0x51, maxPdu), item(0x52, Buffer.from(o.implementationClassUid))];
  if (o.asyncOps) sub.push(item(0x53, Buffer.concat([u16be(o.asyncOps[0]), u16be(o.asyncOps[1])])));
  if (o.implementationVersionName) sub.push(item(0x55, Buffer.from(o.implementationVersionName)));
  const body = Buffer.concat([
    u16be(1),
    Buffer.alloc(2),
    ae16(o.called),
    ae16(o.calling),
    Buffer.alloc(32),
    item(0x10, Buffer.from(APP_CONTEXT)),
    ...contexts,
    item(0x50, Buffer.concat(sub)),
  ]);
  return pdu(0x01, body);
}

export interface AcceptedContext {
  result: number;
  transferSyntax: string;
}

export interface AssociateAc {
  contexts: Map<number, AcceptedContext>;
  /** User-information sub-items by item type (0x51 max PDU, 0x52, 0x53, 0x55 …), raw values. */
  userItems: Map<number, Buffer[]>;
}

/** User-information sub-items of an A-ASSOCIATE-RQ or -AC (PS3.8 §9.3.2.3, §9.3.3.3), by item type. */
export function userItemsOf(p: Buffer): Map<number, Buffer[]> {
  if (p[0] !== 0x01 && p[0] !== 0x02)
    throw new Error(`expected A-ASSOCIATE-RQ/-AC, got PDU type 0x${p[0].toString(16)}`);
  return readAssociate(p).userItems;
}

/** Reads an A-ASSOCIATE-AC PDU (type 0x02); throws on anything else. */
export function readAssociateAc(p: Buffer): AssociateAc {
  if (p[0] !== 0x02) throw new Error(`expected A-ASSOCIATE-AC (0x02), got PDU type 0x${p[0].toString(16)}`);
  return readAssociate(p);
}

function readAssociate(p: Buffer): AssociateAc {
  const contexts = new Map<number, AcceptedContext>();
  const userItems = new Map<number, Buffer[]>();
  let off = 6 + 68;
  while (off + 4 <= p.length) {
    const type = p[off];
    const len = p.readUInt16BE(off + 2);
    const value = p.subarray(off + 4, off + 4 + len);
    if (type === 0x21) {
      const tsLen = value.readUInt16BE(6);
      contexts.set(value[0], {
        result: value[2],
        transferSyntax: value.toString('latin1', 8, 8 + tsLen).replace(/\0+$/, ''),
      });
    } else if (type === 0x50) {
      for (let s = 0; s + 4 <= value.length;) {
        const t = value[s];
        const l = value.readUInt16BE(s + 2);
        userItems.set(t, [...(userItems.get(t) ?? []), value.subarray(s + 4, s + 4 + l)]);
        s += 4 + l;
      }
    }
    off += 4 + len;
  }
  return { contexts, userItems };
}
