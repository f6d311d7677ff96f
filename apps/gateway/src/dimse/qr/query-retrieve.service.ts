import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings, type AppConfig } from '@delineo/config';
import type { RetrievalRow } from '@delineo/db';
import type { QidoLevel, QueryParams } from '@delineo/dicomweb';
import { AuditService } from '../../auth/audit.service';
import { CoreTokens } from '../../core/core.tokens';
import { senderOptions } from '../../delivery/sender-options';
import { ArchiveReader } from '../../dicomweb/archive-reader.service';
import { QidoSearch } from '../../dicomweb/qido-search.service';
import type { MoveDestination, QrArchive, QrAuditEvent } from './qr.port';
import { QrStatus } from './qr-status';

/** Everything the DIMSE listener hands each association's Q/R service. */
export interface QrWiring {
  archive: QrArchive;
  destinations: MoveDestination[];
  move: { callingAeTitle: string; timeoutMs: number; tls(d: MoveDestination): ConnectionOptions | undefined };
}

/**
 * The de-identified archive as the Q/R SCP sees it: QIDO-RS's search (same index, same matching),
 * the WADO-RS reader's stored objects, and audit records like DICOMweb's (the actor is the calling
 * AE title; targets are pseudonymous Study Instance UIDs).
 */
@Injectable()
export class QueryRetrieveService implements QrArchive {
  private readonly base: string;

  constructor(
    @Inject(QidoSearch) private readonly qido: QidoSearch,
    @Inject(ArchiveReader) private readonly reader: ArchiveReader,
    @Inject(AuditService) private readonly auditor: Pick<AuditService, 'record'>,
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {
    // Retrieve URL (0008,1190) when a C-FIND asks for it: the DICOMweb base, as QIDO-RS builds it.
    this.base = config.http.publicUrl ? `${config.http.publicUrl}/dicomweb` : '/dicomweb';
  }

  async search(level: QidoLevel, params: QueryParams, scope: { study?: string; series?: string }) {
    const { body, ignored } = await this.qido.search(level, params, scope, this.base);
    return { body, ignored };
  }

  async instances(study: string, series?: string, sop?: string): Promise<RetrievalRow[]> {
    return this.reader.instances(study, series, sop).catch((err: unknown) => {
      if ((err as { code?: unknown }).code === 'dicomweb/not-found') return [];
      throw err;
    });
  }

  read(row: RetrievalRow): Promise<Buffer> {
    return this.reader.read(row);
  }

  audit(e: QrAuditEvent): void {
    const outcome = e.status === QrStatus.Success || e.status === QrStatus.Cancel ? 'success' : 'failure';
    const details: Record<string, string | number> = { level: e.level, status: e.status.toString(16) };
    if (e.destination) details.destination = e.destination;
    if (e.completed !== undefined) details.completed = e.completed;
    if (e.failed !== undefined) details.failed = e.failed;
    if (e.studies.length > 1) details.studies = e.studies.join(',');
    void this.auditor.record({
      action: e.operation === 'find' ? 'dimse.search' : 'dimse.retrieve',
      outcome,
      target: e.studies.length === 1 ? e.studies[0] : null,
      actor: { actorType: 'ae', actorId: e.callingAeTitle },
      context: { requestId: e.associationId, sourceAddress: e.remoteAddress || null },
      details: { ...details, operation: `C-${e.operation.toUpperCase()}` },
    });
  }

  wiring(): QrWiring {
    const opts = senderOptions(this.config);
    const live = this.live;
    return {
      archive: this,
      // Read when an association is accepted (QrSession copies the wiring): the move destinations
      // of the live settings, kept for that association.
      get destinations() {
        return live
          .current()
          .destinations.flatMap((d) =>
            d.type === 'dimse' ? [{ aeTitle: d.aeTitle, host: d.host, port: d.port, tls: d.tls }] : [],
          );
      },
      move: {
        callingAeTitle: this.config.dimse.aeTitle,
        timeoutMs: this.config.delivery.timeoutMs,
        // DICOM TLS (PS3.15 Annex B.1) as delivery uses it: our listener's certificate, its CA.
        tls: (d) =>
          d.tls
            ? {
                host: d.host,
                servername: isIP(d.host) ? undefined : d.host,
                minVersion: 'TLSv1.2',
                rejectUnauthorized: true,
                ...opts.tls,
              }
            : undefined,
      },
    };
  }
}
