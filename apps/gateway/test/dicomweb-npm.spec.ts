import { resource } from './dicomweb-npm';

const at = (path: string) => resource(`http://127.0.0.1:8080/dicomweb${path}`);

describe('resource: which dicomweb-client call a test URL maps to (PS3.18 Table 10.4.1-1, §10.6.1)', () => {
  it.each([
    ['/studies?ModalitiesInStudy=CT&limit=1', 'search', 'studies', {}],
    ['/series', 'search', 'series', {}],
    ['/instances', 'search', 'instances', {}],
    ['/studies/1.2/series', 'search', 'series', { studyInstanceUID: '1.2' }],
    ['/studies/1.2/instances', 'search', 'instances', { studyInstanceUID: '1.2' }],
    ['/studies/1.2/series/3.4/instances', 'search', 'instances', { studyInstanceUID: '1.2', seriesInstanceUID: '3.4' }],
    ['/studies/1.2', 'retrieve', 'studies', { studyInstanceUID: '1.2' }],
    ['/studies/1.2/series/3.4/metadata', 'metadata', 'series', { studyInstanceUID: '1.2', seriesInstanceUID: '3.4' }],
  ])('%s → %s of %s', (path, kind, level, scope) => {
    expect(at(path)).toMatchObject({ kind, level, scope });
  });

  it('keeps the query of a search as an object', () => {
    expect(at('/studies?PatientID=DLN*&includefield=00081030%2C00080060')).toMatchObject({
      query: { PatientID: 'DLN*', includefield: '00081030,00080060' },
    });
  });

  it('maps frames with their numbers', () => {
    expect(at('/studies/1.2/series/3.4/instances/5.6/frames/1,3')).toEqual({
      kind: 'frames',
      scope: { studyInstanceUID: '1.2', seriesInstanceUID: '3.4', sopInstanceUID: '5.6' },
      frameNumbers: '1,3',
    });
  });

  it.each([
    '/studies/1.2/series/3.4/instances/5.6/rendered', // no call for rendered resources here
    '/studies/1.2/series/3.4/instances/5.6/frames/1/rendered',
    '/studies/1.2/studies', // out of order
    '/series/3.4', // no series retrieve outside its study
    '/studies/1.2?x=1', // a query on a retrieve
    '/studies?includefield=00100010&includefield=00100020', // repeated keys: the client takes an object
    '/studies/not-a-uid',
  ])('leaves %s to raw HTTP', (path) => {
    expect(at(path)).toBeUndefined();
  });
});
