import { isStringVr, paddingByte, Vr } from './vr';

/**
 * One data element. Values stay as the raw little-endian bytes from the wire (a view into the
 * received buffer, never a copy) until someone asks for a decoded value. That is what keeps
 * de-identification cheap: pixel data is passed through untouched.
 */
export interface DicomElement {
  tag: number;
  vr: Vr;
  /** Raw value bytes (even length) for non-sequence elements. */
  value?: Buffer;
  /** Items of an SQ element. */
  items?: Dataset[];
  /** Encapsulated pixel data (PS3.5 §A.4): [basic offset table, ...fragments]. */
  fragments?: Buffer[];
}

export class Dataset {
  private readonly elements = new Map<number, DicomElement>();

  get size(): number {
    return this.elements.size;
  }

  get(tag: number): DicomElement | undefined {
    return this.elements.get(tag);
  }

  has(tag: number): boolean {
    return this.elements.has(tag);
  }

  set(element: DicomElement): void {
    this.elements.set(element.tag >>> 0, element);
  }

  delete(tag: number): boolean {
    return this.elements.delete(tag);
  }

  /** Elements in ascending tag order, as PS3.5 §7.1 requires on the wire. */
  sorted(): DicomElement[] {
    return [...this.elements.values()].sort((a, b) => a.tag - b.tag);
  }

  tags(): number[] {
    return [...this.elements.keys()];
  }

  /** First value of a string element, trimmed of padding; undefined when absent or empty. */
  string(tag: number): string | undefined {
    const v = this.strings(tag);
    return v.length > 0 && v[0] !== '' ? v[0] : undefined;
  }

  /** All backslash-separated values of a string element (PS3.5 §6.4). */
  strings(tag: number): string[] {
    const el = this.elements.get(tag);
    if (!el?.value || el.value.length === 0) return [];
    return decodeText(el.value, el.vr)
      .split('\\')
      .map((s) => s.trim());
  }

  numbers(tag: number): number[] {
    const el = this.elements.get(tag);
    if (!el?.value) return [];
    return decodeNumbers(el);
  }

  number(tag: number): number | undefined {
    const n = this.numbers(tag);
    return n.length > 0 && Number.isFinite(n[0]) ? n[0] : undefined;
  }

  setString(tag: number, vr: Vr, value: string | string[]): void {
    this.set({ tag, vr, value: encodeText(Array.isArray(value) ? value.join('\\') : value, vr) });
  }

  setSequence(tag: number, items: Dataset[]): void {
    this.set({ tag, vr: 'SQ', items });
  }

  setUint16(tag: number, value: number): void {
    const b = Buffer.alloc(2);
    b.writeUInt16LE(value);
    this.set({ tag, vr: 'US', value: b });
  }
}

/**
 * Text is decoded as latin1, byte for byte, so that any character set round-trips unchanged; the
 * SpecificCharacterSet is kept with the dataset for consumers that render it (PS3.5 §6.1.2).
 */
export function decodeText(buf: Buffer, vr: Vr): string {
  let end = buf.length;
  while (end > 0 && (buf[end - 1] === 0x00 || (vr !== 'UI' && buf[end - 1] === 0x20))) end--;
  return buf.toString('latin1', 0, end);
}

export function encodeText(text: string, vr: Vr): Buffer {
  const raw = Buffer.from(text, isStringVr(vr) ? 'latin1' : 'latin1');
  if (raw.length % 2 === 0) return raw;
  const out = Buffer.alloc(raw.length + 1, paddingByte(vr));
  raw.copy(out);
  return out;
}

function decodeNumbers(el: DicomElement): number[] {
  const b = el.value!;
  const read = (size: number, fn: (o: number) => number): number[] => {
    const out: number[] = [];
    for (let o = 0; o + size <= b.length; o += size) out.push(fn(o));
    return out;
  };
  switch (el.vr) {
    case 'US':
      return read(2, (o) => b.readUInt16LE(o));
    case 'SS':
      return read(2, (o) => b.readInt16LE(o));
    case 'UL':
      return read(4, (o) => b.readUInt32LE(o));
    case 'SL':
      return read(4, (o) => b.readInt32LE(o));
    case 'FL':
      return read(4, (o) => b.readFloatLE(o));
    case 'FD':
      return read(8, (o) => b.readDoubleLE(o));
    case 'DS':
    case 'IS':
      return decodeText(b, el.vr)
        .split('\\')
        .filter((s) => s.trim() !== '')
        .map((s) => Number(s.trim()));
    default:
      return [];
  }
}
