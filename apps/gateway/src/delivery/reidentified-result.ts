import type { DataSource } from 'typeorm';
import type { DestinationSettings } from '@delineo/config';
import { InstanceEntity, PipelineRepository, type SeriesEntity } from '@delineo/db';
import { parsePart10, TransferSyntax, writePart10 } from '@delineo/dicom';
import { reidentify, type DeidIdentifiers } from '@delineo/deid';
import { buildSegmentationReportBundle, toSegmentVolumes } from '@delineo/fhir';
import type { ModelRegistry } from '@delineo/models';
import type { Bundle } from '@medplum/fhirtypes';
import type { ReidentificationService } from '../vault/reidentification.service';
import { segUids } from './result-seg';

const GATEWAY_VERSION = '0.1.0';

/** Decrypts the vault records of a series' source instances (in memory; never stored or logged). */
export async function seriesIdentifiers(ds: DataSource, reid: ReidentificationService, seriesId: string): Promise<DeidIdentifiers[]> {
  const rows = await ds.manager.find(InstanceEntity, { where: { seriesId }, select: { id: true, sopInstanceUid: true } });
  return Promise.all(rows.map((r) => reid.identifiersFor(r.sopInstanceUid)));
}

/**
 * The SEG as the hospital gets it: the research copy re-identified into the ORIGINAL study, with
 * its own deterministic UIDs (the same on every retry and destination). Memory and wire only.
 */
export function reidentifiedSeg(researchSeg: Buffer, identifiers: DeidIdentifiers[], projectKey: Buffer, series: SeriesEntity): Buffer {
  const ds = parsePart10(researchSeg).dataset;
  reidentify(ds, { identifiers, ...segUids(projectKey, series.id, series.generation, 'delivered'), now: series.finishedAt ?? new Date() });
  return writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
}

/** The FHIR R4 transaction for an EHR destination (libs/fhir), from the vault and the stored volumes. */
export async function reportBundle(
  ds: DataSource, registry: ModelRegistry, projectKey: Buffer, series: SeriesEntity, identifiers: DeidIdentifiers[],
  destination: Extract<DestinationSettings, { type: 'fhir' }>,
): Promise<Bundle> {
  const [first] = identifiers;
  const model = registry.get(series.segmentation?.modelId ?? series.route!.modelId).manifest;
  const volumes = await new PipelineRepository(ds).volumesOf([series.id]);
  const uids = segUids(projectKey, series.id, series.generation, 'delivered');
  return buildSegmentationReportBundle({
    patient: {
      id: first.patient.PatientID ?? '', issuer: first.patient.IssuerOfPatientID, identifierSystem: destination.patientIdentifierSystem,
      name: first.patient.PatientName, birthDate: first.patient.PatientBirthDate, sex: first.patient.PatientSex,
    },
    study: {
      studyInstanceUid: first.study.StudyInstanceUID, accessionNumber: first.study.AccessionNumber, studyDate: first.study.StudyDate,
      studyTime: first.study.StudyTime, timezoneOffset: destination.timezoneOffset,
    },
    sourceSeries: [{ seriesInstanceUid: first.uids[series.seriesInstanceUid] ?? series.seriesInstanceUid, modality: series.modality ?? 'OT', instanceCount: identifiers.length }],
    seg: uids,
    model: { id: model.id, name: model.name, version: model.version },
    device: { name: 'Delineo', version: GATEWAY_VERSION },
    segments: toSegmentVolumes(model.labels, volumes.map((v) => ({ value: v.label, name: v.name, voxels: v.voxels, volumeMl: v.volumeMl }))),
    issued: series.finishedAt ?? new Date(),
  });
}
