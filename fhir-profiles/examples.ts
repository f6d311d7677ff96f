import type { Bundle, Resource } from '@medplum/fhirtypes';
import { buildSegmentationReportBundle, type SegmentationReportInput } from '../libs/fhir/src/index';

const sct = (CodeValue: string, CodeMeaning: string) => ({ CodeValue, CodingSchemeDesignator: 'SCT', CodeMeaning });
const anatomy = sct('123037004', 'Anatomical Structure');
const lung = sct('39607008', 'Lung');

/**
 * A synthetic report input: a fictional patient, made-up 2.25 UIDs, the built-in ct-body model's
 * labels (libs/models ct-body.manifest.ts) with plausible volumes. No real person or study.
 */
export const EXAMPLE_INPUT: SegmentationReportInput = {
  patient: {
    id: 'EX-000123',
    issuer: '1.2.3.4.5.6.7.8.9',
    name: 'Example^Alex^J^^',
    birthDate: '19700101',
    sex: 'O',
  },
  study: {
    studyInstanceUid: '2.25.100000000000000000000000000000000001',
    accessionNumber: 'ACC-EX-42',
    studyDate: '20240315',
    studyTime: '101530.25',
    timezoneOffset: '+0100',
  },
  sourceSeries: [
    {
      seriesInstanceUid: '2.25.100000000000000000000000000000000002',
      modality: 'CT',
      seriesNumber: 3,
      instanceCount: 212,
    },
  ],
  seg: {
    seriesInstanceUid: '2.25.100000000000000000000000000000000003',
    sopInstanceUid: '2.25.100000000000000000000000000000000004',
    seriesNumber: 9001,
  },
  model: { id: 'ct-body', name: 'CT body outline, lungs and bone (classical, built-in)', version: '1.0.0' },
  device: { name: 'Delineo', version: '0.1.0' },
  segments: [
    {
      number: 1,
      label: { name: 'Body', category: anatomy, type: sct('38266002', 'Entire body') },
      volumeMl: 18234.5678,
      voxelCount: 27012345,
    },
    {
      number: 2,
      label: { name: 'Left lung', category: anatomy, type: lung, modifier: sct('7771000', 'Left') },
      volumeMl: 2451.25,
      voxelCount: 3631481,
    },
    {
      number: 3,
      label: { name: 'Right lung', category: anatomy, type: lung, modifier: sct('24028007', 'Right') },
      volumeMl: 2803.75,
      voxelCount: 4153704,
    },
    {
      number: 4,
      label: { name: 'Bone', category: sct('85756007', 'Tissue'), type: sct('272673000', 'Bone') },
      volumeMl: 1420.1,
      voxelCount: 2103852,
    },
  ],
  issued: new Date('2024-03-15T09:47:12.000Z'),
};

export function exampleBundle(): Bundle {
  return buildSegmentationReportBundle(EXAMPLE_INPUT);
}

/**
 * The resources as a server stores them after the transaction (https://hl7.org/fhir/R4/http.html#trules):
 * each gets an id (here its fullUrl's UUID) and every reference to a fullUrl in the bundle
 * becomes a relative reference Type/id. Lets a validator check reference target types.
 */
export function resolveTransaction(bundle: Bundle): Resource[] {
  const targets = new Map<string, string>();
  for (const e of bundle.entry ?? []) {
    if (e.fullUrl && e.resource)
      targets.set(e.fullUrl, `${e.resource.resourceType}/${e.fullUrl.replace(/^urn:uuid:/, '')}`);
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!value || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      out[k] = k === 'reference' && typeof v === 'string' && targets.has(v) ? targets.get(v) : rewrite(v);
    return out;
  };
  return (bundle.entry ?? []).map((e) => {
    const { resourceType, ...rest } = rewrite(e.resource) as Resource;
    return { resourceType, id: (targets.get(e.fullUrl as string) as string).split('/')[1], ...rest } as Resource;
  });
}
