import type { RetrievalRow } from '@delineo/db';
import { formatTag } from '@delineo/dicom';
import type { QidoLevel } from '@delineo/dicomweb';
import { type QrIdentifier, uidsOf } from './qr-identifier';
import { QrError } from './qr-status';
import type { QrArchive } from './qr.port';

const STUDY_UID = formatTag(0x0020000d);

/**
 * The instances a C-MOVE or C-GET identifier names (PS3.4 C.4.2.2.1 / C.4.3.2.1): the unique key of
 * the retrieve level (a list of UIDs allowed) and, below the top, the unique keys above it.
 * PATIENT (Patient Root) retrieves every study of the pseudonymous PatientID. A study or series
 * given without its parent is looked up in the index, as a relational retrieve would.
 */
export async function resolveInstances(archive: QrArchive, id: QrIdentifier): Promise<RetrievalRow[]> {
  const need = (keyword: string): string[] => {
    const uids = uidsOf(id, keyword);
    if (uids.length === 0) throw new QrError('qr/missing-unique-key', `${keyword} is required at ${id.level} level`);
    return uids;
  };
  const rows: RetrievalRow[] = [];
  switch (id.level) {
    case 'PATIENT':
      for (const pid of need('PatientID'))
        for (const study of await studiesWhere(archive, 'studies', { PatientID: pid }))
          rows.push(...(await archive.instances(study)));
      return rows;
    case 'STUDY':
      for (const study of need('StudyInstanceUID')) rows.push(...(await archive.instances(study)));
      return rows;
    case 'SERIES':
      for (const series of need('SeriesInstanceUID'))
        for (const study of await parents(archive, id, 'series', { SeriesInstanceUID: series }))
          rows.push(...(await archive.instances(study, series)));
      return rows;
    case 'IMAGE': {
      const series = uidsOf(id, 'SeriesInstanceUID')[0];
      for (const sop of need('SOPInstanceUID'))
        for (const study of await parents(archive, id, 'instances', { SOPInstanceUID: sop }))
          rows.push(...(await archive.instances(study, series, sop)));
      return rows;
    }
  }
}

async function parents(
  archive: QrArchive,
  id: QrIdentifier,
  level: QidoLevel,
  params: Record<string, string>,
): Promise<string[]> {
  const given = uidsOf(id, 'StudyInstanceUID');
  return given.length > 0 ? given : studiesWhere(archive, level, params);
}

async function studiesWhere(archive: QrArchive, level: QidoLevel, params: Record<string, string>): Promise<string[]> {
  const found = new Set<string>();
  for (let offset = 0; ; offset += 1000) {
    const { body } = await archive.search(level, { ...params, limit: '1000', offset: String(offset) }, {});
    for (const m of body) found.add(String(m[STUDY_UID]?.Value?.[0] ?? ''));
    if (body.length === 0 || offset > 1_000_000) break;
  }
  found.delete('');
  return [...found];
}
