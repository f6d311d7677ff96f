import { DicomError } from '@delineo/dicom';
import { VaultError } from '@delineo/deid';
import { FhirError } from '@delineo/fhir';
import { SegError } from '@delineo/seg';
import { StorageError } from '@delineo/storage';
import { preparationOutcome } from './attempt-outcome';

describe('preparationOutcome', () => {
  const message = 'patient.id is required';

  it.each([
    ['fhir', new FhirError('fhir/invalid-input', message)],
    ['vault', new VaultError('vault/missing', message)],
    ['seg', new SegError('seg/invalid-label-map', message)],
    ['dicom', new DicomError('dicom/truncated', message)],
  ])('makes a %s error permanent (the input will not change)', (_lib, err) => {
    expect(preparationOutcome(err)).toEqual({ kind: 'permanent', code: err.code, message });
  });

  it('retries a storage fault with its code, without the message', () => {
    const out = preparationOutcome(new StorageError('storage/unavailable', 'ECONNREFUSED DOE^JANE'));
    expect(out).toEqual({ kind: 'retry', code: 'storage/unavailable', message: 'preparing the result failed' });
  });

  it('retries an uncoded error under a generic code, never passing its message on', () => {
    const out = preparationOutcome(Object.assign(new Error('value DOE^JANE too long'), { code: 'fhir/invalid-input' }));
    expect(out).toEqual({ kind: 'retry', code: 'delivery/preparation-failed', message: 'preparing the result failed' });
  });
});
