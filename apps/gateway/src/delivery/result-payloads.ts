import { Inject, Injectable } from '@nestjs/common';
import type { DestinationSettings } from '@delineo/config';
import { ArchiveRepository, PipelineRepository, type SeriesEntity } from '@delineo/db';
import { parsePart10, TransferSyntax, writePart10 } from '@delineo/dicom';
import { reidentify, type DeidIdentifiers } from '@delineo/deid';
import { buildSegmentationReportBundle, toSegmentVolumes } from '@delineo/fhir';
import { ModelRegistry } from '@delineo/models';
import type { ObjectStore } from '@delineo/storage';
import type { Bundle } from '@medplum/fhirtypes';
import { CoreTokens } from '../core/core.tokens';
import { researchSegKey, segUids } from '../results/research-seg.builder';
import { ReidentificationService } from '../vault/reidentification.service';

const GATEWAY_VERSION = '0.1.0';

type FhirDestination = Extract<DestinationSettings, { type: 'fhir' }>;

/**
 * What a destination receives, made in memory for one attempt from the STORED result (the
 * research SEG the results step registered) and the vault: never written anywhere, never logged.
 */
@Injectable()
export class ResultPayloads {
  constructor(
    @Inject(ArchiveRepository) private readonly archive: Pick<ArchiveRepository, 'instancesOf'>,
    @Inject(PipelineRepository) private readonly pipeline: Pick<PipelineRepository, 'volumesOf'>,
    @Inject(ReidentificationService) private readonly reid: Pick<ReidentificationService, 'identifiersFor'>,
    @Inject(CoreTokens.ObjectStore) private readonly store: Pick<ObjectStore, 'get'>,
    @Inject(ModelRegistry) private readonly registry: Pick<ModelRegistry, 'get'>,
    @Inject(CoreTokens.ProjectKey) private readonly projectKey: Buffer,
  ) {}

  /** Decrypts the vault records of a series' source instances (in memory; never stored or logged). */
  async identifiers(seriesId: string): Promise<DeidIdentifiers[]> {
    const rows = await this.archive.instancesOf(seriesId);
    return Promise.all(rows.map((r) => this.reid.identifiersFor(r.sopInstanceUid)));
  }

  /**
   * The SEG as the hospital gets it: the research copy re-identified into the ORIGINAL study, with
   * its own deterministic UIDs (the same on every retry and destination). Memory and wire only.
   */
  async seg(series: SeriesEntity, identifiers: DeidIdentifiers[]): Promise<Buffer> {
    const research = await this.store.get(researchSegKey(series.id, series.generation));
    const ds = parsePart10(research).dataset;
    const uids = segUids(this.projectKey, series.id, series.generation, 'delivered');
    reidentify(ds, { identifiers, ...uids, now: series.finishedAt ?? new Date() });
    return writePart10(ds, { transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian });
  }

  /** The FHIR R4 transaction for an EHR destination (libs/fhir), from the vault and the stored volumes. */
  async report(series: SeriesEntity, identifiers: DeidIdentifiers[], destination: FhirDestination): Promise<Bundle> {
    const [first] = identifiers;
    const model = this.registry.get(series.segmentation?.modelId ?? series.route!.modelId).manifest;
    const volumes = await this.pipeline.volumesOf([series.id]);
    const originalSeriesUid = first.uids[series.seriesInstanceUid] ?? series.seriesInstanceUid;
    return buildSegmentationReportBundle({
      patient: {
        id: first.patient.PatientID ?? '',
        issuer: first.patient.IssuerOfPatientID,
        identifierSystem: destination.patientIdentifierSystem,
        name: first.patient.PatientName,
        birthDate: first.patient.PatientBirthDate,
        sex: first.patient.PatientSex,
      },
      study: {
        studyInstanceUid: first.study.StudyInstanceUID,
        accessionNumber: first.study.AccessionNumber,
        studyDate: first.study.StudyDate,
        studyTime: first.study.StudyTime,
        timezoneOffset: destination.timezoneOffset,
      },
      sourceSeries: [
        { seriesInstanceUid: originalSeriesUid, modality: series.modality ?? 'OT', instanceCount: identifiers.length },
      ],
      seg: segUids(this.projectKey, series.id, series.generation, 'delivered'),
      model: { id: model.id, name: model.name, version: model.version },
      device: { name: 'Delineo', version: GATEWAY_VERSION },
      segments: toSegmentVolumes(
        model.labels,
        volumes.map((v) => ({ value: v.label, name: v.name, voxels: v.voxels, volumeMl: v.volumeMl })),
      ),
      issued: series.finishedAt ?? new Date(),
    });
  }
}
