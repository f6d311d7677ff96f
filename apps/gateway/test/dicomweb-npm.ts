/**
 * The npm `dicomweb-client` (0.11) as the e2e tests' DICOMweb client, over a Node XHR shim
 * (test-support/xhr.ts). `resource()` maps a URL a test names onto the client call that requests it
 * (PS3.18 §10.4 WADO-RS and §10.6 QIDO-RS resources); what it cannot express stays raw HTTP in
 * dicomweb-client.ts.
 */
import { api } from 'dicomweb-client';
import { installXhr, NodeXMLHttpRequest } from '../../../test-support/xhr';

installXhr();

type Json = Record<string, unknown>;
/** A SOP Instance's address in WADO-RS (PS3.18 §10.4.1). */
export interface InstanceIds {
  studyInstanceUID: string;
  seriesInstanceUID: string;
  sopInstanceUID: string;
}
type Query = { queryParams?: Record<string, string> };
type MediaTypes = { mediaTypes?: { mediaType: string; transferSyntaxUID?: string }[] };
/** Request options dicomweb-client passes through: our own XHR, to read status and headers. */
type WithXhr = { request?: { instance: NodeXMLHttpRequest } };
type Scope = { studyInstanceUID?: string; seriesInstanceUID?: string; sopInstanceUID?: string };

/**
 * The methods of dicomweb-client's DICOMwebClient the tests use, as they behave (its bundled
 * typings declare the searches synchronous and every option required).
 */
export interface Dicomweb {
  searchForStudies(o?: Query & WithXhr): Promise<Json[]>;
  searchForSeries(o?: Query & WithXhr & Scope): Promise<Json[]>;
  searchForInstances(o?: Query & WithXhr & Scope): Promise<Json[]>;
  retrieveStudy(o: Scope & MediaTypes & WithXhr): Promise<ArrayBuffer[]>;
  retrieveSeries(o: Scope & MediaTypes & WithXhr): Promise<ArrayBuffer[]>;
  retrieveInstance(o: InstanceIds & MediaTypes & WithXhr): Promise<ArrayBuffer>;
  retrieveStudyMetadata(o: Scope & WithXhr): Promise<Json[]>;
  retrieveSeriesMetadata(o: Scope & WithXhr): Promise<Json[]>;
  retrieveInstanceMetadata(o: InstanceIds & WithXhr): Promise<Json[]>;
  retrieveInstanceFrames(o: InstanceIds & MediaTypes & WithXhr & { frameNumbers: string }): Promise<ArrayBuffer[]>;
  storeInstances(o: { datasets: ArrayBuffer[]; studyInstanceUID?: string } & WithXhr): Promise<unknown>;
}

/** dicomweb-client's DICOMwebClient for `${http}/dicomweb`, sending `headers` (the bearer token). */
export function npmClient(http: string, headers: Record<string, string>): Dicomweb {
  const client = new api.DICOMwebClient({ url: `${http}/dicomweb`, headers, verbose: false, singlepart: false });
  return client as unknown as Dicomweb;
}

/** Runs a client call with its own XHR; a rejected call (4xx, 5xx) still yields its status and body. */
export async function withXhr<T>(
  call: (request: { instance: NodeXMLHttpRequest }) => Promise<T>,
): Promise<{ xhr: NodeXMLHttpRequest; value: T | undefined; failed: unknown }> {
  const instance = new NodeXMLHttpRequest();
  try {
    return { xhr: instance, value: await call({ instance }), failed: undefined };
  } catch (err) {
    return { xhr: instance, value: undefined, failed: (err as { response?: unknown }).response };
  }
}

type Level = 'studies' | 'series' | 'instances';
/** What a DICOMweb URL names (PS3.18 §10.4.1, §10.6.1), in dicomweb-client's terms. */
export type Resource =
  | { kind: 'search'; level: Level; scope: Scope; query: Record<string, string> }
  | { kind: 'retrieve'; level: Level; scope: Scope }
  | { kind: 'metadata'; level: Level; scope: Scope }
  | { kind: 'frames'; scope: InstanceIds; frameNumbers: string };

