import { Inject, Injectable } from '@nestjs/common';
import type { RetrievalRow } from '@delineo/db';
import type { AppConfig } from '@delineo/config';
import { Dataset, Tag, TransferSyntax } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';
import {
  checkFrameNumbers,
  decodeFrame,
  encapsulatedFrames,
  encodeLossless,
  initImagingCodecs,
  isNativeSyntax,
  nativeFrame,
  readPixelModule,
  renderFrame,
  toNative,
  transcodeParsed,
  nativeBytes,
  type RenderOptions,
  type TranscodeLimits,
} from '@delineo/imaging';
import { CoreTokens } from '../core/core.tokens';
import { InflightBudget } from '../ingest/inflight-budget';
import { ArchiveReader } from './archive-reader.service';
import { parseBulkPath, resolve } from './bulkdata-path';
import { mapImagingErrors } from './imaging-error.mapper';
import type { Representation } from './wado-representations';

/**
 * Pixel work for WADO-RS: transcoding, frames, bulk data and rendering, one instance at a time in
 * memory. Decoded pixels of one instance are bounded by `limits.parse.maxInflatedBytes` (the most
 * one dataset may expand to in memory); beyond it the answer is 406 and `transfer-syntax=*` works.
 * Whole-instance decodes also hold their bytes in the in-flight budget shared with DIMSE and STOW
 * (`limits.inflightBytes`), so many retrievals at once wait rather than exhaust the heap.
 */
@Injectable()
export class WadoPixels {
  private readonly limits: TranscodeLimits;

  constructor(
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'limits'>,
    @Inject(InflightBudget) private readonly budget: InflightBudget,
  ) {
    this.limits = { maxDecodedBytes: config.limits.parse.maxInflatedBytes, parse: config.limits.parse };
  }

  /** The instance in the negotiated syntax; the stored bytes unchanged when that is the stored one. */
  async instance(row: RetrievalRow, rep: Representation): Promise<Buffer> {
    if (rep.transferSyntax === row.transferSyntaxUid) return this.reader.read(row);
    const parsed = await this.reader.parse(row);
    return mapImagingErrors(() =>
      this.within(decodedSize(parsed.dataset), () => transcodeParsed(parsed, rep.transferSyntax, this.limits)),
    );
  }

  /** Runs `fn` holding `bytes` of the shared in-flight budget; waits while it is used up. */
  private async within<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const hold = this.budget.hold();
    try {
      if (!hold.add(bytes)) await hold.ready();
      return await fn();
    } finally {
      hold.release();
    }
  }

  /** Frames (PS3.18 §10.4.1.1.3 frames): the stored bit stream, or decoded native stored values. */
  async frames(row: RetrievalRow, numbers: number[], rep: Representation): Promise<Buffer[]> {
    const { dataset, transferSyntaxUid } = await this.reader.parse(row);
    return mapImagingErrors(async () => {
      const pm = readPixelModule(dataset);
      checkFrameNumbers(numbers, pm);
      const native = isNativeSyntax(transferSyntaxUid);
      const streams = native ? [] : encapsulatedFrames(dataset, pm);
      if (!native && rep.transferSyntax === transferSyntaxUid) return numbers.map((n) => streams[n - 1]);
      await initImagingCodecs();
      const decoded = numbers.map((n) =>
        native ? nativeFrame(dataset, pm, n) : decodeFrame(streams[n - 1], transferSyntaxUid, pm).pixels,
      );
      if (rep.transferSyntax === TransferSyntax.ExplicitVRLittleEndian) return decoded;
      return decoded.map((frame) => encodeLossless(frame, pm, rep.transferSyntax));
    });
  }

  /** Bulk data (PS3.18 §10.4.1.1.4): Pixel Data as all its frames, any other value as its bytes. */
  async bulk(row: RetrievalRow, pathText: string, rep: Representation): Promise<Buffer[]> {
    const path = parseBulkPath(pathText);
    if (path.length === 1 && path[0] === Tag.PixelData) {
      const { dataset, transferSyntaxUid } = await this.reader.parse(row);
      return mapImagingErrors(async () => {
        if (rep.transferSyntax === transferSyntaxUid && !isNativeSyntax(transferSyntaxUid)) {
          return encapsulatedFrames(dataset, readPixelModule(dataset));
        }
        if (!isNativeSyntax(transferSyntaxUid)) await initImagingCodecs();
        return this.within(decodedSize(dataset), async () => {
          toNative(dataset, transferSyntaxUid, this.limits);
          return [dataset.get(Tag.PixelData)!.value!];
        });
      });
    }
    const el = resolve((await this.reader.parse(row)).dataset, path);
    if (!el?.value) throw new DicomWebError('dicomweb/not-found', 'no bulk data at that path');
    return [el.value];
  }

  /** One rendered frame; `middle` picks the middle frame (thumbnails, PS3.18 §10.4.1.1.5). */
  async render(row: RetrievalRow, opts: Omit<RenderOptions, 'frame'> & { frame: number | 'middle' }): Promise<Buffer> {
    const { dataset, transferSyntaxUid } = await this.reader.parse(row);
    return mapImagingErrors(() => {
      const frame = opts.frame === 'middle' ? Math.ceil(readPixelModule(dataset).frames / 2) : opts.frame;
      return renderFrame(dataset, transferSyntaxUid, { ...opts, frame });
    });
  }
}

/** Native pixel bytes a whole-instance decode allocates (0 without pixels: nothing to hold). */
function decodedSize(ds: Dataset): number {
  return ds.has(Tag.PixelData) && ds.number(Tag.Rows) && ds.number(Tag.Columns) ? nativeBytes(readPixelModule(ds)) : 0;
}
