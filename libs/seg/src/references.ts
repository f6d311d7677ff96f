import { Dataset, isValidUid } from '@delineo/dicom';
import { codeItem, DCM, item, Text } from './dataset-build';
import { SegError } from './errors';
import { SegTag } from './tags';
import type { SegGeometry } from './types';

export interface SourceRef {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Only for multi-frame sources: Referenced Frame Number is 1C on that condition (PS3.3 §10.3). */
  frameNumber?: number;
}

export interface SourceIndex {
  /** The source frame of each slice k. */
  slices: SourceRef[];
  /** Distinct referenced instances per series, in slice order (Common Instance Reference, §C.12.2). */
  series: Map<string, SourceRef[]>;
}

interface HeaderFacts {
  sopClassUid?: string;
  seriesUid?: string;
  frames: number;
}

function facts(headers: readonly Dataset[]): Map<string, HeaderFacts> {
  const [rep] = headers;
  const study = rep.string(SegTag.StudyInstanceUID);
  const frameOfReference = rep.string(SegTag.FrameOfReferenceUID);
  const out = new Map<string, HeaderFacts>();
  headers.forEach((h, i) => {
    const otherStudy = h.string(SegTag.StudyInstanceUID);
    const otherFor = h.string(SegTag.FrameOfReferenceUID);
    if ((otherStudy && otherStudy !== study) || (otherFor && frameOfReference && otherFor !== frameOfReference)) {
      throw new SegError(
        'seg/inconsistent-sources',
        `source header ${i} belongs to another Study or Frame of Reference`,
      );
    }
    const uid = h.string(SegTag.SOPInstanceUID);
    if (uid) {
      out.set(uid, {
        sopClassUid: h.string(SegTag.SOPClassUID),
        seriesUid: h.string(SegTag.SeriesInstanceUID),
        frames: h.number(SegTag.NumberOfFrames) ?? 1,
      });
    }
  });
  return out;
}

/** Resolves every slice's source frame to a SOP Class, Series and (for multi-frame) frame number. */
export function indexSources(geometry: SegGeometry, headers: readonly Dataset[]): SourceIndex {
  if (headers.length === 0) throw new SegError('seg/missing-sources', 'no source header given');
  if (geometry.sources.length !== geometry.dims[2]) {
    throw new SegError(
      'seg/missing-sources',
      `${geometry.sources.length} slice sources for ${geometry.dims[2]} slices`,
    );
  }
  const known = facts(headers);
  const rep = headers[0];
  const uses = new Map<string, number>();
  for (const s of geometry.sources) uses.set(s.sopInstanceUid, (uses.get(s.sopInstanceUid) ?? 0) + 1);
  const slices: SourceRef[] = [];
  const series = new Map<string, SourceRef[]>();
  const seen = new Set<string>();
  geometry.sources.forEach((s, k) => {
    if (!isValidUid(s.sopInstanceUid))
      throw new SegError('seg/missing-sources', `slice ${k} has no valid SOP Instance UID`);
    const f = known.get(s.sopInstanceUid);
    const sopClassUid = f?.sopClassUid ?? rep.string(SegTag.SOPClassUID);
    const seriesUid = f?.seriesUid ?? rep.string(SegTag.SeriesInstanceUID);
    if (!sopClassUid || !seriesUid) {
      throw new SegError(
        'seg/missing-source-attribute',
        `no SOPClassUID or SeriesInstanceUID known for the source of slice ${k}`,
      );
    }
    const multi = (f?.frames ?? 1) > 1 || (uses.get(s.sopInstanceUid) ?? 0) > 1 || s.frameNumber > 1;
    slices.push({ sopClassUid, sopInstanceUid: s.sopInstanceUid, ...(multi ? { frameNumber: s.frameNumber } : {}) });
    if (seen.has(s.sopInstanceUid)) return;
    seen.add(s.sopInstanceUid);
    if (!series.has(seriesUid)) series.set(seriesUid, []);
    series.get(seriesUid)!.push({ sopClassUid, sopInstanceUid: s.sopInstanceUid });
  });
  return { slices, series };
}

/** Source Image Sequence item of the Derivation Image Macro (PS3.3 §C.7.6.16.2.6, Table 10-3). */
export function sourceImageItem(ref: SourceRef, text: Text): Dataset {
  return item((d) => {
    d.setString(SegTag.ReferencedSOPClassUID, 'UI', ref.sopClassUid);
    d.setString(SegTag.ReferencedSOPInstanceUID, 'UI', ref.sopInstanceUid);
    if (ref.frameNumber !== undefined) d.setString(SegTag.ReferencedFrameNumber, 'IS', String(ref.frameNumber));
    d.setString(SegTag.SpatialLocationsPreserved, 'CS', 'YES');
    d.setSequence(SegTag.PurposeOfReferenceCodeSequence, [
      codeItem(DCM('121322', 'Source image for image processing operation'), text),
    ]);
  });
}

/** Referenced Series Sequence of the Common Instance Reference Module (PS3.3 §C.12.2). */
export function referencedSeriesSequence(series: Map<string, SourceRef[]>): Dataset[] {
  return [...series].map(([seriesUid, refs]) =>
    item((d) => {
      d.setString(SegTag.SeriesInstanceUID, 'UI', seriesUid);
      d.setSequence(
        SegTag.ReferencedInstanceSequence,
        refs.map((r) =>
          item((i) => {
            i.setString(SegTag.ReferencedSOPClassUID, 'UI', r.sopClassUid);
            i.setString(SegTag.ReferencedSOPInstanceUID, 'UI', r.sopInstanceUid);
          }),
        ),
      );
    }),
  );
}
