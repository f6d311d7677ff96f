import { formatTag, tagOf } from '@delineo/dicom';
import { dicomJsonAttribute } from '@delineo/dicomweb';
import { answerIdentifier } from './qr-find-answer';
import { planFind } from './qr-find-plan';
import { readIdentifier } from './qr-identifier';
import { QrError } from './qr-status';

const id = (model: 'study' | 'patient', elements: Record<string, unknown>) => readIdentifier(model, elements);

describe('readIdentifier (PS3.4 C.4.1.1.3.1)', () => {
  it('refuses an identifier without QueryRetrieveLevel, or PATIENT in the Study Root model', () => {
    expect(() => id('study', { PatientID: 'X' })).toThrow(expect.objectContaining({ code: 'qr/missing-level' }));
    expect(() => id('study', { QueryRetrieveLevel: 'PATIENT' })).toThrow(QrError);
    expect(() => id('patient', { QueryRetrieveLevel: 'FRAME' })).toThrow(
      expect.objectContaining({ code: 'qr/invalid-level' }),
    );
    expect(id('patient', { QueryRetrieveLevel: 'PATIENT' }).level).toBe('PATIENT');
  });
  it('reads dcmjs values: lists joined with "\\", person names by component group, sequences apart', () => {
    const q = id('study', {
      QueryRetrieveLevel: 'STUDY',
      ModalitiesInStudy: ['CT', 'MR'],
      PatientName: [{ Alphabetic: 'DLN*' }],
      NumberOfStudyRelatedInstances: null,
      ProcedureCodeSequence: [{ CodeValue: 'X' }],
      _vrMap: {},
      NotAKeyword: 'dropped',
    });
    expect([...q.keys]).toEqual([
      ['ModalitiesInStudy', 'CT\\MR'],
      ['PatientName', 'DLN*'],
      ['NumberOfStudyRelatedInstances', ''],
    ]);
    expect([...q.sequences]).toEqual(['ProcedureCodeSequence']);
  });
});

describe('planFind: a C-FIND identifier as a QIDO-RS search', () => {
  it('matches keys with values, asks for every key, and scopes lower levels by their parents', () => {
    const p = planFind(
      id('study', {
        QueryRetrieveLevel: 'IMAGE',
        StudyInstanceUID: '1.2.3',
        SeriesInstanceUID: '1.2.3.4',
        SOPInstanceUID: '1.2.3.4.5\\1.2.3.4.6',
        InstanceNumber: '',
        SpecificCharacterSet: 'ISO_IR 100',
      }),
    );
    expect(p.qidoLevel).toBe('instances');
    expect(p.scope).toEqual({ study: '1.2.3', series: '1.2.3.4' });
    expect(p.params).toEqual({
      SOPInstanceUID: '1.2.3.4.5\\1.2.3.4.6',
      includefield: 'StudyInstanceUID,SeriesInstanceUID,SOPInstanceUID,InstanceNumber',
    });
    expect(p.unsupported).toEqual([]);
  });
  it('reports keys it cannot match (0xFF01), and at PATIENT level matches patient keys only', () => {
    const p = planFind(
      id('patient', { QueryRetrieveLevel: 'PATIENT', PatientID: 'DLN*', StudyDate: '2020', OtherPatientIDs: 'X' }),
    );
    expect(p.qidoLevel).toBe('studies');
    expect(p.params.PatientID).toBe('DLN*');
    expect(p.unsupported.sort()).toEqual(['OtherPatientIDs', 'StudyDate']);
    const q = planFind(id('study', { QueryRetrieveLevel: 'STUDY', PatientID: '*', StudyDate: '' }));
    expect(q.params).toEqual({ includefield: 'PatientID,StudyDate' });
  });
});

describe('answerIdentifier (PS3.4 C.4.1.1.3.2)', () => {
  it('answers exactly the requested keys, empty where the archive has no value, plus the SCP keys', () => {
    const q = id('study', {
      QueryRetrieveLevel: 'STUDY',
      StudyInstanceUID: '',
      PatientName: '',
      StudyDescription: '',
      ReferencedStudySequence: [{}],
    });
    const match = {
      ...dicomJsonAttribute(tagOf('StudyInstanceUID')!, 'UI', ['2.25.1']),
      ...dicomJsonAttribute(tagOf('PatientName')!, 'PN', [{ Alphabetic: 'DLN-1' }]),
      ...dicomJsonAttribute(tagOf('AccessionNumber')!, 'SH', ['not asked']),
    };
    const ds = answerIdentifier(q, match, 'DELINEO');
    expect(
      ds
        .tags()
        .map((t) => formatTag(t))
        .sort(),
    ).toEqual(['00080005', '00080052', '00080054', '00081110', '00100010', '0020000D', '00081030'].sort());
    expect(ds.string(tagOf('StudyInstanceUID')!)).toBe('2.25.1');
    expect(ds.string(tagOf('PatientName')!)).toBe('DLN-1');
    expect(ds.get(tagOf('StudyDescription')!)?.value?.length).toBe(0);
    expect(ds.get(tagOf('ReferencedStudySequence')!)?.items).toEqual([]);
    expect(ds.string(tagOf('RetrieveAETitle')!)).toBe('DELINEO');
    expect(ds.string(tagOf('QueryRetrieveLevel')!)).toBe('STUDY');
  });
  it('writes text as UTF-8, as its Specific Character Set ISO_IR 192 says', () => {
    const q = id('study', { QueryRetrieveLevel: 'STUDY', StudyDescription: '' });
    const ds = answerIdentifier(q, dicomJsonAttribute(tagOf('StudyDescription')!, 'LO', ['Schädel']), 'DELINEO');
    expect(ds.string(tagOf('SpecificCharacterSet')!)).toBe('ISO_IR 192');
    const raw = ds.get(tagOf('StudyDescription')!)!.value!;
    expect(raw.toString('utf8').trimEnd()).toBe('Schädel');
    expect(raw.length % 2).toBe(0);
  });

  it('writes binary VRs as binary (Rows is US)', () => {
    const q = id('study', { QueryRetrieveLevel: 'IMAGE', Rows: '' });
    const ds = answerIdentifier(q, dicomJsonAttribute(tagOf('Rows')!, 'US', [512]), 'DELINEO');
    expect(ds.number(tagOf('Rows')!)).toBe(512);
  });
});
