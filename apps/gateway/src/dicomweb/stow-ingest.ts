import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import type { Dataset, ParseLimits } from '@delineo/dicom';
import { StowResponseBuilder, WarningReason } from '@delineo/dicomweb';
import { CoreTokens } from '../core/core.tokens';
import { codeOf } from '../errors/error-code';
import { IngestGate } from '../ingest/ingest-gate';
import { IngestService, type IngestSource, type Part10Outcome, type SentUids } from '../ingest/ingest.service';
import { stowFailureReasonFor } from './stow-failure-reason';

export type DatasetIngest = (read: () => { ds: Dataset; transferSyntaxUid: string }, sent: SentUids) => Promise<void>;

/** What one STOW-RS request has stored and refused so far, and where its instances will be found. */
export interface Receipt {
  builder: StowResponseBuilder;
  base: string;
  /** The study in the request URL (the sender's original UID), if any. */
  study: string | undefined;
  source: string | undefined;
}

/**
 * The one way a STOW-RS instance reaches the ingest service, whatever form it came in (a Part 10
 * part, or DICOM JSON metadata with bulk data): through the shared ingest gate, and answered in
 * the Store Instances Response (PS3.18 Annex I).
 */
@Injectable()
export class StowIngest {
  constructor(
    @Inject(IngestService) private readonly ingest: Pick<IngestService, 'tryIngestPart10' | 'tryIngestDataset'>,
    @Inject(IngestGate) private readonly gate: Pick<IngestGate, 'run'>,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'limits'>,
  ) {}

  get parseLimits(): ParseLimits {
    return this.config.limits.parse;
  }

  async part10(body: Buffer, r: Receipt): Promise<void> {
    const outcome = await this.gate.run(() => this.ingest.tryIngestPart10(body, this.sourceOf(r)));
    this.answer(outcome, r);
  }

  /**
   * Runs `work` in one slot of the ingest gate: the JSON parse of a STOW metadata part and the
   * datasets built from it are a parse, and must count as one (memory-bound.ts). `one` ingests a
   * dataset that `read` builds, and must be called only inside `work`; a failure to read answers
   * with the UIDs the sender stated in clear, when it stated any.
   */
  async inOneSlot(work: (one: DatasetIngest) => Promise<void>, r: Receipt): Promise<void> {
    await this.gate.run(() =>
      work(async (read, sent) => {
        let parsed: ReturnType<typeof read>;
        try {
          parsed = read();
        } catch (error) {
          return this.refuse(error, sent, r);
        }
        this.answer(await this.ingest.tryIngestDataset(parsed.ds, parsed.transferSyntaxUid, this.sourceOf(r)), r);
      }),
    );
  }

  /** An instance refused before it could be read as a dataset. */
  refuse(error: unknown, sent: SentUids, r: Receipt): void {
    r.builder.addFailed({ ...sent, failureReason: stowFailureReasonFor(codeOf(error)) });
  }

  private sourceOf(r: Receipt): IngestSource {
    return { via: 'stow' as const, expectedStudyInstanceUid: r.study, source: r.source };
  }

  private answer(outcome: Part10Outcome, r: Receipt): void {
    if (!outcome.ok) {
      // The sender's own UIDs go back to the sender only; nothing is persisted.
      this.refuse(outcome.error, outcome.sent, r);
      return;
    }
    const s = outcome.result;
    // PS3.18 §10.5.3: the study's Retrieve URL must name the study as stored (pseudonymized).
    if (r.study) r.builder.setStudyRetrieveUrl(`${r.base}/studies/${s.studyInstanceUid}`);
    r.builder.addStored({
      sopClassUid: s.sopClassUid,
      sopInstanceUid: s.sopInstanceUid,
      retrieveUrl: `${r.base}/studies/${s.studyInstanceUid}/series/${s.seriesInstanceUid}/instances/${s.sopInstanceUid}`,
      // PS3.18 Table I.2-1 B000: what we store differs from what was sent (it is de-identified).
      warningReason: WarningReason.CoercionOfDataElements,
    });
  }
}
