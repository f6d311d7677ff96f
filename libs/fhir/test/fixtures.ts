import type { Bundle, BundleEntry, Resource, StructureDefinition } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLE_INPUT } from '../../../fhir-profiles/examples';
import type { SegmentationReportInput } from '../src';

export const FHIR_PROFILES_DIR = join(__dirname, '../../../fhir-profiles');

/** A fresh copy of the documented example input (fhir-profiles/examples.ts), with overrides. */
export function reportInput(overrides: Partial<SegmentationReportInput> = {}): SegmentationReportInput {
  return { ...structuredClone(EXAMPLE_INPUT), ...overrides };
}

export function readProfileFile<T = Resource>(file: string): T {
  return JSON.parse(readFileSync(join(FHIR_PROFILES_DIR, file), 'utf8')) as T;
}

/** The committed profiles, as an EHR would load them. */
export const profiles = {
  report: () => readProfileFile<StructureDefinition>('StructureDefinition-delineo-segmentation-report.json'),
  observation: () => readProfileFile<StructureDefinition>('StructureDefinition-delineo-volume-observation.json'),
};

export function entriesOf<T extends Resource>(
  bundle: Bundle,
  type: T['resourceType'],
): (BundleEntry<T> & { resource: T })[] {
  return (bundle.entry ?? []).filter((e) => e.resource?.resourceType === type) as (BundleEntry<T> & { resource: T })[];
}
