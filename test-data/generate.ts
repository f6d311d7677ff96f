/** CLI: `npx tsx test-data/generate.ts --out DIR --count 500 [--rows 512 --cols 512 --patient-id ID]`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syntheticCtSeries } from './synthetic-ct';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const out = arg('out');
if (!out) {
  console.error('usage: tsx test-data/generate.ts --out DIR [--count N] [--rows R] [--cols C] [--patient-id ID]');
  process.exit(2);
}
const count = Number(arg('count') ?? 100);
const files = syntheticCtSeries({
  count,
  rows: Number(arg('rows') ?? 512),
  cols: Number(arg('cols') ?? 512),
  ...(arg('patient-id') ? { patientId: arg('patient-id') } : {}),
});
mkdirSync(out, { recursive: true });
files.forEach((f, i) => writeFileSync(path.join(out, `ct-${String(i + 1).padStart(4, '0')}.dcm`), f));
console.log(`wrote ${files.length} files to ${out}`);
