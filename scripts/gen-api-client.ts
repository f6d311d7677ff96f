/**
 * `npm run gen:api-client`: writes the gateway's OpenAPI document and the console's typed client
 * types from it (openapi-typescript), so the console and the API cannot drift apart. Both files
 * are committed; apps/gateway/test/openapi-client.e2e-spec.ts fails when they are stale.
 *
 * `--document <file.json>` converts a document already rendered (the drift test renders it under
 * jest, whose CommonJS loader cannot run openapi-typescript's ES module dependencies); `--out
 * <dir>` writes elsewhere than apps/console/src/api.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_CLIENT_DIR, apiClientTypes, apiDocumentJson } from '../apps/gateway/src/openapi-client';

const REEXEC = 'DELINEO_GEN_API_CLIENT_METADATA';

/**
 * tsx (esbuild) emits no decorator metadata, which the OpenAPI explorer reads (route parameters,
 * DTO types): the script runs itself again under plain Node with a TypeScript hook that emits it.
 */
function reexecWithMetadata(): number {
  const hook = path.join(__dirname, 'ts-metadata-register.cjs');
  const r = spawnSync(process.execPath, ['-r', hook, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, [REEXEC]: '1' },
  });
  return r.status ?? 1;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { document: { type: 'string' }, out: { type: 'string' } } });
  const doc = values.document
    ? (JSON.parse(readFileSync(values.document, 'utf8')) as OpenAPIObject)
    : await (await import('../apps/gateway/src/openapi')).renderOpenApiDocument();
  const dir = path.resolve(values.out ?? API_CLIENT_DIR);
  // Formatted with the committed files' paths, so Prettier resolves the repository's options.
  const json = await apiDocumentJson(doc, path.join(API_CLIENT_DIR, 'openapi.json'));
  const types = await apiClientTypes(doc, path.join(API_CLIENT_DIR, 'schema.d.ts'));
  writeFileSync(path.join(dir, 'openapi.json'), json);
  writeFileSync(path.join(dir, 'schema.d.ts'), types);
  console.log(`wrote ${path.relative(process.cwd(), dir) || '.'}/openapi.json and schema.d.ts`);
}

if (process.env[REEXEC] !== '1') {
  process.exitCode = reexecWithMetadata();
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
