/**
 * DICOMweb for the e2e tests. The client is the npm `dicomweb-client` (the JS client the design
 * names) wherever it can do the job: `dicomweb()` below. The raw helpers (STOW bodies, multipart
 * reads) stay for tests that deliberately send what no client would: malformed or hostile input.
 */
import { randomBytes } from 'node:crypto';
import { api } from 'dicomweb-client';
import { readMultipart, parseContentType } from '@delineo/dicomweb';
import { installXhr, NodeXMLHttpRequest } from '../../../test-support/xhr';

/**
 * The bearer token requests to a gateway carry, per origin (the e2e harness registers its service
 * token for each gateway it starts; a file may run several); `undefined` removes it.
 */
const bearers = new Map<string, string>();
export function authorize(origin: string, token: string | undefined): void {
  if (token === undefined) bearers.delete(origin);
  else bearers.set(origin, token);
}
const authFor = (url: string): Record<string, string> => {
  const token = bearers.get(new URL(url).origin);
  return token ? { authorization: `Bearer ${token}` } : {};
};

/** A DICOM JSON object (PS3.18 Annex F) as parsed from a response. */
export type Json = Record<string, unknown>;

/** First value of an attribute in a DICOM JSON object (tag as 8 hex digits, upper case). */
export function first(obj: Json, tag: string): unknown {
  return (obj[tag] as { Value?: unknown[] } | undefined)?.Value?.[0];
}

export function items(obj: Json, tag: string): Json[] {
  return ((obj[tag] as { Value?: Json[] } | undefined)?.Value ?? []) as Json[];
}

export async function getJson(url: string): Promise<{ status: number; body: Json[] }> {
  const res = await fetch(url, { headers: { accept: 'application/dicom+json', ...authFor(url) } });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json[]) : [] };
}

/** A multipart/related body with one application/dicom part per file (PS3.18 §8.6.1.2). */
export function stowBody(
  files: Buffer[],
  boundary = `b-${randomBytes(8).toString('hex')}`,
): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const f of files) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`), f, Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    body: Buffer.concat(chunks),
    contentType: `multipart/related; type="application/dicom"; boundary=${boundary}`,
  };
}

export interface StowResult {
  status: number;
  contentType: string;
  body: Json;
}

export async function stow(url: string, files: Buffer[]): Promise<StowResult> {
  const { body, contentType } = stowBody(files);
  return postRaw(url, body, contentType);
}

export async function postRaw(url: string, body: Buffer, contentType: string): Promise<StowResult> {
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': contentType, accept: 'application/dicom+json', ...authFor(url) },
  });
  const text = await res.text();
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    body: text ? (JSON.parse(text) as Json) : {},
  };
}

/** GETs a multipart/related resource and returns every part's body. */
export async function getParts(
  url: string,
  accept: string,
): Promise<{ status: number; type: string; parts: Buffer[] }> {
  const res = await fetch(url, { headers: { accept, ...authFor(url) } });
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !res.body) return { status: res.status, type, parts: [] };
  const { boundary } = parseContentType(type).params;
  const parts: Buffer[] = [];
  const stream = res.body as unknown as AsyncIterable<Uint8Array>;
  for await (const p of readMultipart(stream, boundary, { maxPartBytes: 256 * 1024 * 1024 })) parts.push(p.body);
  return { status: res.status, type, parts };
}

export const DICOM_MULTIPART = 'multipart/related; type="application/dicom"';

installXhr();

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

/**
 * The methods of dicomweb-client's DICOMwebClient the tests use, as they behave (its bundled
 * typings declare the searches synchronous and every option required).
 */
export interface Dicomweb {
  searchForStudies(o?: Query & WithXhr): Promise<Json[]>;
  searchForSeries(o?: Query & WithXhr & { studyInstanceUID?: string }): Promise<Json[]>;
  searchForInstances(o?: Query & WithXhr & { studyInstanceUID?: string; seriesInstanceUID?: string }): Promise<Json[]>;
  retrieveInstance(o: InstanceIds & MediaTypes & WithXhr): Promise<ArrayBuffer>;
  retrieveInstanceMetadata(o: InstanceIds & WithXhr): Promise<Json[]>;
  retrieveInstanceFrames(o: InstanceIds & MediaTypes & WithXhr & { frameNumbers: string }): Promise<ArrayBuffer[]>;
  storeInstances(o: { datasets: ArrayBuffer[]; studyInstanceUID?: string } & WithXhr): Promise<unknown>;
}

/** dicomweb-client's DICOMwebClient for a gateway's /dicomweb, with that gateway's bearer token. */
export function dicomweb(http: string): Dicomweb {
  const client = new api.DICOMwebClient({
    url: `${http}/dicomweb`,
    headers: authFor(http),
    verbose: false,
    singlepart: false,
  });
  return client as unknown as Dicomweb;
}

/** One XHR to hand to a dicomweb-client call (`request: { instance }`), to read its status and headers. */
export const xhr = (): NodeXMLHttpRequest => new NodeXMLHttpRequest();

/**
 * storeInstances (STOW-RS) through dicomweb-client, with what the caller learns: the status, the
 * Content-Type as sent, and the Store Instances Response the client resolved with (a 4xx rejects:
 * its body is then read from the error, as an application would).
 */
export async function storeWithClient(http: string, files: Buffer[], studyInstanceUID?: string): Promise<StowResult> {
  const instance = xhr();
  const datasets = files.map((f) => f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer);
  let response: unknown;
  try {
    response = await dicomweb(http).storeInstances({
      datasets,
      ...(studyInstanceUID ? { studyInstanceUID } : {}),
      request: { instance },
    });
  } catch (err) {
    response = (err as { response?: unknown }).response;
  }
  const text = typeof response === 'string' ? response : '';
  return {
    status: instance.status,
    contentType: instance.getResponseHeader('content-type') ?? '',
    body: text ? (JSON.parse(text) as Json) : {},
  };
}
