import { decideCaller, mayQuery } from './caller-policy';

describe('decideCaller', () => {
  const rules = [{ aeTitle: 'STORESCU' }, { aeTitle: 'ORTHANC', host: '127.0.0.1' }];
  it('accepts an allowed AE from any host when no host is bound', () => {
    expect(decideCaller(rules, 'DELINEO', 'STORESCU', 'DELINEO', '10.1.2.3')).toBe('accept');
  });
  it('rejects an unknown calling AE title', () => {
    expect(decideCaller(rules, 'DELINEO', 'EVIL', 'DELINEO', '127.0.0.1')).toBe('calling-ae-not-recognized');
  });
  it('rejects an AE title bound to a host when it calls from elsewhere', () => {
    expect(decideCaller(rules, 'DELINEO', 'ORTHANC', 'DELINEO', '10.0.0.9')).toBe('calling-ae-not-recognized');
    expect(decideCaller(rules, 'DELINEO', 'ORTHANC', 'DELINEO', '::ffff:127.0.0.1')).toBe('accept');
  });
  it('rejects a called AE title that is not ours', () => {
    expect(decideCaller(rules, 'DELINEO', 'STORESCU', 'OTHER', '127.0.0.1')).toBe('called-ae-not-recognized');
  });
  it('accepts only loopback callers when no allow-list is configured', () => {
    expect(decideCaller([], 'DELINEO', 'ANY', 'DELINEO', '127.0.0.1')).toBe('accept');
    expect(decideCaller([], 'DELINEO', 'ANY', 'DELINEO', '::1')).toBe('accept');
    expect(decideCaller([], 'DELINEO', 'ANY', 'DELINEO', '192.168.1.20')).toBe('calling-ae-not-recognized');
  });

  it('binds an AE title to the Common Name of its verified client certificate', () => {
    const rules = [{ aeTitle: 'PACS', certSubject: 'pacs.hospital.example' }];
    expect(decideCaller(rules, 'DELINEO', 'PACS', 'DELINEO', '10.1.2.3', 'pacs.hospital.example')).toBe('accept');
    expect(decideCaller(rules, 'DELINEO', 'PACS', 'DELINEO', '10.1.2.3', 'modality.hospital.example')).toBe(
      'calling-ae-not-recognized',
    );
    expect(decideCaller(rules, 'DELINEO', 'PACS', 'DELINEO', '10.1.2.3', undefined)).toBe('calling-ae-not-recognized');
  });
});

describe('mayQuery', () => {
  it('lets only an allow-list entry with query: true query, matched like the association itself', () => {
    const rules = [{ aeTitle: 'WORKSTATION', host: '10.0.0.5', query: true }, { aeTitle: 'MODALITY' }];
    expect(mayQuery(rules, 'WORKSTATION', '::ffff:10.0.0.5')).toBe(true);
    expect(mayQuery(rules, 'WORKSTATION', '10.0.0.6')).toBe(false);
    expect(mayQuery(rules, 'MODALITY', '10.0.0.5')).toBe(false);
  });
  it('refuses queries from loopback when no allow-list is configured (secure default)', () => {
    expect(mayQuery([], 'ANY', '127.0.0.1')).toBe(false);
  });
  it('requires the certificate binding of the entry that grants the query', () => {
    const rules = [{ aeTitle: 'WS', certSubject: 'ws.example', query: true }];
    expect(mayQuery(rules, 'WS', '10.1.1.1', 'ws.example')).toBe(true);
    expect(mayQuery(rules, 'WS', '10.1.1.1', undefined)).toBe(false);
  });
});
