import { permanent, retry, type DeliveryCode, type DeliveryOutcome } from './delivery-outcome';

export interface HttpTarget {
  /** The URL without user info. */
  url: string;
  headers: Record<string, string>;
}

export interface HttpReply {
  status: number;
  body: Buffer;
}

/**
 * The request URL for a configured base plus a path, and its auth header. fetch refuses URLs with
 * user info, and a URL must never reach a message or log with its password: user info becomes
 * Basic auth (RFC 7617); an explicit bearer token wins (RFC 6750).
 */
export function httpTarget(base: string, path: string, bearerToken?: string): HttpTarget {
  const u = new URL(base);
  const headers: Record<string, string> = {};
  if (bearerToken) headers.authorization = `Bearer ${bearerToken}`;
  else if (u.username || u.password) {
    headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}`;
  }
  u.username = '';
  u.password = '';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}${path}`;
  return { url: u.toString(), headers };
}

/**
 * One request with a deadline covering the whole exchange, body included (AbortSignal.timeout).
 * Redirects are not followed: a 3xx could move PHI to a host nobody configured.
 * Global fetch (undici) sets TCP_NODELAY on its sockets itself.
 */
export async function sendOnce(
  target: HttpTarget,
  init: { method: 'GET' | 'POST'; body?: Buffer | string },
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpReply | DeliveryOutcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(target.url, {
      ...init,
      headers: { ...target.headers, ...headers },
      redirect: 'manual',
      signal,
    });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  } catch (err) {
    if (signal.aborted) return retry('delivery/timeout', `HTTP request timed out`);
    const cause = (err as { cause?: { code?: string } }).cause;
    return retry('delivery/network', `HTTP request failed: ${cause?.code ?? (err as Error).name}`);
  }
}

/** One POST (STOW-RS, FHIR transaction) through sendOnce. */
export function postOnce(
  target: HttpTarget,
  body: Buffer | string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<HttpReply | DeliveryOutcome> {
  return sendOnce(target, { method: 'POST', body }, headers, timeoutMs);
}

export const isOutcome = (r: HttpReply | DeliveryOutcome): r is DeliveryOutcome => 'kind' in r;

/**
 * Classes an HTTP status that is not the service's success answer (RFC 9110 §15). 408 Request
 * Timeout and 429 Too Many Requests are transient like 5xx; other 4xx need a person; a 1xx/2xx
 * that the service does not define gets the caller's `unexpected` code.
 */
export function httpStatusOutcome(status: number, unexpected: DeliveryCode): DeliveryOutcome {
  const message = `HTTP ${status}`;
  if (status >= 500) return retry('delivery/http-5xx', message);
  if (status === 408 || status === 429) return retry('delivery/http-4xx', message);
  if (status >= 400) return permanent('delivery/http-4xx', message);
  if (status >= 300) return permanent('delivery/http-3xx', message);
  return permanent(unexpected, `unexpected ${message}`);
}

/** The JSON body of a reply, or undefined when there is none or it does not parse. */
export function jsonBody(reply: HttpReply): unknown {
  if (reply.body.length === 0) return undefined;
  try {
    return JSON.parse(reply.body.toString('utf8'));
  } catch {
    return undefined;
  }
}
