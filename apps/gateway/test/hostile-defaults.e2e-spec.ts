/**
 * Issue 13's measurement 8, weak shipped defaults, on the gateway process as `npm start` runs it:
 * a destination that would carry re-identified results in clear stops the boot unless it opts out,
 * and an opt-out is logged by name (never by URL). The compose/sample settings binding each AE
 * title to a host are checked in libs/config/src/deploy-settings.spec.ts.
 */
import { startGatewayProcess } from '../../../test-support/gateway-process';

const pacs = { name: 'pacs', type: 'dimse', aeTitle: 'PACS', host: '127.0.0.1', port: 104 };
const ehr = { name: 'ehr', type: 'fhir', url: 'http://user:pw@127.0.0.1:9/fhir' };

describe('plaintext result destinations', () => {
  it('refuse to start, naming the setting, when a destination is unencrypted without opting out', async () => {
    const started = startGatewayProcess({ settings: { destinations: [pacs, ehr] }, readyTimeoutMs: 60_000 });
    const err = await started.then(
      async (gp) => {
        await gp.close();
        return new Error('the gateway started');
      },
      (e: Error) => e,
    );
    expect(err.message).toMatch(/exited \(\d+\) before ready/);
    expect(err.message).toContain('destinations[0].tls');
    expect(err.message).toContain('destinations[1].url');
    expect(err.message).not.toContain('user:pw');
  });

  it('start with allowPlaintext: true, and log each opt-out by name only', async () => {
    const gp = await startGatewayProcess({
      settings: {
        destinations: [
          { ...pacs, allowPlaintext: true },
          { ...ehr, allowPlaintext: true },
        ],
      },
    });
    try {
      const warned = gp.lines().filter((l) => l.event === 'destination-plaintext');
      expect(warned.map((l) => l.destination ?? l.name).sort()).toEqual(['ehr', 'pacs']);
      expect(JSON.stringify(gp.lines())).not.toContain('user:pw');
    } finally {
      await gp.close();
    }
  });
});
