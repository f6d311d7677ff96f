import { Inject, Injectable } from '@nestjs/common';
import { QidoRepository } from '@delineo/db';
import { formatTag, keywordOf, Tag } from '@delineo/dicom';
import {
  defaultReturnTags,
  DicomJsonObject,
  parseQidoQuery,
  QidoLevel,
  QidoQuery,
  QueryParams,
} from '@delineo/dicomweb';
import { toQidoFilter } from './qido-filter.mapper';
import { instanceAttributes, seriesAttributes, studyAttributes } from './qido-json.mapper';
import { selectReturned } from './qido-response';

export interface QidoResult {
  body: DicomJsonObject[];
  /** Valid attributes given as matching keys that this archive does not match on (keywords). */
  ignored: string[];
  /** PS3.18 §8.3.4.4: Warning texts (299) the response must carry. */
  warnings: string[];
}

export const FUZZY_WARNING = 'The fuzzymatching parameter is not supported. Only literal matching has been performed.';
export const TRUNCATED_WARNING =
  'The number of results exceeded the maximum supported by the server. Additional results can be requested.';

/** QIDO-RS searches (PS3.18 §10.6) over the de-identified archive's index; C-FIND uses it as well. */
@Injectable()
export class QidoSearch {
  constructor(@Inject(QidoRepository) private readonly qido: QidoRepository) {}

  async search(
    level: QidoLevel,
    params: QueryParams,
    scope: { study?: string; series?: string },
    base: string,
  ): Promise<QidoResult> {
    const query = parseQidoQuery(level, params);
    const { filter, limit, capped } = toQidoFilter(query, scope);
    let held: DicomJsonObject[];
    if (level === 'studies') held = (await this.qido.searchStudies(filter)).map((r) => studyAttributes(r, base));
    else if (level === 'series')
      held = (await this.qido.searchSeries(filter)).map((r) => ({
        ...studyAttributes(r, base),
        ...seriesAttributes(r, base),
      }));
    else
      held = (await this.qido.searchInstances(filter)).map((r) => ({
        ...studyAttributes(r, base),
        ...seriesAttributes(r, base),
        ...instanceAttributes(r, base),
      }));
    const warnings: string[] = [];
    if (query.fuzzymatching) warnings.push(FUZZY_WARNING);
    if (capped && held.length > limit) warnings.push(TRUNCATED_WARNING);
    const context = contextTags(level, scope);
    const body = held.slice(0, limit).map((h) => selectReturned(query, h, context));
    return { body, ignored: ignoredKeywords(query), warnings };
  }
}

/** Upper-level keys each result names; the whole upper levels' defaults when not scoped to them. */
function contextTags(level: QidoLevel, scope: { study?: string; series?: string }): number[] {
  if (level === 'studies') return [];
  const tags = [Tag.StudyInstanceUID, ...(scope.study ? [] : defaultReturnTags('studies'))];
  if (level === 'instances') tags.push(Tag.SeriesInstanceUID, ...(scope.series ? [] : defaultReturnTags('series')));
  return tags;
}

function ignoredKeywords(q: QidoQuery): string[] {
  return q.ignored.map((t) => keywordOf(t) ?? formatTag(t));
}
