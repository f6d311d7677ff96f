import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { RuntimeConfig } from '@delineo/config';
import {
  Dataset,
  DicomError,
  isValidUid,
  parseDataset,
  parsePart10,
  Tag,
  writePart10,
  type ParseLimits,
  readPart10Uids,
} from '@delineo/dicom';
import { CoreTokens } from '../core/core.tokens';
import { IngestError } from '../errors/error-code';
import type {
  ArchiveWriter,
  BlobStore,
  CommitResult,
  Deidentifier,
  IngestLogger,
  Router,
  SeriesTracker,
  VaultSealer,
} from './ingest.ports';
import { IngestTokens } from './ingest.tokens';

export interface IngestSource {
  via: 'dimse' | 'stow';
  callingAeTitle?: string;
  /** STOW-RS: the source named by the caller's API token. */
  source?: string;
  associationId?: string;
  /** The live settings the association or request started with (absent: the current ones). */
  settings?: RuntimeConfig;
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
 * STOW-RS echoes a refused instance's own UIDs back to its sender (PS3.18 Annex I, FailedSOPSequence).
 * They are the sender's original identifiers: they go into that HTTP response only, never into a
 * log, an audit record or anything persisted.
 */
export interface SentUids {
  sopClassUid?: string;
  sopInstanceUid?: string;
}

/** One Part 10 file's outcome; a refusal carries the UIDs read by the same parse (none if it failed). */
export type Part10Outcome = { ok: true; result: IngestResult } | { ok: false; error: unknown; sent: SentUids };

/**
 * The one writer of instances (received ones, and the derived ones Delineo makes). Order matters for the privacy and durability promises:
 * parse → validate → route (original, in memory) → de-identify → seal identifiers → write the
 * de-identified object durably → commit row + vault record in one transaction → only then succeed.
 * (The archive writer may run its statements while the object is being written, but it commits
 * only after the object is durable.)
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(IngestTokens.Deidentifier) private readonly deid: Deidentifier,
    @Inject(IngestTokens.VaultSealer) private readonly vault: VaultSealer,
    @Inject(IngestTokens.Router) private readonly router: Router,
    @Inject(IngestTokens.BlobStore) private readonly store: BlobStore,
    @Inject(IngestTokens.ArchiveWriter) private readonly archive: ArchiveWriter,
    @Inject(IngestTokens.SeriesTracker) private readonly tracker: SeriesTracker,
    @Inject(CoreTokens.Logger) private readonly log: IngestLogger,
    @Inject(IngestTokens.ParseLimits) private readonly limits: ParseLimits,
  ) {}

  async ingestDataset(raw: Buffer, transferSyntaxUid: string, source: IngestSource): Promise<IngestResult> {
    return this.ingest(parseDataset(raw, transferSyntaxUid, this.limits), transferSyntaxUid, source);
  }

  async ingestPart10(file: Buffer, source: IngestSource): Promise<IngestResult> {
    const outcome = await this.tryIngestPart10(file, source);
    if (!outcome.ok) throw outcome.error;
    return outcome.result;
  }

  /** Like ingestPart10, but parses once and returns a refusal with the sender's UIDs (STOW-RS). */
  async tryIngestPart10(file: Buffer, source: IngestSource): Promise<Part10Outcome> {
    let parsed: ReturnType<typeof parsePart10>;
    try {
      parsed = parsePart10(file, this.limits);
    } catch (error) {
      // The dataset did not parse; its File Meta usually did, and names the instance (PS3.10 §7.1).
      return { ok: false, error, sent: readPart10Uids(file, this.limits) };
    }
    return this.tryIngestDataset(parsed.dataset, parsed.transferSyntaxUid, source);
  }

  /**
   * The same ingest for a dataset read from another representation (STOW-RS DICOM JSON metadata
   * with bulk data, PS3.18 §10.5.1.4): from here on it is indistinguishable from a Part 10 file.
   */
  async tryIngestDataset(ds: Dataset, transferSyntaxUid: string, source: IngestSource): Promise<Part10Outcome> {
    // Read now: de-identification rewrites the dataset in place, so after a later failure it would
    // name the pseudonym.
    const sent = { sopClassUid: ds.string(Tag.SOPClassUID), sopInstanceUid: ds.string(Tag.SOPInstanceUID) };
    try {
      return { ok: true, result: await this.ingest(ds, transferSyntaxUid, source) };
    } catch (error) {
      return { ok: false, error, sent };
    }
  }

