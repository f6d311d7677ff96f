import type { DestinationSettings } from '@delineo/config';
import { VaultError } from '@delineo/deid';
import type { QueuedJob } from '@delineo/queue';
import { InMemorySeries, route, seriesRow } from '../testing/in-memory-pipeline';
import type { AttemptOutcome } from './attempt-outcome';
import { DeliverResultProcessor } from './deliver-result.processor';
import type { Sender } from './senders';

const dest = { name: 'pacs', type: 'dicomweb', url: 'https://pacs.test/dicomweb' } as DestinationSettings;

function setup(payloadError?: Error) {
  const series = new InMemorySeries().add(
    seriesRow({ id: 'a', state: 'segmented', resultGeneration: 0, route: route(['pacs']) }),
  );
  const recorded: Array<{ attempt: number; outcome: AttemptOutcome }> = [];
  const sent: Buffer[] = [];
  let delivered = false;
  const recorder = {
    alreadyDelivered: async () => delivered,
    record: async (attempt: number, _s: unknown, _d: string, outcome: AttemptOutcome) => (
      recorded.push({ attempt, outcome }),
      { outcome: 'delivered' as const }
    ),
  };
  const payloads = {
    identifiers: async () => (payloadError ? Promise.reject(payloadError) : []),
    seg: async () => Buffer.from('re-identified seg'),
    report: async () => Promise.reject(new Error('not a FHIR destination')),
  };
  const sender = {
    payload: 'dicom',
    send: async (b: Buffer) => (sent.push(b), { kind: 'delivered' as const }),
  } as unknown as Sender;
  const processor = new DeliverResultProcessor(
    { register: () => undefined } as never,
    series,
    payloads,
    recorder,
    {} as never,
    { current: () => ({ destinations: [dest] }), subscribe: () => () => undefined } as never,
  );
  const run = () =>
    processor.handler('pacs', { dest, sender })({
      data: { seriesId: 'a', destination: 'pacs', correlationId: 'c' },
      attemptsMade: 1,
    } as unknown as QueuedJob<'deliver-result'>);
  return { series, recorded, sent, run, markDelivered: () => (delivered = true) };
}

describe('DeliverResultProcessor', () => {
  it('sends the re-identified SEG and records the attempt number with the outcome', async () => {
    const t = setup();
    await t.run();
    expect(t.sent.map(String)).toEqual(['re-identified seg']);
    expect(t.recorded).toEqual([{ attempt: 2, outcome: { kind: 'delivered' } }]);
  });

  it('does not send twice what this destination already has for this generation', async () => {
    const t = setup();
    t.markDelivered();
    expect(await t.run()).toEqual({ outcome: 'already-delivered' });
    expect(t.sent).toEqual([]);
  });

  it('records a permanent outcome with the code when the vault record is gone, sending nothing', async () => {
    const t = setup(new VaultError('vault/missing', 'no vault record for this instance'));
    await t.run();
    expect(t.sent).toEqual([]);
    expect(t.recorded[0].outcome).toEqual({
      kind: 'permanent',
      code: 'vault/missing',
      message: 'no vault record for this instance',
    });
  });

  it('refuses permanently a series that has no result to deliver', async () => {
    const t = setup();
    Object.assign(t.series.rows.get('a')!, { state: 'running' });
    await expect(t.run()).rejects.toMatchObject({ code: 'delivery/not-segmented' });
  });
});

describe('DeliverResultProcessor and the live settings', () => {
  it('reads its destination per attempt, and dead-letters a destination that was removed', async () => {
    let destinations = [dest];
    const recorded: unknown[] = [];
    const processor = new DeliverResultProcessor(
      { register: () => undefined } as never,
      new InMemorySeries().add(seriesRow({ id: 'a', state: 'segmented', resultGeneration: 0, route: route(['pacs']) })),
      {
        identifiers: async () => [],
        seg: async () => Buffer.from('x'),
        report: async () => Promise.reject(new Error()),
      },
      {
        alreadyDelivered: async () => true,
        record: async (_a: number, _s: unknown, d: string, o: unknown) => {
          recorded.push([d, o]);
          throw new Error('dead-lettered');
        },
      },
      { delivery: { timeoutMs: 1000, callingAeTitle: 'DELINEO' }, dimse: { tls: { enabled: false } } } as never,
      { current: () => ({ destinations }), subscribe: () => () => undefined } as never,
    );
    const job = { data: { seriesId: 'a', destination: 'pacs', correlationId: 'c' }, attemptsMade: 0 };
    const run = () => processor.handler('pacs')(job as unknown as QueuedJob<'deliver-result'>);
    await expect(run()).resolves.toEqual({ outcome: 'already-delivered' });
    destinations = [];
    await expect(run()).rejects.toThrow('dead-lettered');
    expect(recorded).toEqual([
      [
        'pacs',
        { kind: 'permanent', code: 'delivery/unknown-destination', message: 'the destination is no longer configured' },
      ],
    ]);
  });

  it('attaches a queue for a destination added live, once', () => {
    const attached: string[] = [];
    let listener: ((next: { destinations: DestinationSettings[] }) => void) | undefined;
    const processor = new DeliverResultProcessor(
      {
        register: () => undefined,
        has: (_n: string, p: string) => attached.includes(p) || p === 'pacs',
        attachPartition: (_n: string, _h: unknown, o: { partition: string }) => attached.push(o.partition),
      } as never,
      new InMemorySeries(),
      {} as never,
      {} as never,
      {} as never,
      {
        current: () => ({ destinations: [dest] }),
        subscribe: (l: typeof listener) => ((listener = l), () => undefined),
      } as never,
    );
    processor.onApplicationBootstrap();
    const added = { ...dest, name: 'archive' } as DestinationSettings;
    listener!({ destinations: [dest, added] });
    listener!({ destinations: [dest, added] });
    expect(attached).toEqual(['archive']);
  });
});
