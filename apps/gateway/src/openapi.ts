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
  return anyJson(SwaggerModule.createDocument(app, doc, { extraModels: [ProblemDto] }));
}

/**
 * Properties whose value may be any JSON value. Their decorators must name a type (tsx emits no
 * design types and Swagger refuses none), so Swagger writes `object`; a schema without `type`
 * is the honest description (OpenAPI 3.0 Schema Object: any instance), and the console's client
 * then types them `unknown`.
 */
const ANY_JSON: ReadonlyArray<[schema: string, property: string]> = [
  ['SettingsChangeDto', 'before'],
  ['SettingsChangeDto', 'after'],
];

function anyJson(doc: OpenAPIObject): OpenAPIObject {
  for (const [name, prop] of ANY_JSON) {
    const schema = doc.components?.schemas?.[name] as { properties?: Record<string, { type?: unknown }> } | undefined;
    const p = schema?.properties?.[prop];
    if (!p) throw new Error(`OpenAPI: ${name}.${prop} is gone; update ANY_JSON`);
    delete p.type;
  }
  return doc;
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
