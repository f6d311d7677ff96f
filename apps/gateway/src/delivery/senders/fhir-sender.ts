import type { Bundle } from '@medplum/fhirtypes';
import type { DestinationSettings } from '@delineo/config';
import { permanent, type DeliveryOutcome } from './delivery-outcome';
import { fhirTransactionOutcome } from './fhir-response.mapper';
import { httpTarget, isOutcome, jsonBody, postOnce } from './http-post';
import { DEFAULT_TIMEOUT_MS, type BundleSender, type SenderOptions } from './sender.port';

export type FhirDestination = Extract<DestinationSettings, { type: 'fhir' }>;

const FHIR_JSON = 'application/fhir+json';

/** POSTs a transaction Bundle to the server's base URL (FHIR R4 http.html#transaction). */
export class FhirSender implements BundleSender {
  readonly payload = 'fhir' as const;

  constructor(
    private readonly destination: FhirDestination,
    private readonly opts: SenderOptions = {},
  ) {}

  async send(bundle: Bundle): Promise<DeliveryOutcome> {
    if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction') {
      return permanent('delivery/invalid-payload', 'not a transaction Bundle');
    }
    const reply = await postOnce(
      httpTarget(this.destination.url, '', this.opts.bearerToken),
      JSON.stringify(bundle),
      { 'content-type': FHIR_JSON, accept: FHIR_JSON },
      this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    );
    if (isOutcome(reply)) return reply;
    return fhirTransactionOutcome(reply.status, jsonBody(reply), bundle.entry?.length ?? 0);
  }
}
