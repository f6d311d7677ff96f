import { ArchiveRepository, QidoRepository } from '../src';
import { describeEachBackend, truncateArchive } from './backends';
import { instanceInput } from './fixtures';

const page = { limit: 100, offset: 0 };
const uid = (s: string) => `2.25.${s}`;

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
      study: { studyDate: '20240102', studyDescription: 'CT CHEST', accessionNumber: 'ACC1' },
    };
    for (const n of [3, 1, 2]) {
      await add('1', '1.1', `1.1.${n}`, { ...a, instance: { instanceNumber: n } });
    }
    await add('1', '1.2', '1.2.1', { ...a, series: { modality: 'SEG', seriesNumber: 2 } });
    const b = { patient: 'P2', study: { studyDate: '20240315', studyDescription: 'MR BRAIN' } };
    await add('2', '2.1', '2.1.1', { ...b, series: { modality: 'MR', seriesDescription: 'T1 AX' } });
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
      numberOfStudyRelatedSeries: 2,
      numberOfStudyRelatedInstances: 4,
    });
  });

  it('matches single values, UID lists and modalities in study', async () => {
    expect(uids(await qido.searchStudies({ ...page, equals: { PatientID: 'P1' } }))).toEqual([uid('1'), uid('3')]);
    const list = await qido.searchStudies({ ...page, equals: { StudyInstanceUID: [uid('3'), uid('2')] } });
    expect(uids(list)).toEqual([uid('2'), uid('3')]);
    expect(uids(await qido.searchStudies({ ...page, equals: { ModalitiesInStudy: 'SEG' } }))).toEqual([uid('1')]);
    const either = await qido.searchStudies({ ...page, equals: { ModalitiesInStudy: ['MR', 'SEG'] } });
    expect(uids(either)).toEqual([uid('2'), uid('1')]);
  });

  it('matches DICOM wildcards and treats SQL wildcards literally', async () => {
    const like = (StudyDescription: string) => qido.searchStudies({ ...page, like: { StudyDescription } });
    expect(uids(await like('CT*'))).toEqual([uid('1'), uid('3')]);
    expect(uids(await like('?T CHEST'))).toEqual([uid('1')]);
    expect(await like('%')).toEqual([]);
    expect(await like('CT_CHEST')).toEqual([]);
    expect(await qido.searchStudies({ ...page, equals: { PatientID: "P1' OR '1'='1" } })).toEqual([]);
  });

  it('matches inclusive date ranges, open at either end', async () => {
    const range = (from?: string, to?: string) =>
      qido.searchStudies({ ...page, dateRange: { column: 'StudyDate', from, to } });
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
    const ct = await qido.searchSeries({ ...page, equals: { Modality: 'CT' } });
    expect(ct.map((r) => r.seriesInstanceUid).sort()).toEqual([uid('1.1'), uid('3.1')]);
    expect((await qido.searchSeries({ ...page, like: { SeriesDescription: 'T1*' } }))[0]).toMatchObject({
      seriesInstanceUid: uid('2.1'),
      seriesDescription: 'T1 AX',
    });
  });

  it('lists instances of a series in instance-number order and matches InstanceNumber', async () => {
    const scope = { ...page, studyInstanceUid: uid('1'), seriesInstanceUid: uid('1.1') };
    const rows = await qido.searchInstances(scope);
    expect(rows.map((r) => r.instanceNumber)).toEqual([1, 2, 3]);
    expect(rows[0]).toMatchObject({ sopInstanceUid: uid('1.1.1'), rows: 512, columns: 512, numberOfFrames: null });
    const second = await qido.searchInstances({ ...scope, equals: { InstanceNumber: '2' } });
    expect(second.map((r) => r.sopInstanceUid)).toEqual([uid('1.1.2')]);
  });

  it('rejects attributes outside the whitelist and malformed values', async () => {
    const bad = [
      () => qido.searchStudies({ ...page, equals: { Modality: 'CT' } as never }),
      () => qido.searchStudies({ ...page, like: { 'StudyDescription" OR 1=1 --': 'x' } as never }),
      () => qido.searchStudies({ ...page, like: { ModalitiesInStudy: 'C*' } }),
    ];
    for (const call of bad) await expect(call()).rejects.toMatchObject({ code: 'db/unknown-query-attribute' });
    await expect(qido.searchSeries({ ...page, equals: { SeriesNumber: '1 OR 1=1' } })).rejects.toMatchObject({
      code: 'db/invalid-query-value',
    });
    await expect(
      qido.searchStudies({ ...page, dateRange: { column: 'StudyDate', from: '2024-01-01' } }),
    ).rejects.toMatchObject({ code: 'db/invalid-date-range' });
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
