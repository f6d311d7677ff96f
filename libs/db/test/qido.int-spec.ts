import { ArchiveRepository, QidoRepository, type QidoCondition } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

const page = { limit: 100, offset: 0 };
const uid = (s: string) => `2.25.${s}`;
const where = (...conditions: QidoCondition[]) => ({ ...page, conditions });

describeEachBackend('QidoRepository', (db) => {
  let qido: QidoRepository;
  const uids = (rows: { studyInstanceUid: string }[]) => rows.map((r) => r.studyInstanceUid);

  beforeAll(async () => {
    await truncateArchive(db().ds);
    qido = new QidoRepository(db().ds);
    const archive = new ArchiveRepository(db().ds);
    const add = (study: string, series: string, sop: string, o: Parameters<typeof instanceInput>[1]) =>
      db().ds.transaction((em) => archive.upsertInstance(em, instanceInput({ study, series, sop }, o)));
    const a = {
      patient: 'P1',
      study: {
        studyDate: '20240102',
        studyDescription: 'CT CHEST',
        accessionNumber: 'ACC1',
        attributes: { PatientName: 'Pseudo^One', StudyID: 'S1' },
      },
    };
    for (const n of [3, 1, 2]) {
      await add('1', '1.1', `1.1.${n}`, { ...a, instance: { instanceNumber: n } });
    }
    await add('1', '1.2', '1.2.1', { ...a, series: { modality: 'SEG', seriesNumber: 2 } });
    const b = { patient: 'P2', study: { studyDate: '20240315', studyTime: '235900', studyDescription: 'MR BRAIN' } };
    const request = { RequestAttributesSequence: [{ ScheduledProcedureStepID: 'SPS1', RequestedProcedureID: 'RP1' }] };
    await add('2', '2.1', '2.1.1', {
      ...b,
      series: { modality: 'MR', seriesDescription: 'T1 AX', attributes: request },
    });
    await add('2', '2.1', '2.1.2', { ...b, series: { modality: 'MR' }, instance: { instanceNumber: 2 } });
    await add('3', '3.1', '3.1.1', { patient: 'P1', study: { studyDate: '20231231', studyDescription: 'CT ABDOMEN' } });
  });

  it('returns studies newest first with related series, instance counts and modalities', async () => {
    const rows = await qido.searchStudies({ ...page });
    expect(uids(rows)).toEqual([uid('2'), uid('1'), uid('3')]);
    expect(rows[1]).toEqual({
      studyInstanceUid: uid('1'),
      patientId: 'P1',
      studyDate: '20240102',
      studyTime: '101500',
      accessionNumber: 'ACC1',
      studyDescription: 'CT CHEST',
      modalitiesInStudy: ['CT', 'SEG'],
      studyAttributes: { PatientName: 'Pseudo^One', StudyID: 'S1' },
      numberOfStudyRelatedSeries: 2,
      numberOfStudyRelatedInstances: 4,
    });
  });

  it('matches single values, UID lists and modalities in study', async () => {
    expect(uids(await qido.searchStudies(where({ key: 'PatientID', op: 'in', values: ['P1'] })))).toEqual([
      uid('1'),
      uid('3'),
    ]);
    const list = await qido.searchStudies(where({ key: 'StudyInstanceUID', op: 'in', values: [uid('3'), uid('2')] }));
    expect(uids(list)).toEqual([uid('2'), uid('3')]);
    expect(uids(await qido.searchStudies(where({ key: 'ModalitiesInStudy', op: 'in', values: ['SEG'] })))).toEqual([
      uid('1'),
    ]);
    const either = await qido.searchStudies(where({ key: 'ModalitiesInStudy', op: 'in', values: ['MR', 'SEG'] }));
    expect(uids(either)).toEqual([uid('2'), uid('1')]);
  });

  it('matches DICOM wildcards and treats SQL wildcards literally', async () => {
    const like = (pattern: string) => qido.searchStudies(where({ key: 'StudyDescription', op: 'like', pattern }));
    expect(uids(await like('CT*'))).toEqual([uid('1'), uid('3')]);
    expect(uids(await like('?T CHEST'))).toEqual([uid('1')]);
    expect(await like('%')).toEqual([]);
    expect(await like('CT_CHEST')).toEqual([]);
    expect(await qido.searchStudies(where({ key: 'PatientID', op: 'in', values: ["P1' OR '1'='1"] }))).toEqual([]);
  });

  it('matches inclusive date ranges, open at either end', async () => {
    const range = (from?: string, to?: string) =>
      qido.searchStudies(where({ key: 'StudyDate', op: 'range', from, to }));
    expect(uids(await range('20240101'))).toEqual([uid('2'), uid('1')]);
    expect(uids(await range(undefined, '20231231'))).toEqual([uid('3')]);
    expect(uids(await range('20240102', '20240102'))).toEqual([uid('1')]);
  });

  it('pages with limit and offset', async () => {
    expect(uids(await qido.searchStudies({ limit: 1, offset: 1 }))).toEqual([uid('1')]);
    expect(uids(await qido.searchStudies({ limit: 2, offset: 2 }))).toEqual([uid('3')]);
  });

  it('lists the series of a study with their instance counts', async () => {
    const rows = await qido.searchSeries({ ...page, studyInstanceUid: uid('1') });
    expect(
      rows.map((r) => [r.seriesInstanceUid, r.modality, r.seriesNumber, r.numberOfSeriesRelatedInstances]),
    ).toEqual([
      [uid('1.1'), 'CT', 1, 3],
      [uid('1.2'), 'SEG', 2, 1],
    ]);
    const ct = await qido.searchSeries(where({ key: 'Modality', op: 'in', values: ['CT'] }));
    expect(ct.map((r) => r.seriesInstanceUid).sort()).toEqual([uid('1.1'), uid('3.1')]);
    expect((await qido.searchSeries(where({ key: 'SeriesDescription', op: 'like', pattern: 'T1*' })))[0]).toMatchObject(
      {
        seriesInstanceUid: uid('2.1'),
        seriesDescription: 'T1 AX',
      },
    );
  });

  it('lists instances of a series in instance-number order and matches InstanceNumber', async () => {
    const scope = { ...page, studyInstanceUid: uid('1'), seriesInstanceUid: uid('1.1') };
    const rows = await qido.searchInstances(scope);
    expect(rows.map((r) => r.instanceNumber)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({ sopInstanceUid: uid('1.1.1'), rows: 512, columns: 512, numberOfFrames: null });
    const second = await qido.searchInstances({
      ...scope,
      conditions: [{ key: 'InstanceNumber', op: 'in', values: ['2'] }],
    });
    expect(second.map((r) => r.sopInstanceUid)).toEqual([uid('1.1.2')]);
  });

  it('matches the de-identified level attributes: PN case-insensitively, empty values, sequence items', async () => {
    const studies = (c: QidoCondition) => qido.searchStudies(where(c)).then(uids);
    expect(await studies({ key: 'PatientName', op: 'in', values: ['PSEUDO^ONE'] })).toEqual([uid('1')]);
    expect(await studies({ key: 'PatientName', op: 'like', pattern: 'pseudo*' })).toEqual([uid('1')]);
    expect(await studies({ key: 'StudyID', op: 'in', values: ['s1'] })).toEqual([]); // SH is case-sensitive
    expect(await studies({ key: 'StudyID', op: 'empty' })).toEqual([uid('2'), uid('3')]);
    expect(await studies({ key: 'ReferringPhysicianName', op: 'like', pattern: '*a*' })).toEqual([]);
    const series = (c: QidoCondition) => qido.searchSeries(where(c)).then((r) => r.map((x) => x.seriesInstanceUid));
    const item = (key: string, values: string[]): QidoCondition => ({
      key: 'RequestAttributesSequence',
      op: 'item',
      item: [{ key, op: 'in', values }],
    });
    expect(await series(item('ScheduledProcedureStepID', ['SPS1']))).toEqual([uid('2.1')]);
    expect(await series(item('RequestedProcedureID', ['SPS1']))).toEqual([]);
    expect((await series({ key: 'RequestAttributesSequence', op: 'empty' })).sort()).toEqual(
      [uid('1.1'), uid('1.2'), uid('3.1')].sort(),
    );
  });

  it('combines a date range and a time range into one date-time range (PS3.4 C.2.2.2.5)', async () => {
    const span = (from?: [string, string], to?: [string, string]) =>
      qido
        .searchStudies(
          where({
            key: 'StudyDate',
            op: 'date-time-range',
            timeKey: 'StudyTime',
            ...(from ? { from: { date: from[0], time: from[1] } } : {}),
            ...(to ? { to: { date: to[0], time: to[1] } } : {}),
          }),
        )
        .then(uids);
    // Study 1 is 20240102 10:15, study 2 is 20240315 23:59, study 3 is 20231231 10:15.
    expect(await span(['20240102', '1200'], ['20240315', '2359'])).toEqual([uid('2')]);
    expect(await span(['20231231', '1000'], ['20240102', '1015'])).toEqual([uid('1'), uid('3')]);
    expect(await span(undefined, ['20240102', '1014'])).toEqual([uid('3')]);
    const times = (from: string, to: string) =>
      qido.searchStudies(where({ key: 'StudyTime', op: 'range', from, to })).then(uids);
    expect(await times('10', '10')).toEqual([uid('1'), uid('3')]);
    expect(await times('2300', '235959.999')).toEqual([uid('2')]);
  });

  it('rejects keys outside the level and paging it cannot honour', async () => {
    const bad = [
      () => qido.searchStudies(where({ key: 'Modality', op: 'in', values: ['CT'] })),
      () => qido.searchStudies(where({ key: 'StudyDescription" OR 1=1 --', op: 'in', values: ['x'] } as never)),
      () => qido.searchStudies(where({ key: 'ModalitiesInStudy', op: 'like', pattern: 'C*' })),
    ];
    for (const call of bad) await expect(call()).rejects.toMatchObject({ code: 'db/unknown-query-attribute' });
    expect(await qido.searchSeries(where({ key: 'SeriesNumber', op: 'in', values: ['1 OR 1=1'] }))).toEqual([]);
    await expect(qido.searchStudies({ limit: -1, offset: 0 })).rejects.toMatchObject({ code: 'db/invalid-paging' });
  });

  it('lists instances for retrieval by study, series and SOP instance in series then instance order', async () => {
    const all = await qido.listInstancesForRetrieval(uid('1'));
    expect(all.map((r) => r.sopInstanceUid)).toEqual([uid('1.1.1'), uid('1.1.2'), uid('1.1.3'), uid('1.2.1')]);
    expect(all[0]).toEqual({
      studyInstanceUid: uid('1'),
      seriesInstanceUid: uid('1.1'),
      sopInstanceUid: uid('1.1.1'),
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      objectKey: 'obj/1.1.1',
    });
    expect(await qido.listInstancesForRetrieval(uid('1'), uid('1.2'))).toHaveLength(1);
    expect(await qido.listInstancesForRetrieval(uid('1'), uid('1.1'), uid('1.1.3'))).toHaveLength(1);
    expect(await qido.listInstancesForRetrieval(uid('2'), uid('1.1'))).toEqual([]);
  });
});
