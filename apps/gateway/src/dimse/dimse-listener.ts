import { readFileSync } from 'node:fs';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { log as dimseLog } from 'dcmjs-dimse';
import { LiveSettings, type AppConfig } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { InflightBudget } from '../ingest/inflight-budget';
import { DimseIngestHandler } from './dimse-ingest.handler';
import { DimseServer } from './dimse-server';
import type { DimseSettings } from './dimse.types';
import { QueryRetrieveService } from './qr/query-retrieve.service';

/** The DIMSE listener's lifecycle in the app: listens once every module is up, closes first. */
@Injectable()
export class DimseListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly server: DimseServer;
  private boundPort?: number;

  constructor(
    @Inject(CoreTokens.Config) private readonly config: AppConfig,
    @Inject(DimseIngestHandler) handler: DimseIngestHandler,
    @Inject(CoreTokens.Logger) private readonly log: Logger,
    @Inject(InflightBudget) budget: InflightBudget,
    @Inject(QueryRetrieveService) qr: QueryRetrieveService,
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
  ) {
    dimseLog.setLevel('silent'); // its messages can quote peers' data; we log our own, coded events
    const settings = { ...dimseSettings(config), currentSettings: () => live.current() };
    this.server = new DimseServer(settings, handler, log, budget, qr.wiring());
  }

  /** The bound port (DIMSE_PORT=0 picks an ephemeral one). */
  get port(): number {
    if (this.boundPort === undefined) throw new Error('the DIMSE listener is not started');
    return this.boundPort;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.live.current().loopbackOnly) {
      this.log.warn(
        { event: 'dimse-loopback-only' },
        'no dimse.allowedCallers configured (yet): only associations from 127.0.0.1/::1 are accepted',
      );
    }
    this.boundPort = await this.server.listen();
  }

  onModuleDestroy(): Promise<void> {
    return this.server.close();
  }
}

function dimseSettings(config: AppConfig): DimseSettings {
  const d = config.dimse;
  return {
    aeTitle: d.aeTitle,
    port: d.port,
    host: '0.0.0.0',
    allowedCallers: d.allowedCallers.map((c) => ({ ...c })),
    maxAssociations: d.maxAssociations,
    maxPduLength: d.maxPduLength,
    maxConnections: d.maxConnections,
    maxConnectionsPerAddress: d.maxConnectionsPerAddress,
    artimMs: d.artimSeconds * 1000,
    idleMs: d.idleSeconds * 1000,
    maxPreAssociationPdu: d.maxPreAssociationPduBytes,
    maxDatasetBytes: d.maxDatasetBytes,
    transferSyntaxPreference: d.transferSyntaxPreference,
    tls: d.tls.enabled
      ? {
          cert: readFileSync(d.tls.cert!),
          key: readFileSync(d.tls.key!),
          ca: d.tls.ca ? readFileSync(d.tls.ca) : undefined,
          requireClientCert: d.tls.requireClientCert,
        }
      : undefined,
  };
}
