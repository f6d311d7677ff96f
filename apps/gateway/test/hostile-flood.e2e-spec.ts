/**
 * Issue 13's flood: 2,000 idle sockets and 200 half-sent association requests against a gateway
 * process configured for 500 connections (250 per address). Those over a cap are closed at once,
 * before anything is read; the rest are closed by ARTIM; a legitimate storescu succeeds meanwhile.
 * Flooders use their own loopback addresses (127.0.0.2–4), so the per-address cap is what keeps
 * room for the real sender on 127.0.0.1.
 */
import { startGatewayProcess, type GatewayProcess } from '../../../test-support/gateway-process';
import { connectRaw, pdu, type RawConnection } from '../../../test-support/dimse-raw';
import { runTool, shared } from './harness';

const SCU = 'E2E-SCU';
const ARTIM_SECONDS = 10;
let gp: GatewayProcess;
let idlePeak = 0;

beforeAll(async () => {
  gp = await startGatewayProcess({
    settings: {
      dimse: {
        allowedCallers: [{ aeTitle: SCU }],
        maxConnections: 500,
        maxConnectionsPerAddress: 250,
        artimSeconds: ARTIM_SECONDS,
      },
      series: { quietPeriodSeconds: 3600 },
    },
  });
  expect((await storescu()).code).toBe(0);
  idlePeak = gp.rss().peak;
});
afterAll(() => gp?.close());

const storescu = () =>
  runTool('storescu', [
    '-aec',
    gp.aeTitle,
    '-aet',
    SCU,
    '127.0.0.1',
    String(gp.dimsePort),
    shared('highdicom/ct_image.dcm'),
  ]);

async function open(n: number, from: string): Promise<RawConnection[]> {
  const out: RawConnection[] = [];
  for (let i = 0; i < n; i += 100) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(100, n - i) }, () => connectRaw(gp.dimsePort, from).catch(() => undefined)),
    );
    for (const c of batch) if (c) out.push(c);
  }
  return out;
}

const settle = () => new Promise((r) => setTimeout(r, 1000));
const stillOpen = (cs: RawConnection[]) => cs.filter((c) => !c.isClosed()).length;

it('closes connections over the caps at once, idle ones on ARTIM, and keeps serving storescu', async () => {
  const t0 = Date.now();
  const idle = await open(2000, '127.0.0.2');
  const partial = await open(200, '127.0.0.3');
  // Half an A-ASSOCIATE-RQ: a header announcing 60 KiB (under the 64 KiB cap) and 1 KiB of it.
  const head = pdu(0x01, Buffer.alloc(0));
  head.writeUInt32BE(60 * 1024, 2);
  await Promise.all(partial.map((c) => c.send(Buffer.concat([head, Buffer.alloc(1024)])).catch(() => undefined)));
  await settle();
  // ARTIM cannot have fired yet, so every close so far is a refusal at accept.
  expect(Date.now() - t0).toBeLessThan(ARTIM_SECONDS * 1000);
  expect(idle).toHaveLength(2000);
  expect(stillOpen(idle)).toBe(250);
  expect(stillOpen(partial)).toBe(200);

  expect((await storescu()).code).toBe(0); // from 127.0.0.1, while 450 flood connections are held

  const extra = await open(100, '127.0.0.4');
  await settle();
  expect(stillOpen(extra)).toBe(50); // 250 + 200 + 50 = the 500-connection cap

  // Everything held is pre-association: ARTIM closes it all (the test times out otherwise).
  await Promise.all([...idle, ...partial, ...extra].map((c) => c.closed));
  expect(gp.alive()).toBe(true);
  expect((await storescu()).code).toBe(0);
  const lines = gp.lines();
  const refused = (reason: string) =>
    lines
      .filter((l) => l.event === 'connection-refused' && l.reason === reason)
      .reduce((n, l) => n + Number(l.count), 0);
  const deadline = Date.now() + 15_000; // the refusal counts are logged once per 10 s
  while (refused('address-limit') + refused('connection-limit') < 1800 && Date.now() < deadline) await settle();
  expect(refused('address-limit')).toBe(1750);
  expect(refused('connection-limit')).toBe(50);
  const artim = gp.lines().filter((l) => l.event === 'association-aborted' && l.reason === 'artim-expired');
  expect(artim).toHaveLength(500);
  expect(gp.rss().peak - idlePeak).toBeLessThan(128 * 1024 * 1024);
});
