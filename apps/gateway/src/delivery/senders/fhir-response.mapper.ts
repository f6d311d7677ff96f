import { delivered, permanent, retry, type DeliveryOutcome } from './delivery-outcome';
import { httpStatusOutcome } from './http-post';

interface ResponseEntry {
  response?: { status?: unknown };
}

/**
 * A FHIR R4 transaction's result (http://hl7.org/fhir/R4/http.html#transaction): success is HTTP
 * 200 with a Bundle of type transaction-response holding one entry per request entry, in order,
 * each with a 2xx `response.status` ("201 Created"). A failed transaction is all-or-nothing and
 * comes back as 4xx/5xx with an OperationOutcome, whose text we never copy: it may quote values.
 */
export function fhirTransactionOutcome(status: number, body: unknown, requestEntries: number): DeliveryOutcome {
  if (status !== 200) return httpStatusOutcome(status, 'delivery/fhir-bad-response');
  const bundle = body as { resourceType?: unknown; type?: unknown; entry?: unknown } | undefined;
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction-response') {
    return permanent('delivery/fhir-bad-response', 'HTTP 200 without a transaction-response Bundle');
  }
  const entries: ResponseEntry[] = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (entries.length !== requestEntries) {
    return permanent(
      'delivery/fhir-bad-response',
      `transaction-response has ${entries.length} entries for ${requestEntries} sent`,
    );
  }
  for (const [i, entry] of entries.entries()) {
    const code = entryStatus(entry);
    if (code >= 200 && code < 300) continue;
    const message = `transaction-response entry ${i + 1}: ${code ? `status ${code}` : 'no status'}`;
    // Same reading as a whole-response status: only overload and timeouts are worth a retry.
    const transient = code >= 500 || code === 408 || code === 429;
    return transient ? retry('delivery/fhir-entry-failed', message) : permanent('delivery/fhir-entry-failed', message);
  }
  return delivered(`${entries.length} entries`);
}

/** `response.status` is a string starting with the 3-digit HTTP code (Bundle.entry.response.status). */
function entryStatus(entry: ResponseEntry): number {
  const s = entry?.response?.status;
  const m = typeof s === 'string' ? /^(\d{3})(\s|$)/.exec(s) : null;
  return m ? Number(m[1]) : 0;
}
