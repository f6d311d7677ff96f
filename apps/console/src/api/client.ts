import createClient from 'openapi-fetch';
import type { Answer, PathOf } from './answer';
import type { components, paths } from './schema';

export type FieldProblem = components['schemas']['FieldProblemDto'];

/** An RFC 9457 problem answered by the gateway, or our own words when it could not be reached. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly code: string,
    readonly detail?: string,
    readonly problems: readonly string[] = [],
    readonly errors: readonly FieldProblem[] = [],
  ) {
    super(detail ? `${title}: ${detail}` : title);
    this.name = 'ApiProblem';
  }

  /** Reads a problem+json body; any other body becomes the status line and its first 300 characters. */
  static from(response: Response, body: unknown): ApiProblem {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const str = (v: unknown) => (typeof v === 'string' && v.length ? v : undefined);
    const title = str(b.title) ?? (response.statusText || `HTTP ${response.status}`);
    const detail = str(b.detail) ?? (typeof body === 'string' && body ? body.slice(0, 300) : undefined);
    const problems = Array.isArray(b.problems) ? b.problems.filter((p): p is string => typeof p === 'string') : [];
    const errors = Array.isArray(b.errors)
      ? (b.errors as unknown[]).filter(
          (e): e is FieldProblem =>
            typeof e === 'object' && e !== null && typeof (e as FieldProblem).message === 'string',
        )
      : [];
    return new ApiProblem(response.status, title, str(b.code) ?? `http/${response.status}`, detail, problems, errors);
  }
}

type Scalar = string | number | boolean | undefined;

export interface CallOptions {
  path?: Record<string, string | number>;
  query?: Record<string, Scalar>;
  /** JSON body, or a Blob sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
}

const blobType = (v: unknown) => (v as Blob).type || 'application/octet-stream';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
type Loose = Record<
  string,
  (url: string, init: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>
>;

/** The one typed door to the gateway: same-origin cookie, CSRF header on writes, problems thrown as ApiProblem. */
export function createApi(opts: { baseUrl?: string; fetch?: (r: Request) => Promise<Response> } = {}) {
  let csrf: string | undefined;
  const unauthorized = new Set<() => void>();
  const client = createClient<paths>({ baseUrl: opts.baseUrl ?? '', credentials: 'same-origin', fetch: opts.fetch });
  client.use({
    onRequest({ request }) {
      request.headers.set('Accept', 'application/json, application/problem+json');
      // Synchronizer token (auth README "Sessions"): every cookie-authenticated write carries it.
      if (csrf && !SAFE.has(request.method)) request.headers.set('X-CSRF-Token', csrf);
      return request;
    },
  });
  const loose = client as unknown as Loose;

  async function call<T>(method: string, url: string, o: CallOptions = {}): Promise<T> {
    const raw = o.body instanceof Blob;
    let r: Awaited<ReturnType<Loose[string]>>;
    try {
      r = await loose[method](url, {
        params: { path: o.path, query: o.query },
        body: o.body,
        signal: o.signal,
        ...(raw
          ? { bodySerializer: (x: Blob) => x, headers: { 'Content-Type': o.contentType ?? blobType(o.body) } }
          : {}),
      });
    } catch (err) {
      if ((err as Error)?.name === 'AbortError') throw err;
      throw new ApiProblem(0, 'The gateway cannot be reached', 'network', (err as Error)?.message);
    }
    if (r.response.ok) return r.data as T;
    if (r.response.status === 401 && url !== '/api/v1/me') unauthorized.forEach((f) => f());
    throw ApiProblem.from(r.response, r.error);
  }

  return {
    setCsrfToken(token: string | undefined) {
      csrf = token;
    },
    /** Called when the session has ended (idle logoff): the console goes back to the sign-in page. */
    onUnauthorized(f: () => void): () => void {
      unauthorized.add(f);
      return () => unauthorized.delete(f);
    },
    // Each answer's type comes from the schema (./answer.ts), never from the call site.
    get: <P extends PathOf<'get'>>(url: P, o?: CallOptions) => call<Answer<P, 'get'>>('GET', url, o),
    post: <P extends PathOf<'post'>>(url: P, o?: CallOptions) => call<Answer<P, 'post'>>('POST', url, o),
    put: <P extends PathOf<'put'>>(url: P, o?: CallOptions) => call<Answer<P, 'put'>>('PUT', url, o),
    patch: <P extends PathOf<'patch'>>(url: P, o?: CallOptions) => call<Answer<P, 'patch'>>('PATCH', url, o),
    del: <P extends PathOf<'delete'>>(url: P, o?: CallOptions) => call<Answer<P, 'delete'>>('DELETE', url, o),
  };
}

export type Api = ReturnType<typeof createApi>;
export const api: Api = createApi();
