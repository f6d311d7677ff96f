/**
 * The console's live feed (issue 15): GET /api/v1/events streams a series' transitions as
 * Server-Sent Events while storescu stores a study, with pseudonymous UIDs only, to the roles and
 * scopes that read series status. Prints the latency from the database transition to the client.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePart10, Tag } from '@delineo/dicom';
import { startStorescp, type Storescp } from '../../../test-support/orthanc-tools';
import { ApiTokenService } from '../src/auth/api-token.service';
import { createTestDatabase, deleteRedisPrefix, testRedisUrl, type TestDatabase } from './backends';
import { describeWithTools, randomSecrets, startTestGateway, storescu, type TestGateway } from './harness';
import { syntheticCtDir } from './pipeline-fixtures';
import { waitFor } from './wait';
import { LiveEventsService } from '../src/events/live-events.service';

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
  receivedAt: number;
}

/** Reads an SSE body (Node fetch) and collects its events until `until` holds or the stream ends. */
async function collect(
  res: Response,
  until: (events: SseEvent[]) => boolean,
): Promise<{ events: SseEvent[]; raw: string }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let raw = '';
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    const text = decoder.decode(value, { stream: true });
    raw += text;
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data), receivedAt: Date.now() });
    }
  }
  await reader.cancel();
  return { events, raw };
}

const PREFIX = `e2e-live-${process.pid}`;
const MODES: [string, Record<string, string>][] = [
  ['in-process delivery', {}],
  ['Redis pub/sub (BullMQ queue)', { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: PREFIX }],
];

