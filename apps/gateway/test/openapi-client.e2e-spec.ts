import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { renderOpenApiDocument } from '../src/openapi';

const ROOT = path.resolve(__dirname, '../../..');
const COMMITTED = path.join(ROOT, 'apps/console/src/api');
const STALE = 'is stale: run `npm run gen:api-client` and commit apps/console/src/api';

/**
 * The console's typed client is generated from the live document; a drift fails here, not in the
 * UI. The document is rendered here (with TypeScript's decorator metadata, as the built gateway
 * has it) and converted by the generator itself.
 */
describe('the console API client (apps/console/src/api)', () => {
  let doc: OpenAPIObject;
  let dir: string;
  beforeAll(async () => {
    doc = await renderOpenApiDocument();
    dir = mkdtempSync(path.join(tmpdir(), 'delineo-api-client-'));
    writeFileSync(path.join(dir, 'live.json'), JSON.stringify(doc));
    execFileSync(
      path.join(ROOT, 'node_modules/.bin/tsx'),
      ['scripts/gen-api-client.ts', '--document', path.join(dir, 'live.json'), '--out', dir],
      { cwd: ROOT, stdio: 'pipe' },
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['schema.d.ts', 'openapi.json'])('the committed %s matches the live OpenAPI document', (file) => {
    const committed = readFileSync(path.join(COMMITTED, file), 'utf8');
    const live = readFileSync(path.join(dir, file), 'utf8');
    if (live !== committed)
      throw new Error(`apps/console/src/api/${file} ${STALE}\n${firstDifference(committed, live)}`);
  });

  it('describes the problem+json body and both security schemes', () => {
    expect(Object.keys(doc.components?.schemas ?? {})).toContain('ProblemDto');
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['bearer', 'delineo_session']);
  });
});

function firstDifference(committed: string, live: string): string {
  const a = committed.split('\n');
  const b = live.split('\n');
  const i = a.findIndex((line, n) => line !== b[n]);
  const at = i === -1 ? a.length : i;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '(end)'}\n  live:      ${b[at] ?? '(end)'}`;
}
