import { dicomJsonAttribute, DicomJsonObject } from '@delineo/dicomweb';
import type { QidoInstanceRow, QidoSeriesRow, QidoStudyRow } from '@delineo/db';
import { Tag } from '@delineo/dicom';

const T = {
  ...Tag,
  ModalitiesInStudy: 0x00080061,
  NumberOfStudyRelatedSeries: 0x00201206,
  NumberOfStudyRelatedInstances: 0x00201208,
  NumberOfSeriesRelatedInstances: 0x00201209,
  RetrieveURL: 0x00081190,
  AvailableTransferSyntaxUID: 0x00083002,
};

const str = (v: string | null | undefined): string[] => (v ? [v] : []);
const num = (v: number | null | undefined): number[] => (v === null || v === undefined ? [] : [Number(v)]);

/** QIDO-RS responses are built from archive rows: every value here is already de-identified. */
export function studyJson(r: QidoStudyRow, base: string): DicomJsonObject {
  return {
    ...dicomJsonAttribute(T.SpecificCharacterSet, 'CS', ['ISO_IR 192']),
    ...dicomJsonAttribute(T.StudyDate, 'DA', str(r.studyDate)),
    ...dicomJsonAttribute(T.StudyTime, 'TM', str(r.studyTime)),
    ...dicomJsonAttribute(T.AccessionNumber, 'SH', str(r.accessionNumber)),
    ...dicomJsonAttribute(T.ModalitiesInStudy, 'CS', r.modalitiesInStudy),
    ...dicomJsonAttribute(T.ReferringPhysicianName, 'PN', []),
    ...dicomJsonAttribute(T.PatientName, 'PN', [{ Alphabetic: r.patientId }]),
    ...dicomJsonAttribute(T.PatientID, 'LO', [r.patientId]),
    ...dicomJsonAttribute(T.StudyInstanceUID, 'UI', [r.studyInstanceUid]),
    ...dicomJsonAttribute(T.StudyDescription, 'LO', str(r.studyDescription)),
    ...dicomJsonAttribute(T.NumberOfStudyRelatedSeries, 'IS', [r.numberOfStudyRelatedSeries]),
    ...dicomJsonAttribute(T.NumberOfStudyRelatedInstances, 'IS', [r.numberOfStudyRelatedInstances]),
    ...dicomJsonAttribute(T.RetrieveURL, 'UR', [`${base}/studies/${r.studyInstanceUid}`]),
  };
}

export function seriesJson(r: QidoSeriesRow, base: string): DicomJsonObject {
  return {
    ...dicomJsonAttribute(T.Modality, 'CS', str(r.modality)),
    ...dicomJsonAttribute(T.SeriesDescription, 'LO', str(r.seriesDescription)),
    ...dicomJsonAttribute(T.BodyPartExamined, 'CS', str(r.bodyPartExamined)),
    ...dicomJsonAttribute(T.StudyInstanceUID, 'UI', [r.studyInstanceUid]),
    ...dicomJsonAttribute(T.SeriesInstanceUID, 'UI', [r.seriesInstanceUid]),
    ...dicomJsonAttribute(T.SeriesNumber, 'IS', num(r.seriesNumber)),
    ...dicomJsonAttribute(T.NumberOfSeriesRelatedInstances, 'IS', [r.numberOfSeriesRelatedInstances]),
    ...dicomJsonAttribute(T.RetrieveURL, 'UR', [`${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}`]),
  };
}

export function instanceJson(r: QidoInstanceRow, base: string): DicomJsonObject {
  return {
    ...dicomJsonAttribute(T.SOPClassUID, 'UI', [r.sopClassUid]),
    ...dicomJsonAttribute(T.SOPInstanceUID, 'UI', [r.sopInstanceUid]),
    ...dicomJsonAttribute(T.AvailableTransferSyntaxUID, 'UI', [r.transferSyntaxUid]),
    ...dicomJsonAttribute(T.StudyInstanceUID, 'UI', [r.studyInstanceUid]),
    ...dicomJsonAttribute(T.SeriesInstanceUID, 'UI', [r.seriesInstanceUid]),
    ...dicomJsonAttribute(T.InstanceNumber, 'IS', num(r.instanceNumber)),
    ...dicomJsonAttribute(T.Rows, 'US', num(r.rows)),
    ...dicomJsonAttribute(T.Columns, 'US', num(r.columns)),
    ...dicomJsonAttribute(T.NumberOfFrames, 'IS', num(r.numberOfFrames)),
    ...dicomJsonAttribute(T.RetrieveURL, 'UR', [
      `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`,
    ]),
  };
}
