import { Inject, Injectable } from '@nestjs/common';
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
  ) {}

  async store(r: StoreRequest): Promise<void> {
    await this.gate.run(() =>
      this.ingest.ingestDataset(r.dataset, r.transferSyntaxUid, {
        via: 'dimse',
        callingAeTitle: r.association.callingAeTitle,
        associationId: r.association.id,
        affectedSopClassUid: r.affectedSopClassUid,
        affectedSopInstanceUid: r.affectedSopInstanceUid,
      }),
    );
  }

  associationReleased(a: AssociationInfo): void {
    this.completion.associationReleased(a.id);
  }

  associationAborted(a: AssociationInfo): void {
    this.completion.associationAborted(a.id);
  }
}
