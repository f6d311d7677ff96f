/**
 * DICOMweb for the e2e tests. The client is the npm `dicomweb-client` (the JS client the design
 * names, see dicomweb-npm.ts) wherever it can do the job: getJson, getParts and stow hand every URL
 * it has a call for to it (QIDO searches, WADO retrieve/metadata/frames, STOW storeInstances).
 * Raw HTTP stays for what no client would send (postRaw, stowBody: malformed or hostile input) and
 * for requests the client cannot express (rendered, bulkdata, media types it does not know).
 */
import { randomBytes } from 'node:crypto';
import { readMultipart, parseContentType } from '@delineo/dicomweb';
import { jsonCall, npmClient, partsCall, resource, withXhr, type Dicomweb } from './dicomweb-npm';

export type { Dicomweb, InstanceIds } from './dicomweb-npm';

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

/** GET of DICOM JSON: QIDO and metadata through dicomweb-client, anything else raw. */
export async function getJson(url: string): Promise<{ status: number; body: Json[] }> {
  const r = resource(url);
  if (r && r.kind !== 'retrieve' && r.kind !== 'frames') {
    const client = dicomweb(new URL(url).origin);
    const { xhr, value, failed } = await withXhr((request) => jsonCall(client, r, request));
    return { status: xhr.status, body: ((value ?? failed) as Json[] | null) ?? [] };
  }
  return getJsonRaw(url);
}

async function getJsonRaw(url: string): Promise<{ status: number; body: Json[] }> {
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

/** STOW-RS of Part 10 files to a /dicomweb/studies[/{study}] URL, by dicomweb-client's storeInstances. */
export async function stow(url: string, files: Buffer[]): Promise<StowResult> {
  const m = /^\/dicomweb\/studies(?:\/([0-9.]+))?$/.exec(new URL(url).pathname);
  if (m && !new URL(url).search) return storeWithClient(new URL(url).origin, files, m[1]);
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

const DICOM_ACCEPT = /^multipart\/related;\s*type="?application\/dicom"?$/;
const FRAME_ACCEPT = /^multipart\/related;\s*type="?application\/octet-stream"?(?:;\s*transfer-syntax=([0-9.]+|\*))?$/;

/**
 * GETs a multipart/related resource and returns every part's body: studies, series and instances
 * as application/dicom, and frames as application/octet-stream, through dicomweb-client (with its
 * own multipart decoder); other resources and media types raw. An application/dicom Accept with a
 * transfer-syntax parameter is sent raw too: dicomweb-client 0.11.3 rejects any explicit media type
 * for retrieveInstance/Series/Study ("Media type application/ is not supported", it compares the
 * bare type "application/" with "application/dicom"), so it can only ask for the default.
 */
export async function getParts(
  url: string,
  accept: string,
): Promise<{ status: number; type: string; parts: Buffer[] }> {
  const r = resource(url);
  const frames = FRAME_ACCEPT.exec(accept);
  if (r && ((r.kind === 'retrieve' && DICOM_ACCEPT.test(accept)) || (r.kind === 'frames' && frames))) {
    const mediaTypes = frames
      ? [{ mediaType: 'application/octet-stream', ...(frames[1] ? { transferSyntaxUID: frames[1] } : {}) }]
      : undefined;
    const client = dicomweb(new URL(url).origin);
    const { xhr, value } = await withXhr((request) => partsCall(client, r, mediaTypes, request));
    // readyState 0: the client refused to build the request (a syntax it does not list): send it raw.
    if (xhr.readyState !== 0) {
      const type = xhr.getResponseHeader('content-type') ?? '';
      const parts = xhr.status === 200 ? (value ?? []).map((p) => Buffer.from(p)) : [];
      return { status: xhr.status, type, parts };
    }
  }
  return getPartsRaw(url, accept);
}

async function getPartsRaw(url: string, accept: string): Promise<{ status: number; type: string; parts: Buffer[] }> {
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

/** dicomweb-client's DICOMwebClient for a gateway's /dicomweb, with that gateway's bearer token. */
export function dicomweb(http: string): Dicomweb {
  return npmClient(http, authFor(http));
}

/**
 * storeInstances (STOW-RS) through dicomweb-client, with what the caller learns: the status, the
 * Content-Type as sent, and the Store Instances Response the client resolved with (a 4xx rejects:
 * its body is then read from the error, as an application would).
 */
export async function storeWithClient(http: string, files: Buffer[], studyInstanceUID?: string): Promise<StowResult> {
  const datasets = files.map((f) => f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength) as ArrayBuffer);
  const { xhr, value, failed } = await withXhr((request) =>
    dicomweb(http).storeInstances({ datasets, ...(studyInstanceUID ? { studyInstanceUID } : {}), request }),
  );
  const response = value ?? failed;
  const text = typeof response === 'string' ? response : '';
  return {
    status: xhr.status,
    contentType: xhr.getResponseHeader('content-type') ?? '',
    body: text ? (JSON.parse(text) as Json) : {},
  };
}
