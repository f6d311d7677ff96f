/**
 * The results side of the privacy proof: every canary series is routed to a model (a real external
 * program, NIfTI in and out) and its result delivered to a PACS (dcmtk storescp) and an EHR (a local
 * FHIR endpoint). Those two are the hospital: they SHOULD receive original identifiers. Everything
 * Delineo itself writes on the way (work volumes, label maps, the research SEG, delivery rows, queue
 * payloads) is scanned by the proof like the rest.
 */
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CT_BODY_MANIFEST } from '@delineo/models';
import { startStorescp, type Storescp } from './delivery-senders-peers';
import { waitFor } from './wait';

const FAKE_SEGMENTER = path.resolve(__dirname, '../../../test-support/fake-segmenter.cjs');

export interface ResultSinks {
  modelsDir: string;
  pacs: Storescp;
  /** FHIR transaction bodies received, as text. */
  bundles: string[];
  settings: Record<string, unknown>;
  env: Record<string, string>;
  /** Directories holding what the hospital received (excluded from the temp scan). */
  hospitalDirs: string[];
  close(): Promise<void>;
}

export async function startResultSinks(callingAe: string): Promise<ResultSinks> {
  const modelsDir = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-canary-models-'));
  mkdirSync(path.join(modelsDir, 'canary-threshold'));
  writeFileSync(
    path.join(modelsDir, 'canary-threshold', 'manifest.json'),
    JSON.stringify({
      ...CT_BODY_MANIFEST,
      id: 'canary-threshold',
      name: 'Threshold CLI (privacy proof)',
      input: { modality: ['MR', 'CT'], minSlices: 1 },
      runner: {
        kind: 'command',
        argv: [process.execPath, FAKE_SEGMENTER, '{input}', '{output}', '100'],
        timeoutSeconds: 120,
      },
      labels: CT_BODY_MANIFEST.labels.slice(0, 2),
    }),
  );
  const pacs = await startStorescp(['-pm']);
  const bundles: string[] = [];
  const ehr: Server = createServer((req, res) => {
    let body = '';
    req
      .on('data', (c) => (body += c))
      .on('end', () => {
        bundles.push(body);
        const entries = (JSON.parse(body) as { entry?: unknown[] }).entry ?? [];
        res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(
          JSON.stringify({
            resourceType: 'Bundle',
            type: 'transaction-response',
            entry: entries.map(() => ({ response: { status: '201 Created' } })),
          }),
        );
      });
  });
  await new Promise<void>((r) => ehr.listen(0, '127.0.0.1', r));
  const settings = {
    dimse: { allowedCallers: [{ aeTitle: callingAe }] },
    // STOW-RS has no association to release: those series complete by the quiet period.
    series: { quietPeriodSeconds: 2 },
    destinations: [
      { name: 'pacs', type: 'dimse', aeTitle: pacs.aet, host: '127.0.0.1', port: pacs.port, allowPlaintext: true },
      {
        name: 'ehr',
        type: 'fhir',
        url: `http://127.0.0.1:${(ehr.address() as { port: number }).port}/fhir`,
        patientIdentifierSystem: 'urn:oid:1.2.3.4.5',
        allowPlaintext: true,
      },
    ],
    routing: [{ name: 'everything', match: {}, model: 'canary-threshold', deliverTo: ['pacs', 'ehr'] }],
  };
  return {
    modelsDir,
    pacs,
    bundles,
    settings,
    env: {
      MODELS_DIR: modelsDir,
      RECONCILE_INTERVAL_SECONDS: '1',
      RECONCILE_STALL_SECONDS: '2',
      DELIVERY_BACKOFF_SECONDS: '1',
      DELIVERY_BACKOFF_MAX_SECONDS: '2',
    },
    hospitalDirs: [pacs.dir],
    async close() {
      await pacs.stop();
      await new Promise<void>((r) => ehr.close(() => r()));
      rmSync(modelsDir, { recursive: true, force: true });
    },
  };
}

type SeriesStatus = { id: string; state: string; deliveries: { destination: string; state: string }[] };

/** Waits until no series is on its way (received … running, or a delivery pending). */
export async function waitForResults(
  get: (path: string) => Promise<Response>,
  expected: number,
): Promise<SeriesStatus[]> {
  const list = async () => ((await (await get('/api/v1/series?limit=100')).json()) as { items: SeriesStatus[] }).items;
  // 'segmented' is final only with a dead letter: series and deliveries are read in two queries,
  // so 'segmented' beside all-'delivered' rows is the moment before the series row says so.
  const settled = (s: SeriesStatus) =>
    s.state === 'failed' ||
    s.state === 'delivered' ||
    (s.state === 'segmented' &&
      s.deliveries.some((d) => d.state === 'dead-letter') &&
      s.deliveries.every((d) => d.state !== 'pending'));
  return waitFor(list, (l) => l.length === expected && l.every(settled), 180_000);
}
