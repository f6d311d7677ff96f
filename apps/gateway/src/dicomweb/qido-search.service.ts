import { Inject, Injectable } from '@nestjs/common';
import { QidoRepository } from '@delineo/db';
import { DicomJsonObject, parseQidoQuery, QidoLevel, QueryParams } from '@delineo/dicomweb';
import { toQidoFilter } from './qido-filter.mapper';
import { instanceJson, seriesJson, studyJson } from './qido-json.mapper';

/** QIDO-RS searches (PS3.18 §10.6) over the de-identified archive's index. */
@Injectable()
export class QidoSearch {
  constructor(@Inject(QidoRepository) private readonly qido: QidoRepository) {}

  async search(level: QidoLevel, params: QueryParams, scope: { study?: string; series?: string }, base: string) {
    const query = parseQidoQuery(level, params);
    const { filter, ignored } = toQidoFilter(query, scope);
    let body: DicomJsonObject[];
    if (level === 'studies') body = (await this.qido.searchStudies(filter)).map((r) => studyJson(r, base));
    else if (level === 'series') body = (await this.qido.searchSeries(filter)).map((r) => seriesJson(r, base));
    else body = (await this.qido.searchInstances(filter)).map((r) => instanceJson(r, base));
    return { body, ignored };
  }
}
