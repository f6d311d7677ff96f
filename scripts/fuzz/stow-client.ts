/**
 * STOW-RS for the fuzzer (PS3.18 §10.5): POSTs a case as one part of multipart/related;
 * type="application/dicom" (RFC 2387), sometimes with the framing itself broken, and classifies the
 * answer. Every answer must be an HTTP status with a JSON body (DICOM JSON or problem+json); a 5xx
 * other than 503 (busy, with Retry-After), a FailureReason 0110H (processing failure: an uncoded
 * error inside the gateway, PS3.18 Table I.2-2) or a body that is not JSON is a failure.
 */
import { performance } from 'node:perf_hooks';
import type { Prng } from '../../libs/dicom/src/fuzz';

export interface StowResult {
  /** `409:c000`, `200`, `413`, `503`... (status, then the failure reasons of the instances). */
  outcome: string;
  ms: number;
  failure?: string;
}

const CRLF = '\r\n';

/** The request body and content type; `framing` names the break, if any. */
export function stowRequest(part: Buffer, rng: Prng): { body: Buffer; contentType: string; framing?: string } {
  const boundary = `fuzz-${rng.u32().toString(16)}`;
  const head = (type: string): Buffer => Buffer.from(`--${boundary}${CRLF}Content-Type: ${type}${CRLF}${CRLF}`);
  const close = Buffer.from(`${CRLF}--${boundary}--${CRLF}`);
  const contentType = `multipart/related; type="application/dicom"; boundary=${boundary}`;
  const ok = { body: Buffer.concat([head('application/dicom'), part, close]), contentType };
  if (!rng.chance(0.1)) return ok;
  switch (rng.int(6)) {
    case 0:
      return { ...ok, body: Buffer.concat([head('application/dicom'), part]), framing: 'no-close-delimiter' };
    case 1:
      return { ...ok, body: Buffer.concat([head('application/octet-stream'), part, close]), framing: 'part-type' };
    case 2:
      return { ...ok, contentType: `multipart/related; boundary=${boundary}`, framing: 'no-type-parameter' };
    case 3:
      return { ...ok, contentType: 'multipart/related; type="application/dicom"; boundary=other', framing: 'boundary' };
    case 4:
      return { ...ok, body: Buffer.alloc(0), framing: 'empty-body' };
    default: {
      const twice = Buffer.concat([
        head('application/dicom'),
        part,
        Buffer.from(CRLF),
        head('application/dicom'),
        part,
        close,
      ]);
      return { ...ok, body: twice, framing: 'two-parts' };
    }
  }
}

type Json = Record<string, { Value?: unknown[] } | undefined>;

/** FailureReason (0008,1197) of each item of FailedSOPSequence (0008,1198). */
function failureReasons(body: unknown): number[] {
  const items = (body as Json | undefined)?.['00081198']?.Value ?? [];
  return items.map((i) => Number((i as Json)['00081197']?.Value?.[0]));
}

export async function stow(http: string, token: string, part: Buffer, rng: Prng): Promise<StowResult> {
  const req = stowRequest(part, rng);
  const start = performance.now();
  let answer: { status: number; text: string; retryAfter: string | null };
  try {
    const r = await fetch(`${http}/dicomweb/studies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': req.contentType, accept: 'application/dicom+json' },
      body: req.body,
      signal: AbortSignal.timeout(30_000),
    });
    answer = { status: r.status, retryAfter: r.headers.get('retry-after'), text: await r.text() };
  } catch (err) {
    return { outcome: 'no-answer', ms: performance.now() - start, failure: `no HTTP answer (${(err as Error).name})` };
  }
  const { status, text, retryAfter } = answer;
  const ms = performance.now() - start;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { outcome: String(status), ms, failure: `status ${status} without a JSON body` };
  }
  const reasons = failureReasons(body);
  const outcome = [String(status), ...reasons.map((n) => n.toString(16))].join(':');
  if (status >= 500 && status !== 503) return { outcome, ms, failure: `status ${status}` };
  if (status === 503 && !retryAfter) return { outcome, ms, failure: '503 without Retry-After' };
  if (reasons.includes(0x0110)) return { outcome, ms, failure: 'processing failure (an uncoded error in the gateway)' };
  return { outcome, ms };
}
