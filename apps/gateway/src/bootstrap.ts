import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { log as dimseLog } from 'dcmjs-dimse';
import type { AppConfig } from '@delineo/config';
import { createLogger, PinoNestLogger, type Logger } from '@delineo/observability';
import { AppModule } from './app.module';
import { DimseIngestHandler } from './dimse/dimse-ingest.handler';
import { DimseServer } from './dimse/dimse-server';
import type { DimseSettings } from './dimse/dimse.types';
import { ProblemFilter } from './errors/problem.filter';
import { startInfrastructure } from './infrastructure/infrastructure';
import { TypeormArchiveWriter } from './ingest/archive-writer.adapter';
import { EnvelopeVaultSealer, keyringFrom, ProfileDeidentifier } from './ingest/deid.adapter';
import { IngestService } from './ingest/ingest.service';
import { ObjectStoreBlobs } from './ingest/object-store.adapter';
import { RuleRouter } from './ingest/router';
import { TypeormSeriesStateStore } from './series/series-state.adapter';
import { SeriesCompletionService } from './series/series-completion.service';
import { VaultRetentionService } from './vault/vault-retention.service';
import { startPipeline, type Pipeline } from './pipeline/start-pipeline';

export interface RunningGateway {
  app: INestApplication;
  httpPort: number;
  dimsePort: number;
  log: Logger;
  completion: SeriesCompletionService;
  pipeline: Pipeline;
  close(): Promise<void>;
}

export interface StartOptions {
  logDestination?: string;
}

/** Composition root: infrastructure first, then domain services, then the two transports. */
export async function startGateway(config: AppConfig, opts: StartOptions = {}): Promise<RunningGateway> {
  const log = createLogger({ level: config.logLevel, name: 'gateway', destination: opts.logDestination });
  dimseLog.setLevel('silent'); // its messages can quote peers' data; we log our own, coded events
  const infra = await startInfrastructure(config, log);
  const completion = new SeriesCompletionService(
    new TypeormSeriesStateStore(infra.dataSource),
    config.series.quietPeriodSeconds * 1000,
    (err) => log.error({ err, event: 'series-completion-failed' }, 'series completion sweep failed'),
  );
  completion.events.on('series-completed', (e) => log.info({ event: 'series-completed', ...e }, 'series completed'));
  const ingest = new IngestService(
    new ProfileDeidentifier(config, infra.secrets.projectKey.reveal()),
    new EnvelopeVaultSealer(keyringFrom(infra.secrets)),
    new RuleRouter(config.routing),
    new ObjectStoreBlobs(infra.store),
    new TypeormArchiveWriter(infra.dataSource),
    completion,
    log,
  );

  const pipeline = startPipeline(config, infra, completion, log);
  const app = await NestFactory.create(AppModule.forRoot({ config, infra, log, ingest, completion, dispatcher: pipeline.dispatcher, delivery: pipeline.delivery }), {
    logger: new PinoNestLogger(log),
    bodyParser: false,
    abortOnError: false, // let main.ts report a failed start (with a code), instead of process.exit
  });
  if (config.http.corsOrigins.length > 0) app.enableCors({ origin: [...config.http.corsOrigins], exposedHeaders: ['Warning', 'Content-Location'] });
  app.useGlobalFilters(new ProblemFilter((err, code) => log.error({ err, code, event: 'http-error' }, 'request failed')));
  const doc = new DocumentBuilder().setTitle('Delineo gateway').setVersion('0.1.0').build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, doc));
  // No app.enableShutdownHooks(): runService owns SIGINT/SIGTERM and calls close() below, which
  // closes Nest too. Nest's own handler re-raised the signal after app.close(), killing the process
  // before the database, PGlite and the object journal were closed.
  await app.listen(config.http.port);
  const server = app.getHttpServer() as import('node:http').Server;
  // Longer than the usual proxy/client idle timeouts: a server that closes an idle keep-alive
  // socket as a request arrives on it makes the client see ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const httpPort = (server.address() as { port: number }).port;

  if (config.dimse.loopbackOnly) {
    log.warn({ event: 'dimse-loopback-only' }, 'no dimse.allowedCallers configured: only associations from 127.0.0.1/::1 are accepted');
  }
  const dimse = new DimseServer(dimseSettings(config), new DimseIngestHandler(ingest, completion), log);
  const dimsePort = await dimse.listen();
  completion.start();
  pipeline.reconciler.start();
  const retention = new VaultRetentionService(
    infra.dataSource,
    (count) => log.info({ event: 'vault-purged', count }, 'expired vault records purged'),
    (err) => log.error({ err, event: 'vault-purge-failed' }, 'vault purge failed'),
  );
  retention.start();
  log.info({ event: 'gateway-started', httpPort, dimsePort }, 'Delineo gateway started');

  return {
    app, httpPort, dimsePort, log, completion, pipeline,
    async close() {
      completion.stop();
      pipeline.reconciler.stop();
      retention.stop();
      await dimse.close();
      await app.close();
      await infra.close();
      await pipeline.close();
    },
  };
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
