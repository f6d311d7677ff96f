import { DicomError } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';
import { toProblem } from './http-problem';

describe('toProblem', () => {
  it('maps DICOMweb codes through their table, not-found included', () => {
    expect(toProblem(new DicomWebError('dicomweb/not-found', 'no such study'))).toMatchObject({
      status: 404,
      code: 'dicomweb/not-found',
      detail: 'no such study',
    });
    expect(toProblem(new DicomWebError('dicomweb/bad-content-type', 'x'))).toMatchObject({ status: 415 });
    expect(toProblem(new DicomWebError('dicomweb/request-too-large', 'x'))).toMatchObject({ status: 413 });
    expect(toProblem(new DicomWebError('dicomweb/busy', 'x'))).toMatchObject({ status: 503 });
  });

  it('lists every problem of a DICOMweb error that validated a whole query', () => {
    const err = new DicomWebError('dicomweb/bad-query', 'a; b', ['a', 'b']);
    expect(toProblem(err)).toMatchObject({ status: 400, problems: ['a', 'b'] });
  });

  it('keeps the message of a coded domain error and drops that of an unknown error', () => {
    expect(toProblem(new DicomError('dicom/truncated', 'ends early'))).toMatchObject({
      status: 400,
      detail: 'ends early',
    });
    const p = toProblem(Object.assign(new Error('value Doe^Jane in query'), { code: 'XX999' }));
    expect(p).toMatchObject({ status: 500, code: 'internal/unexpected' });
    expect(JSON.stringify(p)).not.toContain('Doe^Jane');
  });
});
