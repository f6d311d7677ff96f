import { Dataset, Tag } from '@delineo/dicom';
import { toNewInstanceInput } from './instance-row.mapper';

function record(charset: string | undefined, description: Buffer) {
  const ds = new Dataset();
  if (charset) ds.setString(Tag.SpecificCharacterSet, 'CS', charset);
  ds.setString(Tag.SOPClassUID, 'UI', '1.2.840.10008.5.1.4.1.1.2');
  ds.set({ tag: Tag.StudyDescription, vr: 'LO', value: description });
  ds.set({ tag: Tag.SeriesDescription, vr: 'LO', value: description });
  const pseudonyms = {
    patientId: 'DLN-1',
    studyInstanceUid: '2.25.1',
    seriesInstanceUid: '2.25.2',
    sopInstanceUid: '2.25.3',
  };
  return {
    pseudonyms,
    deidentified: ds,
    transferSyntaxUid: '1.2.840.10008.1.2.1',
    sizeBytes: 1,
    sha256: '',
    objectKey: 'k',
    receivedVia: 'stow' as const,
  };
}

describe('toNewInstanceInput: text in the index (PS3.5 §6.1.2.3)', () => {
  it('stores a UTF-8 (ISO_IR 192) description as the characters it stands for', () => {
    const row = toNewInstanceInput(record('ISO_IR 192', Buffer.from('Schädel ', 'utf8')));
    expect(row.study.studyDescription).toBe('Schädel');
    expect(row.series.seriesDescription).toBe('Schädel');
  });

  it('stores a latin1 (ISO_IR 100) description as it is', () => {
    const row = toNewInstanceInput(record('ISO_IR 100', Buffer.from('Schädel ', 'latin1')));
    expect(row.study.studyDescription).toBe('Schädel');
  });
});
