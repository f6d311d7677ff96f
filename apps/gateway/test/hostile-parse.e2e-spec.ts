/**
 * Hostile datasets against a live gateway (issue 13's first measurements, now bounded by the
 * parser): a part made of hundreds of thousands of empty sequence items, and sequences nested
 * thousands deep. Each is answered as a failed instance (FailureReason 0xC000), not a crash or an
 * out-of-memory, and the gateway goes on serving.
 */
import { Tag } from '@delineo/dicom';
import { first, items, stow, type Json } from './dicomweb-client';
import { tag, u16, u32, ui } from './hostile-bytes';
import { startTestGateway, type TestGateway } from './harness';

const undefinedSq = (t: number, body: Buffer) =>
  Buffer.concat([tag(t), Buffer.from('SQ'), u16(0), u32(0xffffffff), body, tag(Tag.SequenceDelimitationItem), u32(0)]);

/** A Part 10 file (explicit VR LE) whose dataset is the given UIDs plus `extra`. */
function part10(extra: Buffer, sop: string): Buffer {
  const meta = ui(0x00020010, '1.2.840.10008.1.2.1');
  const uids = Buffer.concat([
    ui(Tag.SOPClassUID, '1.2.840.10008.5.1.4.1.1.2'),
    ui(Tag.SOPInstanceUID, sop),
    ui(Tag.StudyInstanceUID, '1.2.3.4'),
    ui(Tag.SeriesInstanceUID, '1.2.3.4.5'),
  ]);
  return Buffer.concat([Buffer.alloc(128), Buffer.from('DICM'), meta, uids, extra]);
}

const itemFlood = (n: number) =>
  undefinedSq(0x00400275, Buffer.concat(Array.from({ length: n }, () => Buffer.concat([tag(Tag.Item), u32(0)]))));
const deep = (depth: number): Buffer => {
  let body = Buffer.alloc(0);
  for (let i = 0; i < depth; i++)
    body = undefinedSq(0x00400275, Buffer.concat([tag(Tag.Item), u32(0xffffffff), body, tag(0xfffee00d), u32(0)]));
  return body;
};

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

const failureReasons = (body: Json) => items(body, '00081198').map((i) => first(i, '00081197'));

describe('hostile datasets over STOW-RS', () => {
  it.each([
    ['500,000 empty sequence items (4 MiB)', () => itemFlood(500_000)],
    ['sequences nested 3,000 deep', () => deep(3000)],
  ])('answers %s as a failed instance (0xC000), and keeps serving', async (_what, make) => {
    const r = await stow(`${gw.http}/dicomweb/studies`, [part10(make(), `1.2.3.4.5.${Date.now()}`)]);
    expect(r.status).toBe(409); // every instance failed (PS3.18 §10.5.3)
    expect(failureReasons(r.body)).toEqual([0xc000]);
    expect((await fetch(`${gw.http}/health/live`)).status).toBe(200);
    expect([200, 204]).toContain((await gw.fetch('/dicomweb/studies')).status);
  });
});
