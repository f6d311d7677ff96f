/**
 * `npm run bench:thumbnail`: latency of WADO-RS thumbnails and rendered images of one real CT slice
 * (512², 12 bits, from shared/data/totalsegmentator, UIDs filled in), against Orthanc in the same
 * run: its `/instances/{id}/preview` (PNG of the whole slice) and its DICOMweb `rendered` resource.
 * Orthanc 1.10 on Debian cannot decode JPEG 2000, so the Orthanc rows use the slice stored
 * uncompressed; Delineo is measured with both the uncompressed and the JPEG 2000 copy.
 * Sequential requests over loopback, p50/p95 of --count (default 200) after 20 warm-up requests.
 *
 *   npm run bench:thumbnail -- [--count N]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dump } from 'js-yaml';
import { loadConfig } from '@delineo/config';
import { parsePart10, Tag, TransferSyntax as TS, writePart10 } from '@delineo/dicom';
import { transcodePart10 } from '@delineo/imaging';
import { startGateway } from '../apps/gateway/src/bootstrap';
import { ApiTokenService } from '../apps/gateway/src/auth/api-token.service';
import { stopAll } from './bench/procs';
import { startOrthanc } from './bench/reference-peers';

const SHARED = process.env.DELINEO_SHARED_DATA ?? resolve(__dirname, '../../shared/data');
const { values: args } = parseArgs({ options: { count: { type: 'string', default: '200' } } });
const COUNT = Math.max(10, Number(args.count));

const uid = () => `2.25.${BigInt(`0x${randomBytes(15).toString('hex')}`)}`;

async function ctSlices(): Promise<{ j2k: Buffer; native: Buffer }> {
  const dir = join(SHARED, 'totalsegmentator/example_ct_dicom');
  const parsed = parsePart10(readFileSync(join(dir, readdirSync(dir).sort()[10])));
  const ds = parsed.dataset;
  ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2');
  for (const t of [Tag.SOPInstanceUID, Tag.StudyInstanceUID, Tag.SeriesInstanceUID]) ds.setString(t, 'UI', uid());
  ds.setString(Tag.PatientID, 'LO', 'BENCH');
  const j2k = writePart10(ds, { transferSyntaxUid: parsed.transferSyntaxUid });
  // Its own SOP Instance UID: the archive would otherwise keep one of the two.
  const decoded = parsePart10(await transcodePart10(j2k, TS.ExplicitVRLittleEndian, { maxDecodedBytes: 1 << 30 }));
  decoded.dataset.setString(Tag.SOPInstanceUID, 'UI', uid());
  return { j2k, native: writePart10(decoded.dataset, { transferSyntaxUid: TS.ExplicitVRLittleEndian }) };
}

async function latencies(url: string, headers: Record<string, string>): Promise<number[]> {
  const one = async () => {
    const t = process.hrtime.bigint();
    const res = await fetch(url, { headers });
    const body = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200 || body.length === 0) throw new Error(`${url}: ${res.status}`);
    return Number(process.hrtime.bigint() - t) / 1e6;
  };
  for (let i = 0; i < 20; i++) await one();
  const out: number[] = [];
  for (let i = 0; i < COUNT; i++) out.push(await one());
  return out.sort((a, b) => a - b);
}

const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'delineo-bench-thumb-'));
  const settings = join(tmp, 'settings.yaml');
  writeFileSync(
    settings,
    dump({ dimse: { allowedCallers: [{ aeTitle: 'BENCH' }] }, series: { quietPeriodSeconds: 3600 } }),
  );
  const config = loadConfig({
    DATA_DIR: join(tmp, 'data'),
    DELINEO_CONFIG: settings,
    HTTP_PORT: '0',
    DIMSE_PORT: '0',
    LOG_LEVEL: 'warn',
    DELINEO_PROJECT_KEY: randomBytes(32).toString('hex'),
    DELINEO_VAULT_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  });
  const gw = await startGateway(config, { logDestination: join(tmp, 'gateway.log') });
  try {
    const { token } = await gw.app
      .get(ApiTokenService)
      .create({ name: 'bench', scopes: ['dicomweb:read', 'dicomweb:write'], source: 'bench' }, 'bench');
    const auth = { authorization: `Bearer ${token}` };
    const http = `http://127.0.0.1:${gw.httpPort}/dicomweb`;
    const { j2k, native } = await ctSlices();
    const ours = new Map<string, string>();
    for (const [name, file] of [
      ['native', native],
      ['j2k', j2k],
    ] as const) {
      const boundary = 'benchboundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`),
        file,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await fetch(`${http}/studies`, {
        method: 'POST',
        body,
        headers: {
          ...auth,
          'content-type': `multipart/related; type="application/dicom"; boundary=${boundary}`,
          accept: 'application/dicom+json',
        },
      });
      const json = (await res.json()) as Record<string, { Value: Record<string, { Value: string[] }>[] }>;
      ours.set(name, json['00081199'].Value[0]['00081190'].Value[0]);
    }
    const orthanc = await startOrthanc(join(tmp, 'orthanc'));
    const ohttp = orthanc.stowUrl!.replace(/\/dicom-web\/studies$/, '');
    const up = (await (await fetch(`${ohttp}/instances`, { method: 'POST', body: native })).json()) as { ID: string };
    const ds = parsePart10(native).dataset;
    const orthancRendered = `${ohttp}/dicom-web/studies/${ds.string(Tag.StudyInstanceUID)}/series/${ds.string(Tag.SeriesInstanceUID)}/instances/${ds.string(Tag.SOPInstanceUID)}/rendered`;

    const rows: [string, number[]][] = [
      [
        'Delineo thumbnail (CT uncompressed, PNG ≤128 px)',
        await latencies(`${ours.get('native')}/thumbnail`, { ...auth, accept: 'image/png' }),
      ],
      [
        'Delineo thumbnail (CT uncompressed, JPEG ≤128 px)',
        await latencies(`${ours.get('native')}/thumbnail`, { ...auth, accept: 'image/jpeg' }),
      ],
      [
        'Delineo thumbnail (CT JPEG 2000, JPEG ≤128 px)',
        await latencies(`${ours.get('j2k')}/thumbnail`, { ...auth, accept: 'image/jpeg' }),
      ],
      [
        'Delineo rendered (CT uncompressed, PNG 512²)',
        await latencies(`${ours.get('native')}/rendered`, { ...auth, accept: 'image/png' }),
      ],
      [
        'Delineo rendered (CT uncompressed, JPEG 512²)',
        await latencies(`${ours.get('native')}/rendered`, { ...auth, accept: 'image/jpeg' }),
      ],
      [
        'Orthanc /instances/{id}/preview (PNG 512²)',
        await latencies(`${ohttp}/instances/${up.ID}/preview`, { accept: 'image/png' }),
      ],
      ['Orthanc DICOMweb rendered (JPEG 512²)', await latencies(orthancRendered, { accept: 'image/jpeg' })],
    ];
    const ref = rows.find(([l]) => l.startsWith('Orthanc /instances'))![1];
    console.log(`\nsequential GETs over loopback, ${COUNT} after 20 warm-up; ratio = Orthanc preview p50 / row p50\n`);
    const w = Math.max(...rows.map(([l]) => l.length));
    console.log(`${'resource'.padEnd(w)}  p50 ms   p95 ms   ratio`);
    for (const [label, xs] of rows) {
      const r = (pct(ref, 50) / pct(xs, 50)).toFixed(2);
      console.log(
        `${label.padEnd(w)}  ${pct(xs, 50).toFixed(1).padStart(6)}   ${pct(xs, 95).toFixed(1).padStart(6)}   ${r}×`,
      );
    }
  } finally {
    await stopAll();
    await gw.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
