import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import { bigEndianToLittleEndian, TransferSyntax } from '@delineo/dicom';
import { CoreTokens } from '../core/core.tokens';
import { IngestGate } from '../ingest/ingest-gate';
import { IngestService } from '../ingest/ingest.service';
import { SeriesCompletionService } from '../series/series-completion.service';
import type { AssociationInfo, StoreHandler, StoreRequest } from './dimse.types';

/** Bridges the DIMSE transport to the ingest service and to association-based series completion. */
@Injectable()
export class DimseIngestHandler implements StoreHandler {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(SeriesCompletionService) private readonly completion: SeriesCompletionService,
    @Inject(IngestGate) private readonly gate: IngestGate,
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
  ) {}

  async store(r: StoreRequest): Promise<void> {
    await this.gate.run(async () => {
      // Explicit VR Big Endian (PS3.5 §A.3, retired) is accepted on the wire and turned into Explicit
      // VR Little Endian here, before anything reads it: de-identification, storage and every
      // retrieval then see only Little Endian.
      const bigEndian = r.transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian;
      const dataset = bigEndian ? bigEndianToLittleEndian(r.dataset, this.config.limits.parse) : r.dataset;
      const transferSyntaxUid = bigEndian ? TransferSyntax.ExplicitVRLittleEndian : r.transferSyntaxUid;
      return this.ingest.ingestDataset(dataset, transferSyntaxUid, {
        via: 'dimse',
        callingAeTitle: r.association.callingAeTitle,
        associationId: r.association.id,
        settings: r.settings,
        affectedSopClassUid: r.affectedSopClassUid,
        affectedSopInstanceUid: r.affectedSopInstanceUid,
      });
    });
  }

  associationReleased(a: AssociationInfo): void {
    this.completion.associationReleased(a.id);
  }

  associationAborted(a: AssociationInfo): void {
    this.completion.associationAborted(a.id);
  }
}
