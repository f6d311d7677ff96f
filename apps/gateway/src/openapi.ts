import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@delineo/config';
import { createLogger } from '@delineo/observability';
import type { ModelThreadPool } from '@delineo/worker';
import { AppModule } from './app.module';
import { SESSION_COOKIE } from './auth/access.decorator';
import { ProblemDto } from './errors/problem.dto';
import { startInfrastructure } from './infrastructure/infrastructure';
import { PipelineTokens } from './pipeline/pipeline.tokens';

/**
 * The gateway's OpenAPI 3 document: served at /api/docs and turned into the console's typed
 * client (scripts/gen-api-client.ts), so both read the same description.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Delineo gateway')
    .setVersion('0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API token of a service account (dln_…)' })
    .addCookieAuth(SESSION_COOKIE, { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }, SESSION_COOKIE)
    .build();
  return SwaggerModule.createDocument(app, doc, { extraModels: [ProblemDto] });
}

/**
 * The document without a listener: the gateway's modules over an embedded PGlite in a temporary
 * DATA_DIR, created but never initialised (no DIMSE port, timers or job handlers start).
 */
export async function renderOpenApiDocument(): Promise<OpenAPIObject> {
  const dir = mkdtempSync(path.join(tmpdir(), 'delineo-openapi-'));
  const config = loadConfig({ DATA_DIR: path.join(dir, 'data'), HTTP_PORT: '0', DIMSE_PORT: '0', LOG_LEVEL: 'error' });
  const log = createLogger({ level: 'error', name: 'openapi', destination: path.join(dir, 'openapi.log') });
  const infra = await startInfrastructure(config, log);
  try {
    const app = await NestFactory.create(AppModule.forRoot({ config, infra, log }), {
      logger: false,
      abortOnError: false,
    });
    try {
      return buildOpenApiDocument(app);
    } finally {
      await app.get<ModelThreadPool>(PipelineTokens.ModelThreads).close();
      await app.close();
    }
  } finally {
    await infra.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
