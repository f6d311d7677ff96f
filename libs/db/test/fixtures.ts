import { createHash } from 'node:crypto';
import type { NewInstanceInput } from '../src';

export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** A de-identified instance; override any part. UIDs are synthetic 2.25 pseudonyms. */
export function instanceInput(
  n: { study: string; series: string; sop: string },
  over: {
    patient?: string;
    study?: Partial<NewInstanceInput['study']>;
    series?: Partial<NewInstanceInput['series']>;
    instance?: Partial<NewInstanceInput['instance']>;
    route?: NewInstanceInput['route'];
  } = {},
): NewInstanceInput {
  return {
    pseudoPatientId: over.patient ?? 'PSEUDO-1',
    study: { studyInstanceUid: `2.25.${n.study}`, studyDate: '20240102', studyTime: '101500', ...over.study },
    series: { seriesInstanceUid: `2.25.${n.series}`, modality: 'CT', seriesNumber: 1, ...over.series },
    instance: {
      sopInstanceUid: `2.25.${n.sop}`,
      sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
      transferSyntaxUid: '1.2.840.10008.1.2.1',
      instanceNumber: 1,
      rows: 512,
      columns: 512,
      imagePositionPatient: [0, 0, 1.5],
      pixelSpacing: [0.7, 0.7],
      sizeBytes: 524_288,
      sha256: sha(n.sop),
      objectKey: `obj/${n.sop}`,
      receivedVia: 'dimse',
      ...over.instance,
    },
    route: over.route,
  };
}
