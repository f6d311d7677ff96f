/**
 * The FHIR sender against a node HTTP server playing a FHIR R4 endpoint: transaction-response
 * Bundles with every entry created, one entry failed, and whole-request failures.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { FhirSender, type SenderOptions } from '../src/delivery/senders';
import { freePort, startHttpPeer, type HttpPeer } from './delivery-senders-peers';

const bundle: Bundle = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:0d1c8f53-4b7a-5e7e-9a55-3f1d2f0c0001',
      resource: { resourceType: 'Patient', id: 'p' },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      fullUrl: 'urn:uuid:0d1c8f53-4b7a-5e7e-9a55-3f1d2f0c0002',
      resource: { resourceType: 'Device', id: 'd' },
      request: { method: 'POST', url: 'Device' },
    },
    {
      fullUrl: 'urn:uuid:0d1c8f53-4b7a-5e7e-9a55-3f1d2f0c0003',
      resource: { resourceType: 'DiagnosticReport', status: 'final', code: { text: 'x' } },
      request: { method: 'POST', url: 'DiagnosticReport' },
    },
  ],
};

const txResponse = (...statuses: string[]): Bundle => ({
  resourceType: 'Bundle',
  type: 'transaction-response',
  entry: statuses.map((status, i) => ({ response: { status, location: `Thing/${i}/_history/1` } })),
});

describe('FHIR sender → a FHIR R4 endpoint', () => {
  let answer: { status: number; body?: unknown };
  let peer: HttpPeer;
  beforeAll(async () => {
    peer = await startHttpPeer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/fhir+json' });
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  afterAll(() => peer.close());

  const sender = (opts: SenderOptions = {}) =>
    new FhirSender({ name: 'ehr', type: 'fhir', url: `${peer.base}/fhir/R4/` }, { timeoutMs: 20_000, ...opts });

  it('POSTs the transaction Bundle as application/fhir+json to the base URL, with the bearer token', async () => {
    answer = { status: 200, body: txResponse('201 Created', '201 Created', '201 Created') };
    expect(await sender({ bearerToken: 'ehr-token' }).send(bundle)).toEqual({ kind: 'delivered', detail: '3 entries' });
    const req = peer.requests.at(-1)!;
    expect([req.method, req.url, req.headers['content-type'], req.headers.accept, req.headers.authorization]).toEqual([
      'POST',
      '/fhir/R4',
      'application/fhir+json',
      'application/fhir+json',
      'Bearer ehr-token',
    ]);
    expect(JSON.parse(req.body.toString('utf8'))).toEqual(bundle);
  });

  it.each([
    ['every entry 2xx (201 and 200)', 200, () => txResponse('201 Created', '200 OK', '201'), { kind: 'delivered' }],
    [
      'one entry 400',
      200,
      () => txResponse('201 Created', '400 Bad Request', '201 Created'),
      { kind: 'permanent', code: 'delivery/fhir-entry-failed', message: 'transaction-response entry 2: status 400' },
    ],
    [
      'one entry 503',
      200,
      () => txResponse('201 Created', '201 Created', '503 Service Unavailable'),
      { kind: 'retry', code: 'delivery/fhir-entry-failed' },
    ],
    [
      'an entry without status',
      200,
      () => ({ ...txResponse('201 Created', '201 Created'), entry: [{}, {}, {}] }),
      { kind: 'permanent', code: 'delivery/fhir-entry-failed' },
    ],
    [
      'fewer entries than sent',
      200,
      () => txResponse('201 Created'),
      { kind: 'permanent', code: 'delivery/fhir-bad-response' },
    ],
    [
      'a batch-response',
      200,
      () => ({ ...txResponse('201', '201', '201'), type: 'batch-response' }),
      { kind: 'permanent', code: 'delivery/fhir-bad-response' },
    ],
    ['200 without a body', 200, () => undefined, { kind: 'permanent', code: 'delivery/fhir-bad-response' }],
    [
      '201 instead of 200',
      201,
      () => txResponse('201', '201', '201'),
      { kind: 'permanent', code: 'delivery/fhir-bad-response' },
    ],
    [
      '400 with an OperationOutcome',
      400,
      () => ({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'invalid', diagnostics: 'Patient DOE^JOHN' }],
      }),
      { kind: 'permanent', code: 'delivery/http-4xx', message: 'HTTP 400' },
    ],
    ['422', 422, () => undefined, { kind: 'permanent', code: 'delivery/http-4xx' }],
    ['408', 408, () => undefined, { kind: 'retry', code: 'delivery/http-4xx' }],
    ['503', 503, () => undefined, { kind: 'retry', code: 'delivery/http-5xx', message: 'HTTP 503' }],
  ])('classes %s', async (_name, status, body, expected) => {
    answer = { status, body: body() };
    expect(await sender().send(bundle)).toMatchObject(expected);
  });

  it('asks for a retry when nothing listens', async () => {
    const outcome = await new FhirSender({
      name: 'down',
      type: 'fhir',
      url: `http://127.0.0.1:${await freePort()}/fhir`,
    }).send(bundle);
    expect(outcome).toMatchObject({ kind: 'retry', code: 'delivery/network' });
  });

  it('refuses a Bundle that is not a transaction without sending it', async () => {
    const before = peer.requests.length;
    expect(await sender().send({ ...bundle, type: 'collection' })).toMatchObject({
      kind: 'permanent',
      code: 'delivery/invalid-payload',
    });
    expect(peer.requests.length).toBe(before);
  });
});
