/**
 * Upper-layer PDUs (PS3.8 §9.3), written from structures whose every length and type field can be
 * overridden, and DIMSE command sets (PS3.7 §6.3, §9.3.1: C-STORE-RQ; always Implicit VR Little
 * Endian, PS3.7 §6.3.1). Big-endian lengths on the upper layer, little-endian inside the commands.
 */
import { Dataset } from '../dataset';
import { TransferSyntax } from '../transfer-syntax';
import { encodeDataset } from '../writer';

export const PduType = {
  AssociateRq: 0x01,
  AssociateAc: 0x02,
  AssociateRj: 0x03,
  PDataTf: 0x04,
  ReleaseRq: 0x05,
  ReleaseRp: 0x06,
  Abort: 0x07,
} as const;

/** PS3.8 §9.3.2: variable items and their sub-items share one shape: type, reserved, u16 length. */
export interface VarItem {
  type: number;
  /** Fixed fields before any sub-items (a presentation context's id and reserved bytes). */
  head?: Buffer;
  sub?: VarItem[];
  /** A length field to write instead of the true one. */
  length?: number;
}

export interface AssociateRq {
  /** PS3.8 Table 9-11: only bit 0 (version 1) is defined. */
  protocolVersion: number;
  called: Buffer;
  calling: Buffer;
  items: VarItem[];
  length?: number;
}

/** PS3.8 §9.3.5.1: one presentation-data-value item of a P-DATA-TF. */
export interface Pdv {
  pcid: number;
  /** Message control header: bit 0 command (1) or dataset (0), bit 1 last fragment. */
  control: number;
  data: Buffer;
  length?: number;
}

export const APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';
export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';
const IMPLEMENTATION_CLASS = '2.25.127071958513290176406262548498312089001';

/** AE titles are 16 bytes, padded with spaces (PS3.8 Table 9-11). */
export const aeField = (title: string): Buffer => Buffer.from(title.padEnd(16, ' ').slice(0, 16), 'latin1');

export const uidItem = (type: number, uid: string): VarItem => ({ type, head: Buffer.from(uid, 'latin1') });

export function presentationContext(id: number, abstractSyntax: string, transferSyntaxes: readonly string[]): VarItem {
  return {
    type: 0x20,
    head: Buffer.from([id, 0, 0, 0]),
    sub: [uidItem(0x30, abstractSyntax), ...transferSyntaxes.map((ts) => uidItem(0x40, ts))],
  };
}

export function userInformation(maxPduLength: number): VarItem {
  const max = Buffer.alloc(4);
  max.writeUInt32BE(maxPduLength >>> 0);
  return {
    type: 0x50,
    sub: [{ type: 0x51, head: max }, uidItem(0x52, IMPLEMENTATION_CLASS), uidItem(0x55, 'DELINEO_FUZZ')],
  };
}

export function encodeItem(item: VarItem): Buffer {
  const body = Buffer.concat([item.head ?? Buffer.alloc(0), ...(item.sub ?? []).map(encodeItem)]);
  const h = Buffer.from([item.type & 0xff, 0, 0, 0]);
  h.writeUInt16BE((item.length ?? body.length) & 0xffff, 2);
  return Buffer.concat([h, body]);
}

/** A PDU: type, reserved, u32 length (PS3.8 §9.3.1), body. */
export function pdu(type: number, body: Buffer, length?: number): Buffer {
  const h = Buffer.from([type & 0xff, 0, 0, 0, 0, 0]);
  h.writeUInt32BE((length ?? body.length) >>> 0, 2);
  return Buffer.concat([h, body]);
}

export function encodeAssociateRq(rq: AssociateRq): Buffer {
  const fixed = Buffer.alloc(68);
  fixed.writeUInt16BE(rq.protocolVersion & 0xffff, 0);
  rq.called.copy(fixed, 4, 0, 16);
  rq.calling.copy(fixed, 20, 0, 16);
  return pdu(PduType.AssociateRq, Buffer.concat([fixed, ...rq.items.map(encodeItem)]), rq.length);
}

export function encodePDataTf(pdvs: readonly Pdv[], length?: number): Buffer {
  const items = pdvs.map((p) => {
    const h = Buffer.alloc(6);
    h.writeUInt32BE((p.length ?? p.data.length + 2) >>> 0, 0);
    h[4] = p.pcid & 0xff;
    h[5] = p.control & 0xff;
    return Buffer.concat([h, p.data]);
  });
  return pdu(PduType.PDataTf, Buffer.concat(items), length);
}

/** A-RELEASE-RQ / -RP: 4 reserved bytes (PS3.8 §9.3.6, §9.3.7). */
export const releasePdu = (type: number = PduType.ReleaseRq): Buffer => pdu(type, Buffer.alloc(4));

/** A-ABORT (PS3.8 §9.3.8): reserved, reserved, source, reason. */
export const abortPdu = (source = 0, reason = 0): Buffer => pdu(PduType.Abort, Buffer.from([0, 0, source, reason]));

/** Command set with its (0000,0000) Command Group Length first (PS3.7 §E.1); the writer drops group lengths. */
export function encodeCommand(command: Dataset, groupLength?: number): Buffer {
  const body = Buffer.concat(encodeDataset(command, TransferSyntax.ImplicitVRLittleEndian));
  const gl = Buffer.alloc(12);
  gl.writeUInt32LE(4, 4);
  gl.writeUInt32LE((groupLength ?? body.length) >>> 0, 8);
  return Buffer.concat([gl, body]);
}

/** Command elements (PS3.7 Table E.1-1). */
export const Cmd = {
  AffectedSOPClassUID: 0x00000002,
  CommandField: 0x00000100,
  MessageID: 0x00000110,
  Priority: 0x00000700,
  CommandDataSetType: 0x00000800,
  Status: 0x00000900,
  AffectedSOPInstanceUID: 0x00001000,
} as const;

export function cStoreRq(messageId: number, sopClass: string, sopInstance: string): Dataset {
  const ds = new Dataset();
  ds.setString(Cmd.AffectedSOPClassUID, 'UI', sopClass);
  ds.setUint16(Cmd.CommandField, 0x0001);
  ds.setUint16(Cmd.MessageID, messageId);
  ds.setUint16(Cmd.Priority, 0);
  ds.setUint16(Cmd.CommandDataSetType, 0x0000); // a dataset follows; 0x0101 would mean none
  ds.setString(Cmd.AffectedSOPInstanceUID, 'UI', sopInstance);
  return ds;
}

export function cEchoRq(messageId: number): Dataset {
  const ds = new Dataset();
  ds.setString(Cmd.AffectedSOPClassUID, 'UI', VERIFICATION_SOP_CLASS);
  ds.setUint16(Cmd.CommandField, 0x0030);
  ds.setUint16(Cmd.MessageID, messageId);
  ds.setUint16(Cmd.CommandDataSetType, 0x0101);
  return ds;
}
