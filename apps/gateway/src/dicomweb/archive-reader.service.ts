import { Inject, Injectable } from '@nestjs/common';
import { QidoRepository, type RetrievalRow } from '@delineo/db';
import type { AppConfig } from '@delineo/config';
import { parsePart10, type ParsedPart10 } from '@delineo/dicom';
import { DicomJsonObject, DicomWebError, toDicomJson } from '@delineo/dicomweb';
import type { ObjectStore } from '@delineo/storage';
import { CoreTokens } from '../core/core.tokens';
import { bulkDataUriFor } from './bulkdata-path';

/** Read side of the de-identified archive for WADO-RS (PS3.18 §10.4). */
@Injectable()
export class ArchiveReader {
  constructor(
    @Inject(QidoRepository) private readonly qido: QidoRepository,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'limits'>,
  ) {}

  async instances(study: string, series?: string, sop?: string): Promise<RetrievalRow[]> {
    const rows = await this.qido.listInstancesForRetrieval(study, series, sop);
    if (rows.length === 0) throw new DicomWebError('dicomweb/not-found', 'no such study, series or instance');
    return rows;
  }

  read(row: RetrievalRow): Promise<Buffer> {
    return this.store.get(row.objectKey);
  }

  async parse(row: RetrievalRow): Promise<ParsedPart10> {
    return parsePart10(await this.read(row), this.config.limits.parse);
  }

  /** Metadata (PS3.18 §10.4.1.1.2): bulk values by reference to the bulkdata resource (§10.4.1.1.4). */
  async metadata(rows: RetrievalRow[], base: string, study: string): Promise<DicomJsonObject[]> {
    const out: DicomJsonObject[] = [];
    for (const row of rows) {
      const { dataset } = await this.parse(row);
      const url = `${base}/studies/${study}/series/${row.seriesInstanceUid}/instances/${row.sopInstanceUid}`;
      out.push(toDicomJson(dataset, { bulkDataUri: (tag, path) => bulkDataUriFor(dataset, url, tag, path) }));
    }
    return out;
  }
}
