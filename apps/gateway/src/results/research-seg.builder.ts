import { Inject, Injectable } from '@nestjs/common';
import { ArchiveRepository, type SeriesEntity } from '@delineo/db';
import { Dataset, keyedUid, parsePart10, Tag } from '@delineo/dicom';
import { workKeys } from '@delineo/jobs';
import { ModelRegistry } from '@delineo/models';
import { encodeSeg, type SegGeometry } from '@delineo/seg';
import type { ObjectStore } from '@delineo/storage';
import { decodeNifti } from '@delineo/volume';
import { CoreTokens } from '../core/core.tokens';

/** The pseudonymized research copy's key; it is kept, unlike the re-identified one. */
export const researchSegKey = (seriesId: string, generation: number): string =>
  `results/${seriesId}/${generation}/seg.dcm`;

/**
 * SEG UIDs are keyed on series + generation, so every retry and every destination sends the SAME
 * SOP instance (idempotent at the PACS), and a re-run (new generation) is a new one.
 */
export const segUids = (key: Buffer, seriesId: string, generation: number, variant: 'research' | 'delivered') => ({
  seriesInstanceUid: keyedUid(key, `seg-series/${variant}/${seriesId}/${generation}`),
  sopInstanceUid: keyedUid(key, `seg-instance/${variant}/${seriesId}/${generation}`),
});

/**
 * Builds the DICOM SEG of a segmented series from de-identified inputs only: the label map the
 * worker wrote, the slice sources recorded at dispatch, and the archived (de-identified) source
 * headers. Its dates are the pseudonymized study's (shifted), never the real clock. A SEG already
 * stored for this generation is returned as it is, so a retry registers the same bytes.
 */
@Injectable()
export class ResearchSegBuilder {
  constructor(
    @Inject(ArchiveRepository) private readonly archive: Pick<ArchiveRepository, 'instancesOf'>,
    @Inject(CoreTokens.ObjectStore) private readonly store: ObjectStore,
    @Inject(ModelRegistry) private readonly registry: Pick<ModelRegistry, 'get'>,
    @Inject(CoreTokens.ProjectKey) private readonly projectKey: Buffer,
  ) {}

  async build(series: SeriesEntity): Promise<Buffer> {
    const key = researchSegKey(series.id, series.generation);
    if (await this.store.head(key)) return this.store.get(key);
    const work = workKeys(series.id, series.generation);
    const [labelsNii, sourcesJson] = await Promise.all([this.store.get(work.labels), this.store.get(work.sources)]);
    const geometry = JSON.parse(sourcesJson.toString('utf8')) as SegGeometry;
    const labelMap = Uint8Array.from(decodeNifti(labelsNii).data);
    const rows = await this.archive.instancesOf(series.id);
    const headers = await Promise.all(rows.map(async (r) => parsePart10(await this.store.get(r.objectKey)).dataset));
    const model = this.registry.get(series.segmentation?.modelId ?? series.route!.modelId);
    const first =
      headers.find((h) => geometry.sources.some((s) => s.sopInstanceUid === h.string(Tag.SOPInstanceUID))) ??
      headers[0];
    const seg = encodeSeg({
      geometry,
      labelMap,
      labels: model.manifest.labels,
      sourceHeaders: [first, ...headers.filter((h) => h !== first)],
      algorithm: { name: model.manifest.name, version: model.manifest.version },
      options: {
        ...segUids(this.projectKey, series.id, series.generation, 'research'),
        seriesDescription: `Delineo ${model.manifest.id}`.slice(0, 64),
        contentLabel: 'DELINEO',
        now: shiftedClock(first),
      },
    });
    return seg.part10;
  }
}

/** The (date-shifted) study date of the de-identified source, so no real date enters the copy. */
function shiftedClock(ds: Dataset): Date {
  const d = ds.string(Tag.StudyDate);
  return d && /^\d{8}$/.test(d)
    ? new Date(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8)))
    : new Date(0);
}