  /**
   * Registers an instance Delineo derived from de-identified data only (the research SEG) in the
   * archive, under `objectKey`: no routing, no de-identification, no vault record. It must say
   * that its identity was removed (PS3.3 C.12.1.1.4, Patient Identity Removed = YES), which the
   * SEG encoder copies from its de-identified sources; anything else is refused, so this path can
   * never carry an original identifier into the archive. Idempotent: an identical object and row
   * change nothing.
   */
  async ingestDerived(part10: Buffer, objectKey: string): Promise<IngestResult> {
    const { dataset, transferSyntaxUid } = parsePart10(part10);
    const sopClassUid = requireUid(dataset, Tag.SOPClassUID, 'dicom/missing-sop-class-uid');
    const pseudonyms = {
      patientId: dataset.string(Tag.PatientID) ?? '',
      studyInstanceUid: requireUid(dataset, Tag.StudyInstanceUID, 'dicom/missing-study-instance-uid'),
      seriesInstanceUid: requireUid(dataset, Tag.SeriesInstanceUID, 'dicom/missing-series-instance-uid'),
      sopInstanceUid: requireUid(dataset, Tag.SOPInstanceUID, 'dicom/missing-sop-instance-uid'),
    };
    if (dataset.string(Tag.PatientIdentityRemoved) !== 'YES' || !pseudonyms.patientId) {
      throw new IngestError(
        'ingest/not-deidentified',
        'a derived instance must come from de-identified data (Patient Identity Removed = YES)',
      );
    }
    const sha256 = createHash('sha256').update(part10).digest('hex');
    const stored = (await this.store.exists(objectKey)) && (await this.store.get(objectKey)).equals(part10);
    const commit = await this.archive.commitDerived(
      { pseudonyms, deidentified: dataset, transferSyntaxUid, sizeBytes: part10.length, sha256, objectKey },
      stored ? async () => undefined : () => this.store.put(objectKey, part10),
    );
    this.tracker.instanceStored(commit.seriesId, undefined, commit);
    return { sopClassUid, ...pseudonyms, outcome: commit.outcome };
  }

  private async ingest(original: Dataset, transferSyntaxUid: string, source: IngestSource): Promise<IngestResult> {
    const sopClassUid = requireUid(original, Tag.SOPClassUID, 'dicom/missing-sop-class-uid');
    const sopInstanceUid = requireUid(original, Tag.SOPInstanceUID, 'dicom/missing-sop-instance-uid');
    const studyUid = requireUid(original, Tag.StudyInstanceUID, 'dicom/missing-study-instance-uid');
    requireUid(original, Tag.SeriesInstanceUID, 'dicom/missing-series-instance-uid');
    checkSource(source, sopClassUid, sopInstanceUid, studyUid);

    const route = this.router.decide(original, {
      via: source.via,
      callingAeTitle: source.callingAeTitle,
      source: source.source,
      settings: source.settings,
    });
    const { dataset, identifiers, pseudonyms } = this.deid.deidentify(original, source.settings);
    const vaultRecord = this.vault.seal(identifiers, pseudonyms.sopInstanceUid);
    const bytes = writePart10(dataset, { transferSyntaxUid });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    // Content-addressed key: a replacement never overwrites the object an existing row points at.
    const objectKey = `studies/${pseudonyms.studyInstanceUid}/series/${pseudonyms.seriesInstanceUid}/${pseudonyms.sopInstanceUid}.${sha256.slice(0, 16)}.dcm`;

    const preExisting = await this.store.exists(objectKey);
    const persistObject = preExisting ? async () => undefined : () => this.store.put(objectKey, bytes);
    let commit: CommitResult;
    try {
      commit = await this.archive.commit(
        {
          pseudonyms,
          deidentified: dataset,
          transferSyntaxUid,
          sizeBytes: bytes.length,
          sha256,
          objectKey,
          receivedVia: source.via,
          route,
          vaultRecord,
        },
        persistObject,
      );
    } catch (err) {
      // Nothing may survive a failed commit: remove the object if we wrote it.
      if (!preExisting) await this.store.delete(objectKey).catch(() => undefined);
      throw err;
    }
    if (commit.outcome === 'replaced') {
      this.log.info(
        { event: 'instance-replaced', sopInstanceUid: pseudonyms.sopInstanceUid },
        'changed copy replaced the stored instance',
      );
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
