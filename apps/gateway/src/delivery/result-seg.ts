import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ArchiveRepository, InstanceEntity, type SeriesEntity } from '@delineo/db';
import { Dataset, keyedUid, parsePart10, Tag, TransferSyntax } from '@delineo/dicom';
import { workKeys } from '@delineo/jobs';
import type { ModelRegistry } from '@delineo/models';
import { encodeSeg, type SegGeometry } from '@delineo/seg';
import type { ObjectStore } from '@delineo/storage';
import { decodeNifti } from '@delineo/volume';
import { toNewInstanceInput } from '../ingest/instance-row.mapper';

export interface ResultSegDeps {
  ds: DataSource;
  store: ObjectStore;
  registry: ModelRegistry;
  projectKey: Buffer;
}

/** The pseudonymized research copy's key; it is kept, unlike the re-identified one. */
export const researchSegKey = (seriesId: string, generation: number): string => `results/${seriesId}/${generation}/seg.dcm`;

/**
 * SEG UIDs are keyed on series + generation, so every retry and every destination sends the SAME
 * SOP instance (idempotent at the PACS), and a re-run (new generation) is a new one.
 */
export const segUids = (key: Buffer, seriesId: string, generation: number, variant: 'research' | 'delivered') => ({
  seriesInstanceUid: keyedUid(key, `seg-series/${variant}/${seriesId}/${generation}`),
  sopInstanceUid: keyedUid(key, `seg-instance/${variant}/${seriesId}/${generation}`),
});

/**
 * Builds (once) the DICOM SEG of a segmented series from de-identified inputs only: the label map
 * the worker wrote, the slice sources recorded at dispatch, and the archived (de-identified)
 * source headers. Its dates are the pseudonymized study's (shifted), never the real clock.
 */
export async function researchSeg(deps: ResultSegDeps, series: SeriesEntity): Promise<Buffer> {
  const key = researchSegKey(series.id, series.generation);
  if (await deps.store.head(key)) return deps.store.get(key);
  const work = workKeys(series.id, series.generation);
  const [labelsNii, sourcesJson] = await Promise.all([deps.store.get(work.labels), deps.store.get(work.sources)]);
  const geometry = JSON.parse(sourcesJson.toString('utf8')) as SegGeometry;
  const labels = decodeNifti(labelsNii);
  const labelMap = Uint8Array.from(labels.data);
  const rows = await deps.ds.manager.find(InstanceEntity, { where: { seriesId: series.id }, select: { id: true, objectKey: true } });
  const headers = await Promise.all(rows.map(async (r) => parsePart10(await deps.store.get(r.objectKey)).dataset));
  const model = deps.registry.get(series.segmentation?.modelId ?? series.route!.modelId);
  const first = headers.find((h) => geometry.sources.some((s) => s.sopInstanceUid === h.string(Tag.SOPInstanceUID))) ?? headers[0];
  const seg = encodeSeg({
    geometry, labelMap, labels: model.manifest.labels,
    sourceHeaders: [first, ...headers.filter((h) => h !== first)],
    algorithm: { name: model.manifest.name, version: model.manifest.version },
    options: {
      ...segUids(deps.projectKey, series.id, series.generation, 'research'),
      seriesDescription: `Delineo ${model.manifest.id}`.slice(0, 64), contentLabel: 'DELINEO', now: shiftedClock(first),
    },
  });
  await deps.store.put(key, seg.part10, { contentType: 'application/dicom' });
  return seg.part10;
}

/**
 * The research SEG joins the de-identified archive as its own series in the pseudonymized study,
 * so QIDO-RS lists it and WADO-RS serves it (OHIF shows the overlay on the research copy). It has
 * no vault record: nothing in it was ever identifying. Idempotent (an identical re-send): when a
 * crash falls between storing the object and this row, the reconciler's next schedule of a series
 * with destinations adds it; a series without destinations then lacks only its QIDO listing.
 */
export async function registerResearchSeg(ds: DataSource, series: SeriesEntity, part10: Buffer): Promise<void> {
  const objectKey = researchSegKey(series.id, series.generation);
  const dataset = parsePart10(part10).dataset;
  const uid = (tag: number) => dataset.string(tag)!;
  const input = toNewInstanceInput({
    pseudonyms: { patientId: uid(Tag.PatientID), studyInstanceUid: uid(Tag.StudyInstanceUID), seriesInstanceUid: uid(Tag.SeriesInstanceUID), sopInstanceUid: uid(Tag.SOPInstanceUID) },
    deidentified: dataset, transferSyntaxUid: TransferSyntax.ExplicitVRLittleEndian, sizeBytes: part10.length,
    sha256: createHash('sha256').update(part10).digest('hex'), objectKey, receivedVia: 'derived',
  });
  const archive = new ArchiveRepository(ds);
  await ds.transaction((em) => archive.upsertInstance(em, input));
}

/** The (date-shifted) study date of the de-identified source, so no real date enters the copy. */
function shiftedClock(ds: Dataset): Date {
  const d = ds.string(Tag.StudyDate);
  return d && /^\d{8}$/.test(d) ? new Date(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) : new Date(0);
}
