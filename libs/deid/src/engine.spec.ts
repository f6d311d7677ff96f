import { Dataset, parsePart10, Tag } from '@delineo/dicom';
import { syntheticCtSeries } from '../../../test-data/synthetic-ct';
import { deidentify } from './engine';
import { DeidError } from './errors';
import { DEFAULT_DEID_OPTIONS } from './options';
import { dateShiftDays, MAX_DATE_SHIFT_DAYS, patientKey, pseudonymizeUid } from './pseudonyms';

const projectKey = Buffer.from('engine-test-project-key-0123456789');
const otherKey = Buffer.from('another-project-key-9876543210abcd');

function slice(opts: Parameters<typeof syntheticCtSeries>[0] = { count: 1, rows: 16, cols: 16 }): Dataset {
  return parsePart10(syntheticCtSeries(opts)[0]).dataset;
}

describe('deidentify: pseudonym consistency', () => {
  it('gives two studies of one patient the same pseudo Patient ID and date shift', () => {
    const a = deidentify(slice({ count: 1, rows: 8, cols: 8, studyUid: '1.2.3.1' }), {}, { projectKey });
    const b = deidentify(
      slice({ count: 1, rows: 8, cols: 8, studyUid: '1.2.3.2', studyDate: '20250101' }),
      {},
      { projectKey },
    );
    expect(a.pseudonyms.patientId).toBe(b.pseudonyms.patientId);
    expect(a.dateShiftDays).toBe(b.dateShiftDays);
    expect(a.pseudonyms.studyInstanceUid).not.toBe(b.pseudonyms.studyInstanceUid);
  });

  it('keeps the interval between two shifted dates', () => {
    const ds = slice();
    ds.setString(Tag.SeriesDate, 'DA', '20240320'); // 5 days after StudyDate 20240315
    deidentify(ds, {}, { projectKey });
    const days = (s: string): number => Date.UTC(+s.slice(0, 4), +s.slice(4, 6) - 1, +s.slice(6, 8)) / 86_400_000;
    expect(days(ds.string(Tag.SeriesDate)!) - days(ds.string(Tag.StudyDate)!)).toBe(5);
    expect(ds.string(Tag.StudyDate)).not.toBe('20240315');
    expect(ds.string(Tag.LongitudinalTemporalInformationModified)).toBe('MODIFIED');
  });

  it('maps a Referenced SOP Instance UID in a sequence to the pseudonym of the referenced instance', () => {
    const [first, second] = syntheticCtSeries({ count: 2, rows: 8, cols: 8 }).map((f) => parsePart10(f).dataset);
    const ref = new Dataset();
    ref.setString(0x00081150, 'UI', first.string(Tag.SOPClassUID)!);
    ref.setString(0x00081155, 'UI', first.string(Tag.SOPInstanceUID)!);
    second.setSequence(0x00081140, [ref]); // Referenced Image Sequence, X/Z/U*
    const r1 = deidentify(first, {}, { projectKey });
    deidentify(second, {}, { projectKey });
    const mapped = second.get(0x00081140)!.items![0];
    expect(mapped.string(0x00081155)).toBe(r1.pseudonyms.sopInstanceUid);
    expect(mapped.string(0x00081150)).toBe('1.2.840.10008.5.1.4.1.1.2'); // SOP Class UIDs are not remapped
    expect(second.string(Tag.FrameOfReferenceUID)).toBe(r1.pseudonyms.frameOfReferenceUid);
  });

  it('is deterministic for one key and unrelated across keys', () => {
    const a = deidentify(slice(), {}, { projectKey });
    const b = deidentify(slice(), {}, { projectKey });
    const c = deidentify(slice(), {}, { projectKey: otherKey });
    expect(b.pseudonyms).toEqual(a.pseudonyms);
    for (const k of ['patientId', 'studyInstanceUid', 'seriesInstanceUid', 'sopInstanceUid'] as const) {
      expect(c.pseudonyms[k]).not.toBe(a.pseudonyms[k]);
    }
  });

  it('keeps date shifts in [-3650, -1] days', () => {
    for (let i = 0; i < 200; i++) {
      const d = dateShiftDays(projectKey, patientKey(`P${i}`));
      expect(d).toBeGreaterThanOrEqual(-MAX_DATE_SHIFT_DAYS);
      expect(d).toBeLessThanOrEqual(-1);
    }
  });

  it('uses pseudonymizeUid for every UID it reports and keys the originals by pseudonym', () => {
    const ds = slice();
    const study = ds.string(Tag.StudyInstanceUID)!;
    const r = deidentify(ds, {}, { projectKey });
    expect(r.pseudonyms.studyInstanceUid).toBe(pseudonymizeUid(projectKey, study));
    expect(ds.string(Tag.StudyInstanceUID)).toBe(r.pseudonyms.studyInstanceUid);
    expect(r.identifiers.uids[r.pseudonyms.studyInstanceUid]).toBe(study);
    expect(r.identifiers.patient).toMatchObject({
      PatientName: 'Doe^Jane^Q',
      PatientID: 'SYN0001234',
      PatientBirthDate: '19790623',
    });
    expect(r.identifiers.study).toMatchObject({
      StudyInstanceUID: study,
      StudyDate: '20240315',
      AccessionNumber: 'ACC001234',
    });
  });
});

