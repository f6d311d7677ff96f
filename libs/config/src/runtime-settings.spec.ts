import { loadConfig } from './load-config';
import { LiveSettings } from './live-settings';
import { compileRuntime, runtimeDocumentOf, validateRuntimeDocument } from './runtime-settings';
import { diffSettings } from './settings-diff';

const boot = loadConfig({}).settings;
const doc = () => runtimeDocumentOf(boot);
const dest = { name: 'pacs', type: 'dimse', aeTitle: 'PACS', host: '10.0.0.5', port: 104, tls: true };
const rule = {
  name: 'ct',
  match: { modality: 'CT', seriesDescription: '(?i)abdomen' },
  model: 'm1',
  deliverTo: ['pacs'],
};

describe('runtime settings', () => {
  it('takes the live sections of the file, with their defaults', () => {
    const d = doc();
    expect(Object.keys(d).sort()).toEqual(['deid', 'destinations', 'dimse', 'models', 'routing', 'viewer']);
    expect(d.dimse).toEqual({ allowedCallers: [] });
    expect(d.models).toEqual({ disabled: [] });
    expect(d.deid.burnedInAnnotation).toBe('reject');
  });

  it('validates an edited document with the file schema and its cross-checks, every issue with its path', () => {
    const out = validateRuntimeDocument(
      {
        ...doc(),
        destinations: [dest, { ...dest, port: 0 }],
        routing: [{ ...rule, deliverTo: ['pacs', 'nowhere'] }, { name: 'x' }],
        models: { disabled: ['Not A Name'] },
      },
      boot,
    );
    expect(out.document).toBeUndefined();
    const paths = out.issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'destinations[1].port',
        'destinations[1].name',
        'routing[0].deliverTo[1]',
        'routing[1].model',
        'models.disabled[0]',
      ]),
    );
  });

  it('refuses sections that are read at start only', () => {
    const out = validateRuntimeDocument(
      { ...doc(), http: { host: '::' }, dimse: { allowedCallers: [], maxPduLength: 1 } },
      boot,
    );
    expect(out.issues.map((i) => i.path).sort()).toEqual(['dimse.maxPduLength', 'http']);
  });

  it('normalizes a valid document and compiles it', () => {
    const out = validateRuntimeDocument(
      { ...doc(), destinations: [dest], routing: [rule], dimse: { allowedCallers: [{ aeTitle: 'CT1' }] } },
      boot,
    );
    expect(out.issues).toEqual([]);
    expect(out.document!.dimse.allowedCallers).toEqual([{ aeTitle: 'CT1', query: false }]);
    const rt = compileRuntime(out.document!, 7);
    expect(rt.version).toBe(7);
    expect(rt.loopbackOnly).toBe(false);
    expect(rt.routing[0].match.seriesDescription).toEqual(/abdomen/i);
    expect(Object.isFrozen(rt.destinations)).toBe(true);
  });

  it('the viewer template must carry the study UID placeholder', () => {
    const bad = validateRuntimeDocument({ ...doc(), viewer: { urlTemplate: 'https://ohif.example/viewer' } }, boot);
    expect(bad.issues).toEqual([{ path: 'viewer.urlTemplate', message: 'must contain {StudyInstanceUID}' }]);
    const ok = validateRuntimeDocument(
      { ...doc(), viewer: { urlTemplate: 'https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}' } },
      boot,
    );
    expect(compileRuntime(ok.document!, 1).viewerUrlTemplate).toContain('{StudyInstanceUID}');
  });
});

describe('LiveSettings', () => {
  it('moves forward only and tells every listener, even when one throws', () => {
    const live = new LiveSettings(compileRuntime(doc(), 1));
    const seen: number[] = [];
    live.subscribe(() => {
      throw new Error('boom');
    });
    live.subscribe((next, prev) => seen.push(prev.version, next.version));
    const r = live.apply(compileRuntime(doc(), 3));
    expect(r.applied).toBe(true);
    expect(r.errors).toHaveLength(1);
    expect(live.apply(compileRuntime(doc(), 2)).applied).toBe(false);
    expect(live.apply(compileRuntime(doc(), 3)).applied).toBe(false);
    expect(live.current().version).toBe(3);
    expect(seen).toEqual([1, 3]);
  });
});

describe('diffSettings', () => {
  it('lists changed leaves with before and after, by position in lists', () => {
    const a = { ...doc(), routing: [rule] };
    const b = { ...doc(), routing: [{ ...rule, model: 'm2' }, rule], models: { disabled: ['m1'] } };
    expect(diffSettings(a, b)).toEqual([
      { path: 'routing[0].model', before: 'm1', after: 'm2' },
      { path: 'routing[1]', after: rule },
      { path: 'models.disabled[0]', after: 'm1' },
    ]);
    expect(diffSettings(b, b)).toEqual([]);
    expect(diffSettings(b, a).map((c) => c.path)).toEqual(['routing[0].model', 'routing[1]', 'models.disabled[0]']);
  });

  it('is bounded', () => {
    const many = (n: number) => ({ routing: Array.from({ length: n }, (_, i) => ({ ...rule, name: `r${i}` })) });
    expect(diffSettings(many(0), many(50), 10)).toHaveLength(10);
  });
});
