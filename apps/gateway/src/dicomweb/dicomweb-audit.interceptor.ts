import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { finalize, type Observable } from 'rxjs';
import { AuditService } from '../auth/audit.service';
import { actorOf, contextOf, type ContextRequest } from '../auth/principal';

/** One retrieval record per caller and study in this window: a viewer fetches hundreds of frames. */
const RETRIEVE_WINDOW_MS = 5 * 60_000;
const MAX_REMEMBERED = 10_000;

/**
 * Who read which de-identified study over DICOMweb (audit). Searches are recorded per request
 * (level, scope, status); retrievals once per caller, study and five minutes. Targets are
 * pseudonymized UIDs only. Written after the response, off the request's path.
 */
@Injectable()
export class DicomwebAuditInterceptor implements NestInterceptor {
  private readonly recent = new Map<string, number>();

  constructor(@Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<ContextRequest>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const search = ctx.getClass().name === 'QidoController';
    return next.handle().pipe(finalize(() => void this.record(req, res, search)));
  }

  private async record(req: ContextRequest, res: Response, search: boolean): Promise<void> {
    const context = contextOf(req);
    const study = typeof req.params.study === 'string' ? req.params.study : null;
    const outcome = res.statusCode < 400 ? 'success' : 'failure';
    if (!search) {
      const key = `${actorOf(context.principal).actorId}|${study}|${outcome}`;
      const now = Date.now();
      if ((this.recent.get(key) ?? 0) > now - RETRIEVE_WINDOW_MS) return;
      if (this.recent.size >= MAX_REMEMBERED) this.recent.clear();
      this.recent.set(key, now);
    }
    const route = (req as { route?: { path?: unknown } }).route?.path;
    await this.audit.record({
      action: search ? 'dicomweb.search' : 'dicomweb.retrieve',
      outcome,
      target: study,
      context,
      details: { resource: typeof route === 'string' ? route : 'unknown', status: res.statusCode },
    });
  }
}
