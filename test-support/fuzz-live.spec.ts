/**
 * Issue 13 §6, the live slice run by `npm test`: fixed-seed mutated DIMSE conversations (PS3.8
 * §9.3 PDUs broken one field at a time, C-STOREs carrying mutated datasets) and STOW-RS requests
 * against a gateway child process. Every case must end in a coded outcome (a DIMSE status, an
 * A-ASSOCIATE-RJ, an A-ABORT or a close; an HTTP status with a JSON body), with no uncaught error
 * in the gateway; afterwards it is alive, under the RSS bound, has every association slot free,
 * and serves a normal C-ECHO and C-STORE. No timing is asserted. `npm run fuzz` runs it long.
 */
import { Client, log as dimseLog, requests } from 'dcmjs-dimse';
import { associateRq, encodeAssociateRq, PduMutator, Prng } from '../libs/dicom/src/fuzz';
import { corpusInputs } from '../scripts/fuzz/corpus';
import { concurrentAssociations } from '../scripts/fuzz/association-slots';
import { converse, summarize } from '../scripts/fuzz/dimse-client';
import { replayDimse, runCStore, runStow } from '../scripts/fuzz/live-targets';
import { LogWatch } from '../scripts/fuzz/log-watch';
import { stow } from '../scripts/fuzz/stow-client';
import { startGatewayProcess, type GatewayProcess } from './gateway-process';

const SETTINGS = { dimse: { allowedCallers: [{ aeTitle: 'FUZZ' }] }, series: { quietPeriodSeconds: 3600 } };
/** The stated bound on the gateway's peak RSS (VmHWM) over this slice; it idles near 400 MiB. */
const RSS_BOUND = 1024 * 2 ** 20;
/** dimse.maxAssociations (its default). */
const MAX_ASSOCIATIONS = 16;
const IMPLICIT_LE = '1.2.840.10008.1.2';

let gw: GatewayProcess;
let watch: LogWatch;
beforeAll(async () => {
  dimseLog.setLevel('silent');
  gw = await startGatewayProcess({ settings: SETTINGS });
  watch = new LogWatch(gw);
});
afterAll(() => gw?.close());

function cEcho(port: number): Promise<number[]> {
  const client = new Client();
  const statuses: number[] = [];
  const request = new requests.CEchoRequest();
  request.on('response', (rsp: { getStatus(): number }) => statuses.push(rsp.getStatus()));
  client.addRequest(request);
  return new Promise((resolve, reject) => {
    client.on('closed', () => resolve(statuses));
    client.on('networkError', reject);
    client.send('127.0.0.1', port, 'FUZZ', 'DELINEO');
  });
}

describe('live fuzz slice against a gateway child process', () => {
  it('ends 300 mutated DIMSE conversations and C-STOREs in a status, a refusal, an abort or a close', async () => {
    const t = await runCStore({ gw, watch, seed: 0x13, cases: 300, concurrency: 4 });
    expect(t.failures).toEqual([]);
    expect(t.outcomes.get('rsp:8001:0000')).toBeGreaterThan(0); // some mutations leave a storable instance
    expect(gw.alive()).toBe(true);
  });

  it('answers 150 mutated STOW-RS requests with a status and a JSON body, never a 5xx but 503', async () => {
    const t = await runStow({ gw, watch, seed: 0x13, cases: 150, concurrency: 4 });
    expect(t.failures).toEqual([]);
    expect([...t.outcomes.keys()].some((o) => /^20[02]/.test(o))).toBe(true);
  });

  it('replays every DIMSE and STOW input of test-data/fuzz-corpus to a coded outcome', async () => {
    const dimse = corpusInputs('dimse');
    const before = watch.signatures.length;
    const outcomes = await replayDimse(gw, dimse);
    expect(outcomes.filter((o) => o === 'hung' || o === 'rsp:unreadable')).toEqual([]);
    for (const input of corpusInputs('stow')) {
      expect((await stow(gw.http, gw.token, input.bytes, new Prng(0, 0))).failure).toBeUndefined();
    }
    await new Promise((r) => setTimeout(r, 300)); // the log reaches us through a pipe
    expect(watch.signatures.slice(before)).toEqual([]);
  });

  it('is alive afterwards, with its peak RSS under the stated bound and no uncoded error logged', () => {
    expect(gw.alive()).toBe(true);
    expect(gw.rss().peak).toBeLessThan(RSS_BOUND);
    expect(watch.signatures).toEqual([]);
  });

  it('accepts dimse.maxAssociations associations at once afterwards: no slot leaked', async () => {
    const answers = await concurrentAssociations(
      gw.dimsePort,
      MAX_ASSOCIATIONS,
      encodeAssociateRq(associateRq(IMPLICIT_LE)),
    );
    expect(answers).toEqual(Array(MAX_ASSOCIATIONS).fill('a-associate-ac'));
  });

  it('still serves a normal C-ECHO (dcmjs-dimse) and C-STORE', async () => {
    expect(await cEcho(gw.dimsePort)).toEqual([0]);
    const store = await converse(new PduMutator(0x13).valid(1_000_000), {
      port: gw.dimsePort,
      quietMs: 5_000,
      closeTimeoutMs: 5_000,
    });
    expect(summarize(store)).toBe('rsp:8001:0000');
  });
});

/** Gateway bugs this suite found, fixed since, each replayed as found. */
describe('regressions the fuzzer found in the DIMSE listener', () => {
  const pdus = new PduMutator(0x14);

  it('a dataset PDV on a presentation context never negotiated ends in a coded outcome, not an uncaught error', async () => {
    const c = pdus.valid(1);
    const before = watch.signatures.length;
    const dataStep = c.steps.findIndex((s, i) => i > 1 && s.label === 'p-data');
    const bytes = Buffer.from(c.steps[dataStep].bytes);
    bytes[10] = 7; // PDV presentation context id (PS3.8 §9.3.5.1): 7 was never proposed
    c.steps[dataStep] = { ...c.steps[dataStep], bytes };
    await converse(c, { port: gw.dimsePort, quietMs: 1_000, closeTimeoutMs: 5_000 });
    await new Promise((r) => setTimeout(r, 300));
    expect(watch.signatures.slice(before)).toEqual([]);
  });

  it('a second A-ASSOCIATE-RQ on an established association does not take another slot (PS3.8 Table 9-10, AA-8)', async () => {
    for (let i = 0; i < MAX_ASSOCIATIONS; i++) {
      const c = pdus.valid(100 + i);
      c.steps.splice(1, 0, { ...c.steps[0] });
      await converse(c, { port: gw.dimsePort, quietMs: 1_000, closeTimeoutMs: 5_000 });
    }
    const answers = await concurrentAssociations(
      gw.dimsePort,
      MAX_ASSOCIATIONS,
      encodeAssociateRq(associateRq(IMPLICIT_LE)),
    );
    expect(answers).toEqual(Array(MAX_ASSOCIATIONS).fill('a-associate-ac'));
  });
});