const ORDER: Level[] = ['studies', 'series', 'instances'];
const SCOPE_KEYS: Record<Level, keyof Scope> = {
  studies: 'studyInstanceUID',
  series: 'seriesInstanceUID',
  instances: 'sopInstanceUID',
};

/**
 * Reads a URL under /dicomweb into a Resource; undefined for what the client has no call for
 * (other paths, repeated query keys, a query on a retrieve), which the caller then sends raw.
 */
export function resource(url: string): Resource | undefined {
  const u = new URL(url);
  const keys = [...u.searchParams.keys()];
  if (new Set(keys).size !== keys.length) return undefined; // the client takes the query as an object
  if (!u.pathname.startsWith('/dicomweb/')) return undefined;
  const segs = u.pathname.slice('/dicomweb/'.length).split('/');
  // Leading name/UID pairs must follow studies → series → instances (PS3.18 Table 10.4.1-1).
  const scope: Scope = {};
  let k = 0;
  while (2 * k + 1 < segs.length && segs[2 * k] === ORDER[k] && /^[0-9.]+$/.test(segs[2 * k + 1])) {
    scope[SCOPE_KEYS[ORDER[k]]] = segs[2 * k + 1];
    k++;
  }
  const rest = segs.slice(2 * k);
  const last = rest[0] as Level;
  if (rest.length === 1 && ORDER.indexOf(last) >= k) {
    return { kind: 'search', level: last, scope, query: Object.fromEntries(u.searchParams) };
  }
  if (k === 0 || keys.length > 0) return undefined;
  const level = ORDER[k - 1];
  if (rest.length === 0) return { kind: 'retrieve', level, scope };
  if (rest.length === 1 && rest[0] === 'metadata') return { kind: 'metadata', level, scope };
  if (rest.length === 2 && rest[0] === 'frames' && k === 3 && /^[0-9]+(,[0-9]+)*$/.test(rest[1])) {
    return { kind: 'frames', scope: scope as InstanceIds, frameNumbers: rest[1] };
  }
  return undefined;
}

type Request = { instance: NodeXMLHttpRequest };
const SEARCH = { studies: 'searchForStudies', series: 'searchForSeries', instances: 'searchForInstances' } as const;
const METADATA = {
  studies: 'retrieveStudyMetadata',
  series: 'retrieveSeriesMetadata',
  instances: 'retrieveInstanceMetadata',
} as const;

/** The client call for a QIDO search or a metadata resource. */
export function jsonCall(
  client: Dicomweb,
  r: Extract<Resource, { kind: 'search' | 'metadata' }>,
  request: Request,
): Promise<Json[]> {
  if (r.kind === 'metadata') return client[METADATA[r.level]]({ ...(r.scope as InstanceIds), request });
  const queryParams = Object.keys(r.query).length ? { queryParams: r.query } : {};
  return client[SEARCH[r.level]]({ ...r.scope, ...queryParams, request });
}

/** The client call for a WADO-RS retrieve (study, series, instance) or frames; one ArrayBuffer per part. */
export async function partsCall(
  client: Dicomweb,
  r: Extract<Resource, { kind: 'retrieve' | 'frames' }>,
  mediaTypes: MediaTypes['mediaTypes'],
  request: Request,
): Promise<ArrayBuffer[]> {
  if (r.kind === 'frames') {
    return client.retrieveInstanceFrames({ ...r.scope, frameNumbers: r.frameNumbers, mediaTypes, request });
  }
  const ids = { ...(r.scope as InstanceIds), ...(mediaTypes ? { mediaTypes } : {}), request };
  if (r.level === 'instances') return [await client.retrieveInstance(ids)];
  return r.level === 'series' ? client.retrieveSeries(ids) : client.retrieveStudy(ids);
}
