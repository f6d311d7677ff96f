import { createHash } from 'node:crypto';
import { Dataset, DicomError, isValidUid, parseDataset, parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { IngestError } from '../errors/error-code';
import {
  ArchiveWriter, BlobStore, Deidentifier, IngestLogger, Router, SeriesTracker, VaultSealer,
} from './ingest.ports';

export interface IngestSource {
  via: 'dimse' | 'stow';
  callingAeTitle?: string;
  associationId?: string;
  /** DIMSE: the command's Affected SOP Class/Instance UIDs must match the dataset (PS3.7 §9.1.1). */
  affectedSopClassUid?: string;
  affectedSopInstanceUid?: string;
  /** STOW-RS to /studies/{uid}: every instance must belong to that study (PS3.18 §10.5.1). */
  expectedStudyInstanceUid?: string;
}

export interface IngestResult {
  sopClassUid: string;
  /** Pseudonymized: the only SOP Instance UID that is ever persisted or shown. */
  sopInstanceUid: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  outcome: 'created' | 'identical' | 'replaced';
}

/**
 * The one writer of instances. Order matters for the privacy and durability promises:
 * parse → validate → route (original, in memory) → de-identify → seal identifiers → write the
 * de-identified object durably → commit row + vault record in one transaction → only then succeed.
 * (The archive writer may run its statements while the object is being written, but it commits
 * only after the object is durable.)
 */
export class IngestService {
  constructor(
    private readonly deid: Deidentifier,
    private readonly vault: VaultSealer,
    private readonly router: Router,
    private readonly store: BlobStore,
    private readonly archive: ArchiveWriter,
    private readonly tracker: SeriesTracker,
    private readonly log: IngestLogger,
  ) {}

  async ingestDataset(raw: Buffer, transferSyntaxUid: string, source: IngestSource): Promise<IngestResult> {
    return this.ingest(parseDataset(raw, transferSyntaxUid), transferSyntaxUid, source);
  }

  async ingestPart10(file: Buffer, source: IngestSource): Promise<IngestResult> {
    const parsed = parsePart10(file);
    return this.ingest(parsed.dataset, parsed.transferSyntaxUid, source);
  }

  private async ingest(original: Dataset, transferSyntaxUid: string, source: IngestSource): Promise<IngestResult> {
    const sopClassUid = requireUid(original, Tag.SOPClassUID, 'dicom/missing-sop-class-uid');
    const sopInstanceUid = requireUid(original, Tag.SOPInstanceUID, 'dicom/missing-sop-instance-uid');
    const studyUid = requireUid(original, Tag.StudyInstanceUID, 'dicom/missing-study-instance-uid');
    requireUid(original, Tag.SeriesInstanceUID, 'dicom/missing-series-instance-uid');
    checkSource(source, sopClassUid, sopInstanceUid, studyUid);

    const route = this.router.decide(original, { via: source.via, callingAeTitle: source.callingAeTitle });
    const { dataset, identifiers, pseudonyms } = this.deid.deidentify(original);
    const vaultRecord = this.vault.seal(identifiers, pseudonyms.sopInstanceUid);
    const bytes = writePart10(dataset, { transferSyntaxUid });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Content-addressed key: a replacement never overwrites the object an existing row points at.
    const objectKey = `studies/${pseudonyms.studyInstanceUid}/series/${pseudonyms.seriesInstanceUid}/${pseudonyms.sopInstanceUid}.${sha256.slice(0, 16)}.dcm`;

    const preExisting = await this.store.exists(objectKey);
    const persistObject = preExisting ? async () => undefined : () => this.store.put(objectKey, bytes);
    let commit;
    try {
      commit = await this.archive.commit(
        { pseudonyms, deidentified: dataset, transferSyntaxUid, sizeBytes: bytes.length, sha256, objectKey, receivedVia: source.via, route, vaultRecord },
        persistObject,
      );
    } catch (err) {
      // Nothing may survive a failed commit: remove the object if we wrote it.
      if (!preExisting) await this.store.delete(objectKey).catch(() => undefined);
      throw err;
    }
    if (commit.outcome === 'replaced') {
      this.log.info({ event: 'instance-replaced', sopInstanceUid: pseudonyms.sopInstanceUid }, 'changed copy replaced the stored instance');
      if (commit.previousObjectKey && commit.previousObjectKey !== objectKey) {
        await this.store.delete(commit.previousObjectKey).catch(() => undefined);
      }
    }
    this.tracker.instanceStored(commit.seriesId, source.associationId, commit);
    return {
      sopClassUid,
      sopInstanceUid: pseudonyms.sopInstanceUid,
      studyInstanceUid: pseudonyms.studyInstanceUid,
      seriesInstanceUid: pseudonyms.seriesInstanceUid,
      outcome: commit.outcome,
    };
  }
}

function requireUid(ds: Dataset, tag: number, code: ConstructorParameters<typeof DicomError>[0]): string {
  const uid = ds.string(tag);
  if (!uid) throw new DicomError(code, `required UID ${tag.toString(16)} is missing or empty`);
  if (!isValidUid(uid)) throw new DicomError('dicom/invalid-uid', `UID ${tag.toString(16)} is not a valid UID`);
  return uid;
}

function checkSource(source: IngestSource, sopClass: string, sopInstance: string, study: string): void {
  if (source.affectedSopInstanceUid !== undefined && source.affectedSopInstanceUid.trim() !== sopInstance) {
    throw new IngestError('ingest/sop-instance-mismatch', 'Affected SOP Instance UID differs from the dataset');
  }
  if (source.affectedSopClassUid !== undefined && source.affectedSopClassUid.trim() !== sopClass) {
    throw new IngestError('ingest/sop-class-mismatch', 'Affected SOP Class UID differs from the dataset');
  }
  if (source.expectedStudyInstanceUid !== undefined && source.expectedStudyInstanceUid !== study) {
    throw new IngestError('ingest/study-mismatch', 'instance does not belong to the study in the request URL');
  }
}
