import { fullUrlFor, ifNoneExistIdentifier, reportNames, uuidV5 } from './ids';

describe('uuidV5', () => {
  it('matches the RFC 9562 name-based SHA-1 algorithm (DNS namespace vector)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('sets version 5 and the RFC variant, and is stable for a name', () => {
    const id = uuidV5('seg:1.2.3/report');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidV5('seg:1.2.3/report')).toBe(id);
    expect(uuidV5('seg:1.2.4/report')).not.toBe(id);
  });
});

describe('reportNames', () => {
  it('gives every resource of one report a distinct fullUrl, all derived from the SEG UID only', () => {
    const n = reportNames('1.2.3');
    const urls = [n.patient, n.imagingStudy, n.report, n.observation(1), n.observation(2)].map(fullUrlFor);
    expect(new Set(urls).size).toBe(urls.length);
    for (const u of urls) expect(u).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
  });
});

describe('ifNoneExistIdentifier', () => {
  it('percent-encodes the system|value token so reserved characters survive the query', () => {
    const q = ifNoneExistIdentifier({ system: 'urn:dicom:uid', value: 'urn:oid:1.2.3' });
    expect(q).toBe('identifier=urn%3Adicom%3Auid%7Curn%3Aoid%3A1.2.3');
    expect(decodeURIComponent(new URLSearchParams(q).get('identifier') ?? '')).toBe('urn:dicom:uid|urn:oid:1.2.3');
    expect(ifNoneExistIdentifier({ system: 'http://h/mrn', value: 'A&B|C' })).toBe(
      'identifier=http%3A%2F%2Fh%2Fmrn%7CA%26B%7CC',
    );
  });
});
