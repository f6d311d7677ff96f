import { readFileSync } from 'node:fs';
import { Dataset, parsePart10, Tag } from '@delineo/dicom';
import { deidentify } from './engine';
import { DEFAULT_DEID_OPTIONS } from './options';
import { reidentify } from './reidentify';
import { sharedFile } from './testing/shared-data';

const projectKey = Buffer.from('reidentify-test-key-0123456789abcdef');
const REFERENCED_SERIES = 0x00081115;
const REFERENCED_INSTANCES = 0x0008114a;
const REFERENCED_SOP_INSTANCE = 0x00081155;

describe('reidentify (results back into the original study)', () => {
  const original = parsePart10(readFileSync(sharedFile('pydicom-data', 'MR-SIEMENS-DICOM-WithOverlays.dcm'))).dataset;
  const value = (tag: number) => original.string(tag);
  const orig = {
    patientName: value(Tag.PatientName),
    patientId: value(Tag.PatientID),
    birth: value(Tag.PatientBirthDate),
    study: value(Tag.StudyInstanceUID)!,
    series: value(Tag.SeriesInstanceUID)!,
    sop: value(Tag.SOPInstanceUID)!,
    for: value(Tag.FrameOfReferenceUID)!,
  };
  const copy = parsePart10(readFileSync(sharedFile('pydicom-data', 'MR-SIEMENS-DICOM-WithOverlays.dcm'))).dataset;
  const { identifiers } = deidentify(copy, DEFAULT_DEID_OPTIONS, { projectKey });

  /** A derived object as the SEG encoder writes it: pseudonymized header, references to the source. */
  function derived(): Dataset {
    const ds = parsePart10(readFileSync(sharedFile('pydicom-data', 'MR-SIEMENS-DICOM-WithOverlays.dcm'))).dataset;
    deidentify(ds, DEFAULT_DEID_OPTIONS, { projectKey });
    const instance = new Dataset();
    instance.setString(REFERENCED_SOP_INSTANCE, 'UI', ds.string(Tag.SOPInstanceUID)!);
    const series = new Dataset();
    series.setString(Tag.SeriesInstanceUID, 'UI', ds.string(Tag.SeriesInstanceUID)!);
    series.setSequence(REFERENCED_INSTANCES, [instance]);
    ds.setSequence(REFERENCED_SERIES, [series]);
    return ds;
  }

  it('restores the patient, the study and every referenced UID, with new UIDs for the object itself', () => {
    const ds = derived();
    expect(ds.string(Tag.StudyInstanceUID)).not.toBe(orig.study);
    reidentify(ds, {
      identifiers: [identifiers],
      seriesInstanceUid: '2.25.1',
      sopInstanceUid: '2.25.2',
      now: new Date(2026, 10, 23, 14, 5, 6),
    });
    expect(ds.string(Tag.PatientName)).toBe(orig.patientName);
    expect(ds.string(Tag.PatientID)).toBe(orig.patientId);
    expect(ds.string(Tag.PatientBirthDate)).toBe(orig.birth);
    expect(ds.string(Tag.StudyInstanceUID)).toBe(orig.study);
    expect(ds.string(Tag.FrameOfReferenceUID)).toBe(orig.for);
    const ref = ds.get(REFERENCED_SERIES)!.items![0];
    expect(ref.string(Tag.SeriesInstanceUID)).toBe(orig.series);
    expect(ref.get(REFERENCED_INSTANCES)!.items![0].string(REFERENCED_SOP_INSTANCE)).toBe(orig.sop);
    expect([ds.string(Tag.SeriesInstanceUID), ds.string(Tag.SOPInstanceUID)]).toEqual(['2.25.1', '2.25.2']);
    expect(ds.has(Tag.PatientIdentityRemoved)).toBe(false);
    expect(ds.has(Tag.DeidentificationMethodCodeSequence)).toBe(false);
  });

  it('stamps creation dates with the real clock and keeps type 2 attributes present when the original had none', () => {
    const ds = derived();
    ds.setString(Tag.ContentDate, 'DA', '19000101');
    const rec = { ...identifiers, study: { ...identifiers.study, AccessionNumber: undefined } };
    reidentify(ds, {
      identifiers: [rec],
      seriesInstanceUid: '2.25.1',
      sopInstanceUid: '2.25.2',
      now: new Date(2026, 10, 23, 14, 5, 6),
    });
    expect(ds.string(Tag.ContentDate)).toBe('20261123');
    expect(ds.has(Tag.AccessionNumber)).toBe(true);
    expect(ds.string(Tag.AccessionNumber)).toBeUndefined();
  });

  it('refuses to run without a vault record', () => {
    expect(() =>
      reidentify(derived(), {
        identifiers: [],
        seriesInstanceUid: '2.25.1',
        sopInstanceUid: '2.25.2',
        now: new Date(),
      }),
    ).toThrow();
  });
});
