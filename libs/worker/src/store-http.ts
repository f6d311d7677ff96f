import { WorkIoError, type WorkIoErrorCode } from './work-io-error';

export interface HttpBounds {
  /** The largest object a GET may return, in bytes. */
  maxBytes: number;
  /** Deadline of one exchange, from connect to the last byte. */
  timeoutMs: number;
  fetchImpl: typeof fetch;
}

/** A pre-signed URL the locator policy accepted; `host` is all a message may show of it. */
export interface StoreUrl {
  url: URL;
  host: string;
}

/**
 * GET of one pre-signed object, bounded: no redirect is followed (a 3xx could point anywhere), a
 * Content-Length over the cap is refused before the body is read, and the streamed bytes are counted
 * too, since a chunked reply declares no length.
 */
export async function getObject(at: StoreUrl, b: HttpBounds): Promise<Buffer> {
  const res = await exchange(at, { method: 'GET' }, b, 'worker/input-unavailable', 'input fetch');
  const declared = res.headers.get('content-length');
  if (declared !== null && Number(declared) > b.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge(at, `declares ${declared} bytes`, b);
  }
  return readCapped(res, at, b, declared === null ? undefined : Number(declared));
}

/**
 * PUT of one object. The reply body is never read: S3 answers a successful PUT with an empty body,
 * and the status line is all we judge, so a store cannot make us buffer anything.
 */
export async function putObject(at: StoreUrl, data: Buffer, b: HttpBounds): Promise<void> {
  const res = await exchange(at, { method: 'PUT', body: data }, b, 'worker/output-rejected', 'output upload');
  await res.body?.cancel().catch(() => undefined);
}

async function exchange(
  at: StoreUrl,
  init: RequestInit,
  b: HttpBounds,
  code: WorkIoErrorCode,
  what: string,
): Promise<Response> {
  let res: Response;
  try {
    // 'manual' returns the 3xx itself (undici), so a redirect has a code of its own below.
    res = await b.fetchImpl(at.url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(b.timeoutMs) });
  } catch (e) {
    throw new WorkIoError(code, `${what} failed (${(e as Error).name}, host ${at.host})`);
  }
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    await res.body?.cancel().catch(() => undefined);
    throw new WorkIoError(
      'worker/redirect-refused',
      `${what}: host ${at.host} answered HTTP ${res.status}; redirects are not followed`,
    );
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new WorkIoError(code, `${what} answered HTTP ${res.status} (host ${at.host})`);
  }
  return res;
}

/** One copy of the object: into a buffer of the declared size when there is one, else chunks. */
async function readCapped(res: Response, at: StoreUrl, b: HttpBounds, declared?: number): Promise<Buffer> {
  const reader = res.body?.getReader();
  if (!reader) return Buffer.alloc(0);
  const whole = declared !== undefined && Number.isSafeInteger(declared) ? Buffer.allocUnsafe(declared) : undefined;
  const limit = whole ? whole.length : b.maxBytes;
  const chunks: Uint8Array[] = [];
  let n = 0;
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      n += r.value.byteLength;
      if (n > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(at, `sent more than ${limit} bytes`, b);
      }
      if (whole) whole.set(r.value, n - r.value.byteLength);
      else chunks.push(r.value);
    }
  } catch (e) {
    if (e instanceof WorkIoError) throw e;
    throw new WorkIoError('worker/input-unavailable', `input fetch failed (${(e as Error).name}, host ${at.host})`);
  }
  return whole ? whole.subarray(0, n) : Buffer.concat(chunks, n);
}

const tooLarge = (at: StoreUrl, what: string, b: HttpBounds) =>
  new WorkIoError(
    'worker/object-too-large',
    `input from host ${at.host} ${what}; the cap is ${b.maxBytes} bytes (WORKER_MAX_OBJECT_BYTES)`,
    true,
  );
