/**
 * QIDO-RS conformance (PS3.18 §10.6) against the real gateway: every matching key of Tables
 * 10.6.1-5/-6/-7 at its level, matched and not matched, on what the archive holds after
 * de-identification; includefield (keywords, tags, sequence paths, all); the 299 Warnings; limit
 * and offset; 400 for bad input; and a seeded flood of hostile query strings that must never 5xx.
 */
import { parsePart10, Tag, writePart10, Dataset, tagOf, dictionaryVr } from '@delineo/dicom';
import { QIDO_MATCHING_KEYS, type QidoLevel } from '@delineo/dicomweb';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';
import { first, stow, type Json } from './dicomweb-client';
import { randomSecrets, startTestGateway, type TestGateway } from './harness';
import { hostileQueries } from './qido-hostile';

const hex = (keyword: string) => tagOf(keyword)!.toString(16).toUpperCase().padStart(8, '0');
const ORIGINAL = {
  PatientName: 'Original^Olga',
  PatientID: 'ORIG-PID-424242',
  ScheduledProcedureStepID: 'SPS-ORIG-77',
  RequestedProcedureID: 'RP-ORIG-88',
};

/** A small synthetic series with the series-level keys Table 10.6.1-6 matches on. */
function instances(n: number, modality: string): Buffer[] {
  return syntheticCtSeries({
    count: 2,
    rows: 16,
    cols: 16,
    patientName: `${ORIGINAL.PatientName}${n}`,
    patientId: `${ORIGINAL.PatientID}${n}`,
    studyDate: `2020010${n}`,
  }).map((bytes) => {
    const { dataset, transferSyntaxUid } = parsePart10(bytes);
    dataset.setString(Tag.Modality, 'CS', modality);
    dataset.setString(tagOf('PerformedProcedureStepStartDate')!, 'DA', `2020010${n}`);
    dataset.setString(tagOf('PerformedProcedureStepStartTime')!, 'TM', '101500');
    const item = new Dataset();
    item.setString(tagOf('ScheduledProcedureStepID')!, 'SH', ORIGINAL.ScheduledProcedureStepID);
    item.setString(tagOf('RequestedProcedureID')!, 'SH', ORIGINAL.RequestedProcedureID);
    dataset.setSequence(tagOf('RequestAttributesSequence')!, [item]);
    return writePart10(dataset, { transferSyntaxUid });
  });
}

