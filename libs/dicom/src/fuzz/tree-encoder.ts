/**
 * Writes a dataset tree as-is, in Implicit or Explicit VR, Little or Big Endian (PS3.5 §7.1, §7.3):
 * lengths not overridden are the true ones, sequences and items of undefined length get their
 * delimitation items (PS3.5 §7.5), nests and floods are written without recursion.
 */
import { Tag } from '../tags';
import { hasLongLength, isVr } from '../vr';
import { type Encoding, type Header, type ItemNode, type Node, UNDEFINED_LENGTH } from './dicom-tree';

/** Byte size of one numeric unit per VR, for Explicit VR Big Endian (PS3.5 §7.3). */
const UNIT: Record<string, number> = {
  US: 2,
  SS: 2,
  OW: 2,
  AT: 2,
  UL: 4,
  SL: 4,
  FL: 4,
  OF: 4,
  OL: 4,
  FD: 8,
  OD: 8,
  SV: 8,
  UV: 8,
  OV: 8,
};

class Out {
  readonly parts: Buffer[] = [];
  constructor(readonly enc: Encoding) {}

  u16(v: number): void {
    const b = Buffer.allocUnsafe(2);
    if (this.enc.bigEndian) b.writeUInt16BE(v & 0xffff);
    else b.writeUInt16LE(v & 0xffff);
    this.parts.push(b);
  }

  u32(v: number): void {
    const b = Buffer.allocUnsafe(4);
    if (this.enc.bigEndian) b.writeUInt32BE(v >>> 0);
    else b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
  }

  tag(t: number): void {
    this.u16(t >>> 16);
    this.u16(t & 0xffff);
  }

  header(h: Header, trueLength: number): void {
    this.tag(h.tag);
    const length = h.length ?? skewed(trueLength, h.lengthSkew);
    if (this.enc.implicit) return this.u32(length);
    this.parts.push(Buffer.from(h.vr.padEnd(2, ' ').slice(0, 2), 'latin1'));
    if (h.longHeader ?? (isVr(h.vr) && hasLongLength(h.vr))) {
      this.u16(0);
      this.u32(length);
    } else this.u16(length);
  }

  value(vr: string, v: Buffer): void {
    const unit = this.enc.bigEndian ? (UNIT[vr] ?? 1) : 1;
    if (unit === 1) return void this.parts.push(v);
    const swapped = Buffer.from(v);
    for (let o = 0; o + unit <= swapped.length; o += unit) swapped.subarray(o, o + unit).reverse();
    this.parts.push(swapped);
  }
}

/** Encodes the tree; lengths not overridden are the true ones. */
export function encodeTree(nodes: readonly Node[], enc: Encoding): Buffer {
  const out = new Out(enc);
  for (const n of nodes) writeNode(out, n);
  return Buffer.concat(out.parts);
}

function writeNode(out: Out, n: Node): void {
  switch (n.kind) {
    case 'element':
      out.header(n, n.value.length);
      return out.value(n.vr, n.value);
    case 'raw':
      return void out.parts.push(n.bytes);
    case 'sequence': {
      const body = Buffer.concat(n.items.map((i) => encodeItem(i, out.enc)));
      out.header(n, n.defined ? body.length : UNDEFINED_LENGTH);
      out.parts.push(body);
      if (n.delimiter ?? !n.defined) delimiter(out, Tag.SequenceDelimitationItem);
      return;
    }
    case 'fragments':
      out.header(n, UNDEFINED_LENGTH);
      for (const f of n.fragments) {
        out.tag(f.tag ?? Tag.Item);
        out.u32(f.length ?? f.value.length);
        out.parts.push(f.value);
      }
      if (n.delimiter ?? true) delimiter(out, Tag.SequenceDelimitationItem);
      return;
    case 'nest':
      for (let i = 0; i < n.depth; i++) {
        out.header({ tag: n.tag, vr: 'SQ' }, UNDEFINED_LENGTH);
        out.tag(Tag.Item);
        out.u32(UNDEFINED_LENGTH);
      }
      for (let i = 0; i < n.depth; i++) {
        delimiter(out, Tag.ItemDelimitationItem);
        delimiter(out, Tag.SequenceDelimitationItem);
      }
      return;
    case 'flood': {
      const one = new Out(out.enc);
      if (n.of === 'elements') one.header({ tag: n.tag, vr: 'LO' }, 0);
      else {
        out.header({ tag: n.tag, vr: 'SQ' }, UNDEFINED_LENGTH);
        one.tag(Tag.Item);
        one.u32(0);
      }
      const unit = Buffer.concat(one.parts);
      const all = Buffer.alloc(unit.length * n.count);
      unit.copy(all, 0);
      for (let filled = unit.length; filled < all.length; filled *= 2) {
        all.copy(all, filled, 0, Math.min(filled, all.length - filled));
      }
      out.parts.push(all);
      if (n.of === 'items') delimiter(out, Tag.SequenceDelimitationItem);
      return;
    }
  }
}

function encodeItem(item: ItemNode, enc: Encoding): Buffer {
  const out = new Out(enc);
  const body = encodeTree(item.nodes, enc);
  out.tag(item.tag ?? Tag.Item);
  out.u32(item.length ?? (item.defined ? skewed(body.length, item.lengthSkew) : UNDEFINED_LENGTH));
  out.parts.push(body);
  if (item.delimiter ?? !item.defined) delimiter(out, Tag.ItemDelimitationItem);
  return Buffer.concat(out.parts);
}

function skewed(length: number, skew = 0): number {
  return length === UNDEFINED_LENGTH ? length : Math.max(0, length + skew);
}

/** PS3.5 §7.5: delimitation items are a tag and a zero 32-bit length. */
function delimiter(out: Out, tag: number): void {
  out.tag(tag);
  out.u32(0);
}
