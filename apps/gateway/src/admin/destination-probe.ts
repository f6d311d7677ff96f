import type { DestinationSettings } from '@delineo/config';
import {
  DEFAULT_CALLING_AE_TITLE,
  DEFAULT_TIMEOUT_MS,
  type DeliveryOutcome,
  type SenderOptions,
} from '../delivery/senders';
import { storeResultOutcome, tlsOptions } from '../delivery/senders/dimse-sender';
import { httpStatusOutcome, httpTarget, isOutcome, jsonBody, sendOnce } from '../delivery/senders/http-post';
import type { DestinationTestResult } from './destination-test.result';
import { echoOnce } from './echo-scu';

type Probe = Omit<DestinationTestResult, 'destination' | 'type' | 'elapsedMs'>;

/** A failed attempt's code and message (delivery's mappers wrote both from status words only). */
const failure = (o: DeliveryOutcome) => (o.kind === 'delivered' ? {} : { code: o.code, detail: o.message });

/** Probes one destination with the options delivery uses for it (sender-options.ts). Never rejects. */
export async function probeDestination(d: DestinationSettings, opts: SenderOptions): Promise<DestinationTestResult> {
  const started = performance.now();
  const probe = d.type === 'dimse' ? await echoProbe(d, opts) : await httpProbe(d, opts);
  return { destination: d.name, type: d.type, ...probe, elapsedMs: Math.round(performance.now() - started) };
}

async function echoProbe(d: Extract<DestinationSettings, { type: 'dimse' }>, opts: SenderOptions): Promise<Probe> {
  const target = `${d.host}:${d.port} ${d.aeTitle}`;
  const { phase, result } = await echoOnce({
    host: d.host,
    port: d.port,
    callingAeTitle: opts.callingAeTitle ?? DEFAULT_CALLING_AE_TITLE,
    calledAeTitle: d.aeTitle,
    tls: d.tls ? tlsOptions(d.host, opts.tls) : undefined,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  if (result.kind === 'status') {
    // Verification has one success status, 0000 (PS3.4 Table A.4-1? PS3.7 §9.3.5.2): anything else failed.
    if (result.status === 0) return { target, ok: true, dimseStatus: 0 };
    return { target, ok: false, step: 'echo', dimseStatus: result.status, code: 'delivery/status-failure' };
  }
  const base = { target, ok: false, step: phase, ...failure(storeResultOutcome(result)) };
  return result.kind === 'rejected' ? { ...base, reject: { ...result.reject } } : base;
}

/**
 * DICOMweb: QIDO-RS `GET {url}/studies?limit=1` (PS3.18 §10.6) answered 200 or 204 (no match);
 * FHIR: `GET {url}/metadata`, the CapabilityStatement (FHIR R4 http.html#capabilities).
 */
async function httpProbe(
  d: Extract<DestinationSettings, { type: 'dicomweb' | 'fhir' }>,
  opts: SenderOptions,
): Promise<Probe> {
  const qido = d.type === 'dicomweb';
  const t = httpTarget(d.url, qido ? '/studies' : '/metadata', opts.bearerToken);
  const url = qido ? `${t.url}?limit=1` : t.url;
  const reply = await sendOnce(
    { url, headers: t.headers },
    { method: 'GET' },
    { accept: qido ? 'application/dicom+json' : 'application/fhir+json' },
    opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  if (isOutcome(reply)) return { target: url, ok: false, step: 'http', ...failure(reply) };
  const base = { target: url, httpStatus: reply.status };
  if (reply.status < 200 || reply.status > 299) {
    return { ...base, ok: false, step: 'http', ...failure(httpStatusOutcome(reply.status, 'delivery/http-4xx')) };
  }
  if (qido) return { ...base, ok: reply.status === 200 || reply.status === 204 };
  const body = jsonBody(reply) as { resourceType?: unknown } | undefined;
  if (body?.resourceType === 'CapabilityStatement') return { ...base, ok: true };
  return { ...base, ok: false, step: 'http', code: 'delivery/fhir-bad-response', detail: 'not a CapabilityStatement' };
}
