import { Inject, Injectable } from '@nestjs/common';
import { QidoRepository, type RetrievalRow } from '@delineo/db';
import { parsePart10, Tag } from '@delineo/dicom';
import { DicomJsonObject, DicomWebError, toDicomJson } from '@delineo/dicomweb';
import type { ObjectStore } from '@delineo/storage';
import { CoreTokens } from '../core/core.tokens';
import { extractFrames } from './frames';

/** Read side of the de-identified archive for WADO-RS (PS3.18 §10.4). */
@Injectable()
export class ArchiveReader {
  constructor(
    @Inject(QidoRepository) private readonly qido: QidoRepository,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
  ) {}

  async instances(study: string, series?: string, sop?: string): Promise<RetrievalRow[]> {
    const rows = await this.qido.listInstancesForRetrieval(study, series, sop);
    if (rows.length === 0) throw new DicomWebError('dicomweb/not-found', 'no such study, series or instance');
    return rows;
  }

  read(row: RetrievalRow): Promise<Buffer> {
    return this.store.get(row.objectKey);
  }

  /** Metadata (PS3.18 §10.4.1.1.2): bulk pixel data by reference to the frames resource. */
  async metadata(rows: RetrievalRow[], base: string, study: string): Promise<DicomJsonObject[]> {
    const out: DicomJsonObject[] = [];
    for (const row of rows) {
      const { dataset } = parsePart10(await this.read(row));
      const url = `${base}/studies/${study}/series/${row.seriesInstanceUid}/instances/${row.sopInstanceUid}`;
      out.push(
        toDicomJson(dataset, {
          bulkDataUri: (tag, path) => (path.length === 0 && tag === Tag.PixelData ? `${url}/frames/1` : undefined),
        }),
      );
    }
    return out;
  }

  async frames(row: RetrievalRow, numbers: number[]): Promise<{ transferSyntaxUid: string; frames: Buffer[][] }> {
    const parsed = parsePart10(await this.read(row));
    return { transferSyntaxUid: parsed.transferSyntaxUid, frames: extractFrames(parsed.dataset, numbers) };
  }
}
