import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { parsePart10, Tag } from '@delineo/dicom';
import type { AppConfig } from '@delineo/config';
import {
  DicomWebError,
  FailureReason,
  isDicomPart,
  parseStowContentType,
  readMultipart,
  StowResponseBuilder,
  WarningReason,
} from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { AuditService } from '../auth/audit.service';
import { contextOf, type ContextRequest } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { codeOf } from '../errors/error-code';
import { IngestService } from '../ingest/ingest.service';
import { stowFailureReasonFor } from './stow-failure-reason';

/** STOW-RS (PS3.18 §10.5): one instance at a time off the stream, each answered individually. */
@ApiTags('DICOMweb')
@Controller('dicomweb')
export class StowController {
  constructor(
    @Inject(IngestService) private readonly ingest: IngestService,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'stow'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
  ) {}

  @Post(['studies', 'studies/:study'])
  @Allow(Access.dicomwebWrite)
  @ApiOperation({
    summary: 'Store instances (multipart/related; type="application/dicom"); needs a dicomweb:write token',
  })
  async store(@Req() req: ContextRequest, @Res() res: Response, @Param('study') study?: string): Promise<void> {
    const context = contextOf(req);
    const p = context.principal;
    const source = p?.kind === 'token' ? (p.source ?? undefined) : undefined;
    const { boundary } = parseStowContentType(req.headers['content-type']);
    const base = `${req.protocol}://${req.get('host')}/dicomweb`;
    const builder = new StowResponseBuilder();
    let parts = 0;
    try {
      for await (const part of readMultipart(req, boundary, { maxPartBytes: this.config.stow.maxPartBytes })) {
        parts++;
        if (!isDicomPart(part.headers)) {
          builder.addFailed({ failureReason: FailureReason.CannotUnderstand });
          continue;
        }
        await this.storeOne(part.body, builder, base, study, source);
      }
    } catch (err) {
      // A body that breaks mid-way: what was already stored stays acknowledged, the rest fails.
      if (parts === 0) throw err;
      builder.addFailed({ failureReason: FailureReason.CannotUnderstand });
    }
    if (parts === 0) throw new DicomWebError('dicomweb/malformed-multipart', 'request contained no parts');
    const out = builder.build();
    // The URL's study UID is the sender's ORIGINAL one: it never reaches the audit log.
    const counts = builder.counts();
    await this.audit.record({
      action: 'dicomweb.store',
      outcome: counts.failed === 0 ? 'success' : 'failure',
      context,
      details: { ...counts, source: source ?? null },
    });
    res.status(out.status).type('application/dicom+json').send(JSON.stringify(out.body));
  }

  private async storeOne(
    body: Buffer,
    builder: StowResponseBuilder,
    base: string,
    study: string | undefined,
    source: string | undefined,
  ): Promise<void> {
    try {
      const r = await this.ingest.ingestPart10(body, { via: 'stow', expectedStudyInstanceUid: study, source });
      // PS3.18 §10.5.3: the study's Retrieve URL must name the study as stored (pseudonymized).
      if (study) builder.setStudyRetrieveUrl(`${base}/studies/${r.studyInstanceUid}`);
      builder.addStored({
        sopClassUid: r.sopClassUid,
        sopInstanceUid: r.sopInstanceUid,
        retrieveUrl: `${base}/studies/${r.studyInstanceUid}/series/${r.seriesInstanceUid}/instances/${r.sopInstanceUid}`,
        // PS3.18 Table I.2-1 B000: what we store differs from what was sent (it is de-identified).
        warningReason: WarningReason.CoercionOfDataElements,
      });
    } catch (err) {
      // The failed item echoes the sender's own UIDs back to the sender only; nothing is persisted.
      const uids = sentUids(body);
      builder.addFailed({ ...uids, failureReason: stowFailureReasonFor(codeOf(err)) });
    }
  }
}

function sentUids(body: Buffer): { sopClassUid?: string; sopInstanceUid?: string } {
  try {
    const ds = parsePart10(body).dataset;
    return { sopClassUid: ds.string(Tag.SOPClassUID), sopInstanceUid: ds.string(Tag.SOPInstanceUID) };
  } catch {
    return {};
  }
}
