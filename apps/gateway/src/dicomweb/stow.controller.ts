import { Controller, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AppConfig } from '@delineo/config';
import {
  APPLICATION_DICOM_JSON,
  DicomWebError,
  FailureReason,
  isDicomPart,
  isDicomWebError,
  parseStowContentType,
  readMultipart,
  StowResponseBuilder,
  type MultipartPart,
} from '@delineo/dicomweb';
import { Access, Allow } from '../auth/access.decorator';
import { AuditService } from '../auth/audit.service';
import { contextOf, type ContextRequest } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { closeAfterAnswer } from './lingering-close';
import { DicomwebBase } from './public-base';
import { StowAdmission, type StowTicket } from './stow-admission';
import { continueAdmitted } from './stow-continue';
import { StowIngest, type Receipt } from './stow-ingest';
import { receiveDicomJson } from './stow-json';
import { sendDicomJson } from './dicom-json';

/**
 * STOW-RS (PS3.18 §10.5): Part 10 instances one at a time off the stream, or DICOM JSON metadata
 * with its bulk data (stow-json.ts); each instance answered individually. The request is admitted
 * or refused before its body is read (StowAdmission); the body is then read only as fast as the
 * shared in-flight budget allows.
 */
@ApiTags('DICOMweb')
@Controller('dicomweb')
export class StowController {
  constructor(
    @Inject(StowIngest) private readonly ingest: StowIngest,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'stow'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(StowAdmission) private readonly admission: Pick<StowAdmission, 'admit'>,
    @Inject(DicomwebBase) private readonly base: Pick<DicomwebBase, 'of'>,
  ) {}

  @Post(['studies', 'studies/:study'])
  @Allow(Access.dicomwebWrite)
  @ApiOperation({
    summary:
      'Store instances (multipart/related; type="application/dicom", or type="application/dicom+json" with bulk data parts); needs a dicomweb:write token',
  })
  async store(@Req() req: ContextRequest, @Res() res: Response, @Param('study') study?: string): Promise<void> {
    try {
      const { boundary, type } = parseStowContentType(req.headers['content-type']);
      const ticket = this.admission.admit(req.headers['content-length']);
      const p = contextOf(req).principal;
      const source = p?.kind === 'token' ? (p.source ?? undefined) : undefined;
      const receipt: Receipt = { builder: new StowResponseBuilder(), base: this.base.of(req), study, source };
      let ended = false;
      try {
        continueAdmitted(req, res);
        const parts = this.parts(req, boundary, ticket);
        if (type === APPLICATION_DICOM_JSON) {
          const url = `${receipt.base}/studies${study ? `/${encodeURIComponent(study)}` : ''}`;
          await receiveDicomJson(parts, ticket, receipt, this.ingest, url);
        } else await this.receive(parts, ticket, receipt);
        ended = true;
      } finally {
        ticket.release();
        await this.record(req, receipt, ended);
      }
      const out = receipt.builder.build();
      sendDicomJson(res, out.status, out.body);
    } catch (err) {
      // A refusal can leave the body unread: the connection is closed rather than reused.
      if (!req.complete) closeAfterAnswer(req, res);
      // RFC 9110 §10.2.3: when a sender refused for load may try again.
      if (isDicomWebError(err) && err.code === 'dicomweb/busy') {
        res.setHeader('Retry-After', String(this.config.stow.retryAfterSeconds));
      }
      throw err;
    }
  }

  private parts(req: ContextRequest, boundary: string, ticket: StowTicket): AsyncGenerator<MultipartPart> {
    const { maxPartBytes, maxRequestBytes } = this.config.stow;
    // Not destroyed when reading stops early: the socket must stay open to carry the answer.
    const body = req.iterator({ destroyOnReturn: false });
    return readMultipart(body, boundary, { maxPartBytes, maxBodyBytes: maxRequestBytes, onBytes: ticket.onBytes });
  }

  private async receive(parts: AsyncGenerator<MultipartPart>, ticket: StowTicket, r: Receipt): Promise<void> {
    let count = 0;
    try {
      for await (const part of parts) {
        count++;
        if (isDicomPart(part.headers)) await this.ingest.part10(part.body, r);
        else r.builder.addFailed({ failureReason: FailureReason.CannotUnderstand });
        ticket.settle();
      }
    } catch (err) {
      // A body that breaks mid-way: what was already stored stays acknowledged, the rest fails. A
      // request over its size cap is refused as a whole (413) even then: the sender must split it,
      // and a 202 might read as done. What it stored stays stored; sent again, it is stored once.
      const tooLarge = isDicomWebError(err) && err.code === 'dicomweb/request-too-large';
      if (count === 0 || tooLarge) throw err;
      r.builder.addFailed({ failureReason: FailureReason.CannotUnderstand });
    }
    if (count === 0) throw new DicomWebError('dicomweb/malformed-multipart', 'request contained no parts');
  }

  /** Every request that got as far as a part is audited, with its counts. */
  private async record(req: ContextRequest, r: Receipt, ended: boolean): Promise<void> {
    const counts = r.builder.counts();
    if (counts.stored + counts.failed === 0) return;
    // The URL's study UID is the sender's ORIGINAL one: it never reaches the audit log.
    await this.audit.record({
      action: 'dicomweb.store',
      outcome: ended && counts.failed === 0 ? 'success' : 'failure',
      context: contextOf(req),
      details: { ...counts, source: r.source ?? null },
    });
  }
}