describeWithTools('GET /api/v1/events (live console feed)', ['storescu', 'storescp', 'echoscu'], () => {
  describe.each(MODES)('%s', (mode, backend) => {
    let gw: TestGateway;
    let db: TestDatabase;
    let pacs: Storescp;
    let left: Response | undefined;
    const tmp = mkdtempSync(path.join(tmpdir(), 'delineo-e2e-live-'));

    beforeAll(async () => {
      db = await createTestDatabase();
      pacs = await startStorescp('LIVE-PACS');
      gw = await startTestGateway({
        env: { ...randomSecrets(), DATABASE_URL: db.url, ...backend },
        settings: {
          dimse: { allowedCallers: [{ aeTitle: 'E2E-SCU' }] },
          series: { quietPeriodSeconds: 3600 },
          routing: [{ name: 'ct', match: { modality: 'CT' }, model: 'ct-body', deliverTo: ['pacs'] }],
          destinations: [
            {
              name: 'pacs',
              type: 'dimse',
              aeTitle: 'LIVE-PACS',
              host: '127.0.0.1',
              port: pacs.port,
              allowPlaintext: true,
            },
          ],
          console: { statsIntervalSeconds: 1, maxEventStreams: 2 },
        },
      });
    }, 60_000);

    afterAll(async () => {
      // A stream left open by the limit test: closing the gateway ends it instead of waiting on it.
      const reader = left?.body?.getReader();
      const drained = (async () => {
        while (reader && !(await reader.read()).done);
        return true;
      })();
      // A connection that never sent a request (a browser's preconnect, undici reconnecting when a
      // stream ends) is not "idle" to Node's server.close(): the gateway must close it itself.
      const bare = connect(gw.gw.httpPort, '127.0.0.1');
      const bareClosed = new Promise<boolean>((resolve) => bare.on('close', () => resolve(true)));
      bare.on('error', () => undefined);
      await new Promise((resolve) => bare.once('connect', resolve));
      const t0 = Date.now();
      await gw?.close();
      console.log(`gateway close with an open stream: ${Date.now() - t0} ms`);
      expect(await drained).toBe(true);
      expect(await bareClosed).toBe(true);
      await db?.drop();
      await pacs?.stop();
      if (backend.QUEUE_PREFIX) await deleteRedisPrefix(PREFIX);
      rmSync(tmp, { recursive: true, force: true });
    });

    it('answers 401 without credentials and 403 to a token without a status scope', async () => {
      expect((await fetch(`${gw.http}/api/v1/events`)).status).toBe(401);
      const { token } = await gw.gw.app
        .get(ApiTokenService)
        .create({ name: 'writer', scopes: ['dicomweb:write'], source: 'e2e' }, 'e2e');
      const res = await fetch(`${gw.http}/api/v1/events`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
    });

    it('streams stats, then the stored series complete, queued, running, segmented, delivered in order with pseudonymous UIDs only', async () => {
      const res = await gw.fetch('/api/v1/events');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const dir = syntheticCtDir(tmp, 31);
      const original = parsePart10(readFileSync(path.join(dir, '0.dcm'))).dataset;
      const stored = storescu(gw, [dir], ['+sd', '+sp', '*']);
      const { events, raw } = await collect(res, (ev) =>
        ev.some((e) => e.event === 'series' && e.data.state === 'delivered'),
      );
      expect((await stored).code).toBe(0);
      expect(raw.startsWith('retry: ')).toBe(true);
      expect(events.some((e) => e.event === 'stats' && typeof e.data.queueDepth === 'number')).toBe(true);
      const series = events.filter((e) => e.event === 'series');
      const order = ['received', 'complete', 'queued', 'running', 'segmented', 'delivered'];
      const states = series.map((e) => String(e.data.state));
      expect(states).toEqual(['complete', 'queued', 'running', 'segmented', 'delivered']);
      expect(states.map((s) => order.indexOf(s))).toEqual(
        [...states.map((s) => order.indexOf(s))].sort((a, b) => a - b),
      );
      expect(new Set(series.map((e) => e.data.id)).size).toBe(1);
      expect(Object.keys(series[0].data).sort()).toEqual([
        'generation',
        'id',
        'modelId',
        'publishedAt',
        'seriesInstanceUid',
        'state',
        'stateChangedAt',
        'studyInstanceUid',
      ]);
      expect(series[0].data.modelId).toBe('ct-body');
      for (const tag of [Tag.SeriesInstanceUID, Tag.StudyInstanceUID, Tag.PatientID]) {
        expect(raw).not.toContain(original.string(tag)!);
      }
      const latencies = series.map((e) =>
        e.data.stateChangedAt === null ? 'moved-on' : e.receivedAt - Date.parse(String(e.data.stateChangedAt)),
      );
      // The issue's target is < 1 s; measured here, reported, not asserted (no timing assertions).
      console.log(
        `live-events latency (${mode}, DB transition -> client), ms: ${series.map((e, i) => `${String(e.data.state)}=${latencies[i]}`).join(', ')}`,
      );
    }, 180_000);

    it("streams an operator's retry: complete again, then queued onward", async () => {
      const list = (await (await gw.fetch('/api/v1/series?limit=1')).json()) as { items: Array<{ id: string }> };
      const id = list.items[0].id;
      const res = await gw.fetch('/api/v1/events');
      const retried = await gw.fetch(`/api/v1/series/${id}/retry`, { method: 'POST' });
      expect(retried.status).toBe(202);
      const { events } = await collect(res, (ev) => ev.some((e) => e.event === 'series' && e.data.state === 'queued'));
      const states = events.filter((e) => e.event === 'series' && e.data.id === id).map((e) => String(e.data.state));
      expect(states.slice(0, 2)).toEqual(['complete', 'queued']);
      // The stream limit test below counts open streams: wait until this one is gone server-side.
      const hub = gw.gw.app.get(LiveEventsService).hub;
      expect(
        await waitFor(
          async () => hub.size,
          (n) => n === 0,
        ),
      ).toBe(0);
    }, 180_000);

    it('answers 503 beyond console.maxEventStreams and accepts a stream again once one closes', async () => {
      const a = await gw.fetch('/api/v1/events');
      left = await gw.fetch('/api/v1/events');
      expect([a.status, left.status]).toEqual([200, 200]);
      const refused = await gw.fetch('/api/v1/events');
      expect(refused.status).toBe(503);
      expect(refused.headers.get('content-type')).toMatch(/problem\+json/);
      await refused.text();
      await a.body!.cancel();
      let again = await gw.fetch('/api/v1/events');
      while (again.status === 503) {
        await again.text();
        await new Promise((r) => setTimeout(r, 50));
        again = await gw.fetch('/api/v1/events');
      }
      expect(again.status).toBe(200);
      await again.body!.cancel();
    });
  });
});
