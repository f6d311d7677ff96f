import { createSender, DicomwebSender, DimseSender, FhirSender } from './index';
import { httpTarget } from './http-post';

describe('createSender', () => {
  it('picks the transport by destination type', () => {
    expect(
      createSender({ name: 'a', type: 'dimse', aeTitle: 'PACS', host: 'pacs', port: 104, tls: false }),
    ).toBeInstanceOf(DimseSender);
    expect(createSender({ name: 'b', type: 'dicomweb', url: 'https://pacs/dicom-web' })).toBeInstanceOf(DicomwebSender);
    const fhir = createSender({ name: 'c', type: 'fhir', url: 'https://ehr/fhir' });
    expect(fhir).toBeInstanceOf(FhirSender);
    expect(fhir.payload).toBe('fhir');
  });
});

describe('httpTarget', () => {
  it('appends the path to the base once, whatever its trailing slashes', () => {
    expect(httpTarget('https://pacs.example/dicom-web/', '/studies').url).toBe(
      'https://pacs.example/dicom-web/studies',
    );
    expect(httpTarget('https://pacs.example/dicom-web', '/studies').url).toBe('https://pacs.example/dicom-web/studies');
    expect(httpTarget('https://ehr.example/fhir/R4/', '').url).toBe('https://ehr.example/fhir/R4');
  });

  it('moves user info out of the URL into Basic auth, and prefers a bearer token', () => {
    const t = httpTarget('https://svc:p%3Ass@pacs.example/dw', '/studies');
    expect(t).toEqual({
      url: 'https://pacs.example/dw/studies',
      headers: { authorization: `Basic ${Buffer.from('svc:p:ss').toString('base64')}` },
    });
    expect(httpTarget('https://svc:pw@pacs.example/dw', '/studies', 'tok').headers).toEqual({
      authorization: 'Bearer tok',
    });
  });
});