describe('deidentify: data handling', () => {
  it('keeps the very same Pixel Data buffer (no copy)', () => {
    const ds = slice({ count: 1, rows: 64, cols: 64 });
    const before = ds.get(Tag.PixelData)!.value!;
    deidentify(ds, DEFAULT_DEID_OPTIONS, { projectKey });
    expect(ds.get(Tag.PixelData)!.value).toBe(before);
  });

  it('computes Patient Age from birth and study date when it is absent', () => {
    const ds = slice();
    expect(ds.has(Tag.PatientAge)).toBe(false);
    deidentify(ds, {}, { projectKey });
    expect(ds.string(Tag.PatientAge)).toBe('044Y');
    expect(ds.string(Tag.PatientSex)).toBe('F');
    expect(ds.has(Tag.PatientBirthDate) && ds.get(Tag.PatientBirthDate)!.value!.length).toBe(0);
  });

  it('removes Patient Age, Sex value and Weight without Retain Patient Characteristics', () => {
    const ds = slice();
    deidentify(ds, { retainPatientCharacteristics: false }, { projectKey });
    expect(ds.has(Tag.PatientAge)).toBe(false);
    expect(ds.has(Tag.PatientWeight)).toBe(false);
    expect(ds.get(Tag.PatientSex)!.value!.length).toBe(0);
  });

  it('keeps safe private elements and their creator only under Retain Safe Private', () => {
    const build = (): Dataset => {
      const ds = slice();
      ds.setString(0x00430010, 'LO', 'GEMS_PARM_01');
      ds.set({ tag: 0x00431001, vr: 'SS', value: Buffer.from([1, 0]) }); // safe (CTP code K)
      ds.set({ tag: 0x00431028, vr: 'OB', value: Buffer.from([1, 0]) }); // not safe (CTP code X)
      return ds;
    };
    const plain = build();
    deidentify(plain, {}, { projectKey });
    expect(plain.tags().filter((t) => (t >>> 16) & 1)).toEqual([]);
    const safe = build();
    deidentify(safe, { retainSafePrivate: true }, { projectKey });
    expect(
      safe
        .tags()
        .filter((t) => (t >>> 16) & 1)
        .sort(),
    ).toEqual([0x00430010, 0x00431001]);
  });

  it('fails with deid/missing-uid when SOP Instance UID is absent', () => {
    const ds = slice();
    ds.delete(Tag.SOPInstanceUID);
    expect(() => deidentify(ds, {}, { projectKey })).toThrow(expect.objectContaining({ code: 'deid/missing-uid' }));
  });

  it('rejects a project key shorter than 16 bytes', () => {
    expect(() => deidentify(slice(), {}, { projectKey: Buffer.alloc(8) })).toThrow(DeidError);
  });
});

describe('deidentify: burned-in annotation policy', () => {
  it.each([
    ['BurnedInAnnotation YES', (ds: Dataset) => ds.setString(Tag.BurnedInAnnotation, 'CS', 'YES')],
    [
      'US without BurnedInAnnotation',
      (ds: Dataset) => {
        ds.delete(Tag.BurnedInAnnotation);
        ds.setString(Tag.Modality, 'CS', 'US');
      },
    ],
    [
      'SC without BurnedInAnnotation',
      (ds: Dataset) => {
        ds.delete(Tag.BurnedInAnnotation);
        ds.setString(Tag.Modality, 'CS', 'SC');
      },
    ],
  ])('rejects %s by default and accepts it flagged on request', (_n, prepare) => {
    const rejected = slice();
    prepare(rejected);
    expect(() => deidentify(rejected, {}, { projectKey })).toThrow(
      expect.objectContaining({ code: 'deid/burned-in-annotation' }),
    );
    const accepted = slice();
    prepare(accepted);
    const r = deidentify(accepted, { burnedInAnnotation: 'accept-flagged' }, { projectKey });
    expect(r.burnedInAnnotationFlagged).toBe(true);
    expect(accepted.string(Tag.BurnedInAnnotation)).toBe('YES');
  });

  it('accepts CT without the attribute and US that says NO', () => {
    const ct = slice();
    ct.delete(Tag.BurnedInAnnotation);
    expect(deidentify(ct, {}, { projectKey }).burnedInAnnotationFlagged).toBe(false);
    const us = slice();
    us.setString(Tag.Modality, 'CS', 'US');
    expect(deidentify(us, {}, { projectKey }).burnedInAnnotationFlagged).toBe(false);
  });
});