describe('QIDO-RS conformance (embedded backends)', () => {
  let gw: TestGateway;
  /** Per level, the includefield=all answer for the first (CT) study's entities. */
  const held: Partial<Record<QidoLevel, Json>> = {};
  const get = async (path: string) => {
    const r = await gw.fetch(path);
    const text = await r.text();
    return { status: r.status, warning: r.headers.get('warning'), body: (text ? JSON.parse(text) : []) as Json[] };
  };
  const uidsOf = (body: Json[], keyword: string) => body.map((o) => String(first(o, hex(keyword))));

  beforeAll(async () => {
    gw = await startTestGateway({ env: randomSecrets() });
    for (const [n, modality] of [
      [1, 'CT'],
      [2, 'MR'],
    ] as const) {
      const r = await stow(`${gw.http}/dicomweb/studies`, instances(n, modality));
      expect(r.status).toBe(202);
    }
    const ct = (await get('/dicomweb/studies?ModalitiesInStudy=CT&includefield=all')).body[0];
    const study = String(first(ct, hex('StudyInstanceUID')));
    held.studies = ct;
    held.series = (await get(`/dicomweb/studies/${study}/series?includefield=all`)).body[0];
    held.instances = (await get(`/dicomweb/studies/${study}/instances?includefield=all&InstanceNumber=1`)).body[0];
  });
  afterAll(() => gw?.close());

  /** A value that the held entity's attribute cannot match, valid for the attribute's VR. */
  const otherValue = (keyword: string): string =>
    ({ DA: '19000101', TM: '000001', UI: '1.2.3.4.5', IS: '99999', CS: 'XX' })[
      dictionaryVr(tagOf(keyword)!) as string
    ] ?? 'NOMATCH';

  const cases = (['studies', 'series', 'instances'] as const).flatMap((level) =>
    QIDO_MATCHING_KEYS[level].map((k) => [level, k.keyword] as const),
  );

  it.each(cases)('%s: %s matches the held value (or "" when empty) and not another', async (level, keyword) => {
    const target = held[level]!;
    const idKey = { studies: 'StudyInstanceUID', series: 'SeriesInstanceUID', instances: 'SOPInstanceUID' }[level];
    const id = String(first(target, hex(idKey)));
    const attr = target[hex(keyword)] as { Value?: unknown[] } | undefined;
    const search = async (key: string, value: string) => {
      const r = await get(`/dicomweb/${level}?${key}=${encodeURIComponent(value)}&limit=1000`);
      expect(r.status).toBeLessThan(300);
      return uidsOf(r.body, idKey);
    };
    if (keyword === 'RequestAttributesSequence') {
      // De-identification removes the sequence (PS3.15 Table E.1-1 X): the original IDs no longer match.
      expect(attr?.Value ?? []).toEqual([]);
      expect(await search(`${keyword}.ScheduledProcedureStepID`, ORIGINAL.ScheduledProcedureStepID)).toEqual([]);
      expect(await search(`${keyword}.RequestedProcedureID`, ORIGINAL.RequestedProcedureID)).toEqual([]);
      expect(await search(keyword, '""')).toContain(id);
      return;
    }
    const v = attr?.Value?.[0];
    const value =
      v === undefined ? undefined : typeof v === 'object' ? (v as { Alphabetic: string }).Alphabetic : String(v);
    if (value === undefined) {
      expect(await search(keyword, '""')).toContain(id);
      expect(await search(keyword, otherValue(keyword))).not.toContain(id);
      return;
    }
    expect(await search(keyword, value)).toContain(id);
    expect(await search(keyword, otherValue(keyword))).not.toContain(id);
    expect(await search(keyword, '""')).not.toContain(id);
  });

  it('holds the pseudonyms, never an original identifier, even with includefield=all', async () => {
    const all = JSON.stringify(held);
    for (const original of Object.values(ORIGINAL)) expect(all).not.toContain(original);
    expect(all).not.toContain('Referrer');
    expect(String(first(held.studies!, hex('PatientID')))).not.toContain('ORIG');
    // Required return attributes the archive holds no value for are present and empty (Table 10.6.3-3).
    const r = await get('/dicomweb/studies?ModalitiesInStudy=CT');
    expect(r.body[0][hex('ReferringPhysicianName')]).toEqual({ vr: 'PN' });
    expect(r.body[0][hex('StudyID')]).toEqual({ vr: 'SH' });
  });

  it('matches PN case-insensitively, wildcards, UID lists, ranges and combined date-time ranges', async () => {
    const name = (first(held.studies!, hex('PatientName')) as { Alphabetic: string }).Alphabetic;
    const count = async (q: string) => (await get(`/dicomweb/studies?${q}`)).body.length;
    expect(await count(`PatientName=${encodeURIComponent(name.toLowerCase())}`)).toBe(1);
    expect(await count(`PatientName=${encodeURIComponent(name.slice(0, 3).toLowerCase())}*`)).toBeGreaterThanOrEqual(1);
    const pid = String(first(held.studies!, hex('PatientID')));
    expect(await count(`PatientID=${encodeURIComponent(pid.slice(0, -1))}?`)).toBe(1);
    expect(await count(`PatientID=${encodeURIComponent(pid.toLowerCase())}`)).toBe(pid === pid.toLowerCase() ? 1 : 0);
    const uids = (await get('/dicomweb/studies')).body.map((o) => String(first(o, hex('StudyInstanceUID'))));
    expect(await count(`StudyInstanceUID=${uids.join(',')}`)).toBe(2);
    expect(await count(`StudyInstanceUID=${uids.join('%5C')}`)).toBe(2);
    const date = String(first(held.studies!, hex('StudyDate')));
    const time = String(first(held.studies!, hex('StudyTime')));
    expect(await count(`StudyDate=${date}-`)).toBeGreaterThanOrEqual(1);
    expect(await count(`StudyDate=-${date}`)).toBeGreaterThanOrEqual(1);
    expect(await count(`StudyDate=${date}-${date}&StudyTime=${time}-`)).toBe(1);
    expect(await count(`StudyDate=${date}-${date}&StudyTime=-000001`)).toBe(0);
    expect(await count(`ModalitiesInStudy=CT,MR`)).toBe(2);
  });

  it('answers includefield by keyword, tag, sequence path and all', async () => {
    const one = async (q: string) => (await get(`/dicomweb/series?Modality=CT&${q}`)).body[0];
    expect(Object.keys(await one('includefield=ProtocolName'))).toContain(hex('ProtocolName'));
    expect(Object.keys(await one(`includefield=${hex('ProtocolName')}`))).toContain(hex('ProtocolName'));
    const seq = await one('includefield=RequestAttributesSequence.ScheduledProcedureStepID');
    expect(Object.keys(seq)).toContain(hex('RequestAttributesSequence'));
    const all = await one('includefield=all');
    expect(Object.keys(all).length).toBeGreaterThan(Object.keys(await one('')).length);
  });

  it('warns about fuzzymatching and an unsupported key, pages with limit and offset', async () => {
    const fuzzy = await get('/dicomweb/studies?fuzzymatching=true&PatientName=x*');
    expect(fuzzy.warning).toMatch(/^299 delineo ".*fuzzymatching parameter is not supported/);
    expect((await get('/dicomweb/studies?Manufacturer=X')).warning).toMatch(/not supported for matching: Manufacturer/);
    const all = uidsOf((await get('/dicomweb/instances')).body, 'SOPInstanceUID');
    expect(all).toHaveLength(4);
    const page = uidsOf((await get('/dicomweb/instances?limit=2&offset=1')).body, 'SOPInstanceUID');
    expect(page).toEqual(all.slice(1, 3));
    expect((await get('/dicomweb/instances?offset=4')).status).toBe(204);
  });

  it.each([
    ['NotAKeyword=1', /unknown query parameter NotAKeyword/],
    ['StudyDate=2020-01-01', /StudyDate: not a valid DA/],
    ['StudyDate=20200201-20200101', /range ends before it starts/],
    ['StudyInstanceUID=1.2.abc', /expected UIDs/],
    ['PatientID=a&PatientID=b', /given more than once/],
    [`ModalitiesInStudy=${Array.from({ length: 101 }, (_, i) => `M${i}`).join(',')}`, /more than 100 values/],
    [`PatientID=${'x'.repeat(65)}`, /longer than 64/],
    ['limit=-1', /limit: expected a non-negative integer/],
    ['ModalitiesInStudy=C*', /wildcard matching is not supported/],
  ])('answers 400 with a problem body to %s', async (q, detail) => {
    const r = await gw.fetch(`/dicomweb/studies?${q}`);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(await r.json())).toMatch(detail);
  });

  it('never answers 5xx, whatever the query string (seeded hostile flood)', async () => {
    const statuses = new Map<number, number>();
    for (const level of ['studies', 'series', 'instances']) {
      for (const q of hostileQueries(0x5eed + level.length, 150)) {
        const r = await gw.fetch(`/dicomweb/${level}?${q}`);
        await r.arrayBuffer();
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        if (r.status >= 500) throw new Error(`${r.status} for /${level}?${q}`);
      }
    }
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
    expect(statuses.get(400)).toBeGreaterThan(0); // the flood did reach the validator
  });
});
