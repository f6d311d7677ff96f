import { dictionaryVr, formatTag } from '@delineo/dicom';
import { returnAttributes, type DicomJsonObject, type QidoQuery } from '@delineo/dicomweb';

/**
 * The attributes one result carries (PS3.18 §10.6.3.3): for `includefield=all` everything the
 * archive holds at the levels searched; otherwise the level's required return attributes,
 * includefield and the matching keys. A requested attribute the archive holds no value for is
 * answered present and empty, as a C-FIND response answers an unmatched return key (PS3.4
 * §C.4.1.1.3.2): e.g. ReferringPhysicianName, which de-identification empties. `context` adds
 * the held attributes of the levels above (PS3.18 §10.6.3.3.2, e.g. the StudyInstanceUID of a series).
 */
export function selectReturned(query: QidoQuery, held: DicomJsonObject, context: number[]): DicomJsonObject {
  const wanted = returnAttributes(query);
  if (wanted === 'all') return sortByTag(held);
  const out: DicomJsonObject = {};
  for (const tag of context) {
    const key = formatTag(tag);
    if (held[key]) out[key] = held[key];
  }
  for (const tag of wanted) {
    const key = formatTag(tag);
    out[key] = held[key] ?? { vr: dictionaryVr(tag) };
  }
  return sortByTag(out);
}

function sortByTag(o: DicomJsonObject): DicomJsonObject {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
