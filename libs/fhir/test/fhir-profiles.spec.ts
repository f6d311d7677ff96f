import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { resolveTransaction } from '../../../fhir-profiles/examples';
import { generatedResources, serialize } from '../../../fhir-profiles/generate';
import { el, generateSnapshot } from '../../../fhir-profiles/snapshot';
import { volumeObservationDifferential } from '../../../fhir-profiles/volume-observation.profile';
import { PROFILE_URLS } from '../src';
import { FHIR_PROFILES_DIR, readProfileFile } from './fixtures';
import { issues, summarize } from './medplum-validator';

/** The committed artefacts of fhir-profiles/: up to date, valid R4, and the examples conform. */
const generated = generatedResources();
const committedJson = (dir: string) =>
  readdirSync(join(FHIR_PROFILES_DIR, dir))
    .filter((f) => f.endsWith('.json'))
    .map((f) => (dir ? `${dir}/${f}` : f));
const sds = Object.values(generated).filter((r): r is StructureDefinition => r.resourceType === 'StructureDefinition');
const profileFor = (url: string) =>
  readProfileFile<StructureDefinition>(`StructureDefinition-${url.split('/').pop()}.json`);

describe('fhir-profiles/', () => {
  it('holds exactly the files generate.ts writes', () => {
    expect([...committedJson(''), ...committedJson('examples')].sort()).toEqual(Object.keys(generated).sort());
  });

  it.each(Object.keys(generated))('%s is up to date (run npx tsx fhir-profiles/generate.ts)', (file) => {
    expect(serialize(readProfileFile(file))).toBe(serialize(generated[file]));
  });

  it.each(sds.map((sd) => [sd.url, sd] as const))(
    '%s is a valid R4 constraint profile with a complete snapshot',
    (url, sd) => {
      expect(Object.values(PROFILE_URLS)).toContain(url);
      expect(sd).toMatchObject({
        derivation: 'constraint',
        fhirVersion: '4.0.1',
        baseDefinition: `http://hl7.org/fhir/StructureDefinition/${sd.type}`,
      });
      const snapshotIds = new Set(sd.snapshot?.element.map((e) => e.id));
      for (const d of sd.differential?.element ?? []) expect(snapshotIds.has(d.id)).toBe(true);
      expect(summarize(issues(sd))).toEqual([]);
    },
  );

  it('repeats a sliced BackboneElement’s children under the slice, as R4 snapshots do', () => {
    const obs = sds.find((s) => s.type === 'Observation');
    const ids = obs?.snapshot?.element.map((e) => e.id) ?? [];
    expect(ids).toContain('Observation.component:voxelCount.value[x]');
    expect(ids.indexOf('Observation.component:voxelCount')).toBeGreaterThan(
      ids.indexOf('Observation.component.referenceRange'),
    );
    expect(obs?.snapshot?.element.find((e) => e.id === 'Observation.component:voxelCount.value[x]')?.type).toEqual([
      { code: 'integer' },
    ]);
  });

  it('refuses a differential element it cannot place rather than drop it', () => {
    const base = sds.find((s) => s.type === 'Observation') as StructureDefinition;
    expect(() => generateSnapshot(base, [el('Observation.valueQuantity.code', { min: 1 })])).toThrow(/cannot place/);
    expect(() => generateSnapshot(base, [el('Observation.note:x', { sliceName: 'x' })])).toThrow(/not sliced/);
    expect(() => generateSnapshot(base, volumeObservationDifferential)).not.toThrow();
  });

  it('the measurement CodeSystem is valid R4', () => {
    expect(summarize(issues(readProfileFile('CodeSystem-delineo-measurement.json')))).toEqual([]);
  });
});

describe('fhir-profiles/examples', () => {
  const examples = committedJson('examples').map((f) => [f, readProfileFile<Resource>(f)] as const);

  it.each(examples.filter(([, r]) => r.resourceType !== 'Bundle'))(
    '%s is valid R4 and conforms to its meta.profile',
    (_, r) => {
      expect(summarize(issues(r))).toEqual([]);
      const claimed = r.meta?.profile ?? [];
      expect(claimed.length).toBeGreaterThan(0);
      for (const url of claimed) expect(summarize(issues(r, profileFor(url)))).toEqual([]);
    },
  );

  it('the transaction example has no errors and every claimed profile holds for its entries', () => {
    const [, bundle] = examples.find(([, r]) => r.resourceType === 'Bundle') as [string, Bundle];
    expect(summarize(issues(bundle).filter((i) => i.severity === 'error'))).toEqual([]);
    // Entries as the server stores them, so reference target types can be checked too.
    for (const r of resolveTransaction(bundle)) {
      for (const url of r.meta?.profile ?? []) expect(summarize(issues(r, profileFor(url)))).toEqual([]);
    }
  });
});
