import { formatTag } from '@delineo/dicom';
import { dicomJsonAttribute, type DicomJsonObject } from '@delineo/dicomweb';
import type { QrIdentifier } from './qr-identifier';
import { type FindPlan, planFind } from './qr-find-plan';
import type { QrArchive } from './qr.port';

/** QIDO-RS answers at most this many matches per search; C-FIND pages through all of them. */
const PAGE = 1000;
/** A C-FIND is answered in full; this bounds one that matches the whole archive. */
const MAX_PAGES = 1000;

const T = {
  PatientID: 0x00100020,
  NumberOfStudyRelatedSeries: 0x00201206,
  NumberOfStudyRelatedInstances: 0x00201208,
  NumberOfPatientRelatedStudies: 0x00201200,
  NumberOfPatientRelatedSeries: 0x00201202,
  NumberOfPatientRelatedInstances: 0x00201204,
};

export interface FindRun {
  plan: FindPlan;
  /** The matches, as DICOM JSON objects, in the archive's order; stops early when `cancelled()`. */
  matches(cancelled: () => boolean): AsyncGenerator<DicomJsonObject>;
}

export function runFind(archive: QrArchive, id: QrIdentifier): FindRun {
  const plan = planFind(id);
  const pages = async function* (cancelled: () => boolean): AsyncGenerator<DicomJsonObject> {
    for (let page = 0; page < MAX_PAGES && !cancelled(); page++) {
      const params = { ...plan.params, limit: String(PAGE), offset: String(page * PAGE) };
      const { body, ignored } = await archive.search(plan.qidoLevel, params, plan.scope);
      // QIDO-RS names the keys it could not match on: the pending status says so (0xFF01).
      for (const k of ignored) if (!plan.unsupported.includes(k)) plan.unsupported.push(k);
      if (body.length === 0) return;
      for (const m of body) {
        if (cancelled()) return;
        yield m;
      }
    }
  };
  return {
    plan,
    matches: id.level === 'PATIENT' ? (c) => patients(pages(c), c) : pages,
  };
}

/**
 * PS3.4 C.6.1.1.2: a patient is the studies sharing one (pseudonymous) PatientID. The archive has
 * no patient search of its own, so the study matches are grouped, and the patient-level counts
 * summed from the studies' counts.
 */
async function* patients(
  studies: AsyncGenerator<DicomJsonObject>,
  cancelled: () => boolean,
): AsyncGenerator<DicomJsonObject> {
  const byPatient = new Map<string, { first: DicomJsonObject; studies: number; series: number; instances: number }>();
  for await (const s of studies) {
    const pid = String(s[formatTag(T.PatientID)]?.Value?.[0] ?? '');
    const p = byPatient.get(pid) ?? { first: s, studies: 0, series: 0, instances: 0 };
    p.studies += 1;
    p.series += num(s, T.NumberOfStudyRelatedSeries);
    p.instances += num(s, T.NumberOfStudyRelatedInstances);
    byPatient.set(pid, p);
  }
  for (const p of byPatient.values()) {
    if (cancelled()) return;
    yield {
      ...p.first,
      ...dicomJsonAttribute(T.NumberOfPatientRelatedStudies, 'IS', [p.studies]),
      ...dicomJsonAttribute(T.NumberOfPatientRelatedSeries, 'IS', [p.series]),
      ...dicomJsonAttribute(T.NumberOfPatientRelatedInstances, 'IS', [p.instances]),
    };
  }
}

function num(o: DicomJsonObject, tag: number): number {
  const v = Number(o[formatTag(tag)]?.Value?.[0] ?? 0);
  return Number.isFinite(v) ? v : 0;
}
