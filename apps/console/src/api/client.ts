import createClient, { type Client, type ClientPathsWithMethod } from 'openapi-fetch';
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

/**
 * Routes the console calls that the generated schema does not describe yet (their controllers are
 * being written). A route leaves this list by itself once `npm run gen:api-client` adds it: from
 * then on its path and method are checked against the gateway's OpenAPI document.
 */
type Planned = Exclude<
  | '/api/v1/settings'
  | '/api/v1/settings/versions'
  | '/api/v1/settings/versions/{version}'
  | '/api/v1/settings/versions/{version}/restore'
  | '/api/v1/users'
  | '/api/v1/users/{id}'
  | '/api/v1/models'
  | '/api/v1/models/{name}/enabled'
  | '/api/v1/jobs/failed/replay',
  keyof paths
>;
type PathOf<M extends 'get' | 'post' | 'put' | 'patch' | 'delete'> = ClientPathsWithMethod<Client<paths>, M> | Planned;
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
    get: <T>(url: PathOf<'get'>, o?: CallOptions) => call<T>('GET', url, o),
    post: <T>(url: PathOf<'post'>, o?: CallOptions) => call<T>('POST', url, o),
    put: <T>(url: PathOf<'put'>, o?: CallOptions) => call<T>('PUT', url, o),
    patch: <T>(url: PathOf<'patch'>, o?: CallOptions) => call<T>('PATCH', url, o),
    del: <T>(url: PathOf<'delete'>, o?: CallOptions) => call<T>('DELETE', url, o),
  };
}

export type Api = ReturnType<typeof createApi>;
export const api: Api = createApi();
