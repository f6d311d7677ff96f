import type { Coding, Identifier, ImagingStudy, ImagingStudySeries } from '@medplum/fhirtypes';
import { ACCESSION_TYPE, SEGMENTATION_STORAGE_SOP_CLASS, SYSTEMS } from './codes';
import { fhirDateTime } from './dicom-values.mapper';
import type { SegmentationReportInput } from './report-input';

/** StudyInstanceUID as R4 wants it: system urn:dicom:uid, value urn:oid:<uid> (imagingstudy.html#notes). */
export function studyIdentifier(studyInstanceUid: string): Identifier {
  return { system: SYSTEMS.dicomUid, value: `urn:oid:${studyInstanceUid}` };
}

/** StudyDate + StudyTime (+ offset) as FHIR dateTime; undefined when the study has no date. */
export function studyStarted(study: SegmentationReportInput['study']): string | undefined {
  return study.studyDate?.trim() ? fhirDateTime(study.studyDate, study.studyTime, study.timezoneOffset) : undefined;
}

const modality = (code: string): Coding => ({ system: SYSTEMS.dicomDcm, code: code.trim() });

/**
 * The study with the series the model read and the SEG series Delineo added. Source series list
 * counts only: their instances are not ours to enumerate. The SEG series lists its one instance
 * with the Segmentation Storage SOP class (https://hl7.org/fhir/R4/imagingstudy.html).
 */
export function imagingStudyResource(input: SegmentationReportInput, patientUrl: string): ImagingStudy {
  const { study, sourceSeries, seg, model } = input;
  const identifier = [studyIdentifier(study.studyInstanceUid)];
  const accession = study.accessionNumber?.trim();
  if (accession) identifier.push({ use: 'usual', type: ACCESSION_TYPE, value: accession });
  const series: ImagingStudySeries[] = sourceSeries.map((s) => ({
    uid: s.seriesInstanceUid,
    ...(s.seriesNumber !== undefined ? { number: s.seriesNumber } : {}),
    modality: modality(s.modality),
    numberOfInstances: s.instanceCount,
  }));
  series.push({
    uid: seg.seriesInstanceUid,
    ...(seg.seriesNumber !== undefined ? { number: seg.seriesNumber } : {}),
    modality: modality('SEG'),
    description: `Segmentation: ${model.name} ${model.version}`,
    numberOfInstances: 1,
    instance: [
      {
        uid: seg.sopInstanceUid,
        sopClass: { system: SYSTEMS.uri, code: `urn:oid:${SEGMENTATION_STORAGE_SOP_CLASS}` },
        number: 1,
      },
    ],
  });
  const modalities = [...new Set(series.map((s) => s.modality.code as string))].map(modality);
  const started = studyStarted(study);
  return {
    resourceType: 'ImagingStudy',
    identifier,
    status: 'available',
    modality: modalities,
    subject: { reference: patientUrl },
    ...(started ? { started } : {}),
    numberOfSeries: series.length,
    numberOfInstances: series.reduce((n, s) => n + (s.numberOfInstances ?? 0), 0),
    series,
  };
}
