/**
 * A raw-socket DICOM upper-layer requestor for the fuzzer: plays one scripted conversation (PS3.8
 * §9.2) step by step, waits after the steps that expect an answer, and reports what the gateway
 * did: each PDU it sent back (A-ASSOCIATE-AC/-RJ, a DIMSE response with its status, A-RELEASE-RP,
 * A-ABORT), or the close. Then it half-closes and times how long the gateway takes to close.
 */
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { type PduCase, PduType } from '../../libs/dicom/src/fuzz';
import { pduLabel, responseLabel } from './pdu-labels';

export interface DimseResult {
  /** The gateway's answers in order: `a-associate-ac`, `rsp:8001:0000`, `a-abort`, `closed`... */
  replies: string[];
  /** The longest the gateway took to answer a write: a reply PDU, or the close after our FIN. */
  ms: number;
  /** The gateway closed the connection before we half-closed it. */
  closedByPeer: boolean;
  /** Set when the gateway did not close within `closeTimeoutMs` of our FIN. */
  hung?: boolean;
}

export interface ConverseOptions {
  port: number;
  /** How long silence after an awaited step counts as "no answer owed" before the next step. */
  quietMs: number;
  closeTimeoutMs: number;
}

export function converse(c: PduCase, opts: ConverseOptions): Promise<DimseResult> {
  return new Promise((resolve) => {
    const replies: string[] = [];
    let pending = Buffer.alloc(0);
    let lastWrite = performance.now();
    let maxMs = 0;
    let closed = false;
    let wake: (() => void) | undefined;
    const note = (label: string): void => {
      replies.push(label);
      maxMs = Math.max(maxMs, performance.now() - lastWrite);
      wake?.();
    };
    const socket: Socket = connect({ port: opts.port, host: '127.0.0.1', noDelay: true });
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 6 && pending.length >= 6 + pending.readUInt32BE(2)) {
        const body = pending.subarray(6, 6 + pending.readUInt32BE(2));
        note(pending[0] === PduType.PDataTf ? responseLabel(body) : pduLabel(pending[0], body));
        pending = pending.subarray(6 + body.length);
      }
    });
    socket.on('error', () => undefined); // a reset is one way of closing
    socket.on('close', () => {
      closed = true;
      note('closed');
    });
    const answered = (ms: number): Promise<void> =>
      new Promise<void>((r) => {
        const t = setTimeout(r, ms);
        wake = () => (clearTimeout(t), r());
      }).finally(() => (wake = undefined));
    const write = async (bytes: Buffer): Promise<void> => {
      const pieces = c.chunked ? splitSmall(bytes, c.index) : [bytes];
      for (const p of pieces) {
        if (closed) return;
        socket.write(p);
        lastWrite = performance.now(); // latency runs from the last byte written before an answer
        if (c.chunked) await new Promise((r) => setImmediate(r));
      }
    };
    socket.once('connect', () => {
      void (async () => {
        for (const step of c.steps) {
          if (closed) break;
          await write(step.bytes);
          if (step.await && !closed) await answered(opts.quietMs);
        }
        let hung = false;
        const closedByPeer = closed;
        if (!closed) {
          lastWrite = performance.now();
          socket.end();
          // Replies may still arrive (an A-ABORT) before the close: wait for the close itself.
          const deadline = lastWrite + opts.closeTimeoutMs;
          while (!closed && performance.now() < deadline) await answered(deadline - performance.now());
          hung = !closed;
          socket.destroy();
        }
        resolve({ replies, ms: maxMs, closedByPeer, ...(hung ? { hung } : {}) });
      })();
    });
  });
}

/** Deterministic small segments (1–7 bytes), so a chunked case replays identically. */
function splitSmall(bytes: Buffer, salt: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, k = salt; at < bytes.length; k++) {
    const n = 1 + ((k * 2654435761) >>> 29);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

/**
 * The one outcome a case is counted under: a refusal or abort if there was one, else the last
 * DIMSE status (`rsp:<command field>:<status>`), else how it ended: released, closed by the
 * gateway, or silent until we half-closed (the gateway was waiting for the rest of a PDU).
 */
export function summarize(r: DimseResult): string {
  const has = (l: string): boolean => r.replies.includes(l);
  const refusal = r.replies.find((l) => l.startsWith('a-associate-rj') || l.startsWith('a-abort'));
  if (refusal) return refusal;
  const rsp = r.replies.filter((l) => l.startsWith('rsp:')).pop();
  if (rsp) return rsp;
  if (has('a-release-rp')) return 'a-release-rp';
  const last = r.replies.filter((l) => l !== 'closed').pop();
  const after = last ? ` after ${last}` : '';
  return r.closedByPeer ? `closed by gateway${after}` : `silent${after}, closed on our FIN`;
}
