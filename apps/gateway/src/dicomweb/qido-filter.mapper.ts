import type { QidoFilter, QidoInstanceKey } from '@delineo/db';
import { DicomWebError, type QidoMatch, type QidoQuery } from '@delineo/dicomweb';

const COLUMN_KEYS = new Set<string>([
  'StudyInstanceUID',
  'PatientID',
  'StudyDate',
  'StudyTime',
  'AccessionNumber',
  'StudyDescription',
  'ModalitiesInStudy',
  'SeriesInstanceUID',
  'Modality',
  'SeriesNumber',
  'SeriesDescription',
  'BodyPartExamined',
  'SOPInstanceUID',
  'SOPClassUID',
  'InstanceNumber',
]);

/**
 * Translates parsed QIDO matches into the archive's filter. PatientName is answered from the
 * pseudonymous PatientID (de-identification sets both to the same pseudonym). Keys the archive does
 * not index are returned in `ignored` so the controller can warn (PS3.18 §8.3.4.4).
 */
export function toQidoFilter(
  q: QidoQuery,
  scope: { study?: string; series?: string },
): {
  filter: QidoFilter<QidoInstanceKey>;
  ignored: string[];
} {
  const filter: QidoFilter<QidoInstanceKey> = {
    equals: {},
    like: {},
    limit: Math.min(q.limit ?? 1000, 1000),
    offset: q.offset,
    studyInstanceUid: scope.study,
    seriesInstanceUid: scope.series,
  };
  const ignored: string[] = [];
  for (const m of q.matches) {
    const key = (m.keyword === 'PatientName' ? 'PatientID' : m.keyword) as QidoInstanceKey;
    if (!COLUMN_KEYS.has(key)) {
      ignored.push(m.keyword);
      continue;
    }
    apply(filter, key, m);
  }
  return { filter, ignored };
}

function apply(filter: QidoFilter<QidoInstanceKey>, key: QidoInstanceKey, m: QidoMatch): void {
  // ModalitiesInStudy (PS3.4 C.6.1.1.2) matches a study with a series of any modality listed: libs/db
  // answers `equals` with an EXISTS over the study's series. It has no wildcard matching there, so a
  // wildcard is the client's error (400), never a query the database refuses (which was a 500:
  // OHIF's Modality filter sends ModalitiesInStudy=CT).
  if (key === 'ModalitiesInStudy' && m.kind === 'wildcard') {
    throw new DicomWebError('dicomweb/bad-query', 'ModalitiesInStudy takes a modality or a list, not a wildcard');
  }
  switch (m.kind) {
    case 'single':
      filter.equals![key] = m.value;
      break;
    case 'list':
    case 'uid-list':
      filter.equals![key] = m.values;
      break;
    case 'wildcard':
      filter.like![key] = m.value;
      break;
    case 'range':
      if (key === 'StudyDate') filter.dateRange = { column: 'StudyDate', from: m.from, to: m.to };
      break;
  }
}
