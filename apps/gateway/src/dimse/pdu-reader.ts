/**
 * PS3.8 §9.3: every PDU is a 6-byte header (type, reserved, 32-bit big-endian length) and a body.
 * Frames PDUs out of TCP chunks with at most one copy per PDU (none when a PDU arrives in one
 * chunk). dcmjs-dimse's own accumulator re-concatenates the whole partial PDU on every chunk,
 * which is quadratic in the PDU size: with 256 KiB PDUs it copied each C-STORE several times over.
 */
export const PDU_TYPES = new Set([0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07]);
export const P_DATA_TF = 0x04;

export type PduError = 'unrecognized-pdu' | 'pdu-too-large';

export class PduReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Total length (header + body) of the PDU being collected, once its header is known. */
  private pduLength = -1;
  private failed = false;

  /**
   * `maxLength`: the largest body accepted, whatever the type (bounds memory per association); a
   * function when it depends on the association's state (small before one exists).
   */
  constructor(
    private readonly maxLength: number | (() => number),
    private readonly onPdu: (pdu: Buffer) => void,
    private readonly onError: (reason: PduError) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.failed) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (!this.failed) {
      if (this.pduLength < 0) {
        if (this.buffered < 6) return;
        const head = this.peekHeader();
        if (!PDU_TYPES.has(head[0])) return this.fail('unrecognized-pdu');
        const bodyLength = head.readUInt32BE(2);
        const max = typeof this.maxLength === 'number' ? this.maxLength : this.maxLength();
        if (bodyLength > max) return this.fail('pdu-too-large');
        this.pduLength = 6 + bodyLength;
      }
      if (this.buffered < this.pduLength) return;
      const pdu = this.take(this.pduLength);
      this.pduLength = -1;
      this.onPdu(pdu);
    }
  }

  /** Stops framing: later bytes are dropped, never buffered (the connection is being closed). */
  stop(): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
  }

  private fail(reason: PduError): void {
    this.failed = true;
    this.chunks = [];
    this.buffered = 0;
    this.onError(reason);
  }

  /** The first 6 buffered bytes; copies only those when the header straddles chunks. */
  private peekHeader(): Buffer {
    const first = this.chunks[0];
    if (first.length >= 6) return first;
    const head = Buffer.allocUnsafe(6);
    let filled = 0;
    for (let i = 0; filled < 6; i++) filled += this.chunks[i].copy(head, filled, 0, 6 - filled);
    return head;
  }

  /** Removes and returns the first `n` buffered bytes: a view when they lie in one chunk. */
  private take(n: number): Buffer {
    const first = this.chunks[0];
    let out: Buffer;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = Buffer.allocUnsafe(n);
      let filled = 0;
      while (filled < n) {
        const c = this.chunks[0];
        const use = Math.min(c.length, n - filled);
        c.copy(out, filled, 0, use);
        filled += use;
        if (use === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(use);
      }
    }
    this.buffered -= n;
    return out;
  }
}

export interface DataPdvs {
  presentationContextId: number;
  values: Buffer[];
  last: boolean;
}

/**
 * PS3.8 §9.3.5 / Annex E: reads the PDV items of a P-DATA-TF PDU when they are all fragments of
 * one dataset (message control header bit 0 clear) on one presentation context, with nothing after
 * a last fragment. Anything else (commands, malformed items) returns undefined for the full path.
 */
export function readDataPdvs(pdu: Buffer): DataPdvs | undefined {
  const end = 6 + pdu.readUInt32BE(2);
  if (end !== pdu.length) return undefined;
  const values: Buffer[] = [];
  let pcid = -1;
  let last = false;
  for (let off = 6; off < end;) {
    if (last || off + 6 > end) return undefined;
    const itemLength = pdu.readUInt32BE(off);
    if (itemLength < 2 || off + 4 + itemLength > end) return undefined;
    const id = pdu[off + 4];
    const control = pdu[off + 5];
    if ((control & 0x01) !== 0 || (pcid >= 0 && id !== pcid)) return undefined;
    pcid = id;
    last = (control & 0x02) !== 0;
    values.push(pdu.subarray(off + 6, off + 4 + itemLength));
    off += 4 + itemLength;
  }
  return pcid < 0 ? undefined : { presentationContextId: pcid, values, last };
}

/** A P-DATA-TF holding one empty, last dataset fragment: lets dcmjs-dimse complete the message. */
export function emptyLastDataPdu(presentationContextId: number): Buffer {
  const pdu = Buffer.alloc(12);
  pdu[0] = P_DATA_TF;
  pdu.writeUInt32BE(6, 2);
  pdu.writeUInt32BE(2, 6);
  pdu[10] = presentationContextId;
  pdu[11] = 0x02;
  return pdu;
}

/**
 * PS3.8 §9.3.8 Table 9-26: an A-ABORT PDU. Written by us rather than dcmjs-dimse's sendAbort,
 * which sends nothing before an association exists — the state where a hostile peer most needs
 * to be told.
 */
export function abortPdu(source: number, reason: number): Buffer {
  const pdu = Buffer.alloc(10);
  pdu[0] = 0x07;
  pdu.writeUInt32BE(4, 2);
  pdu[8] = source;
  pdu[9] = reason;
  return pdu;
}
