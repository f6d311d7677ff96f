import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COMPOUND_TYPES, resolveCompound } from './compound';
import { PROFILE_TABLE } from './profile-table.generated';
import { SAFE_PRIVATE_KEYS } from './safe-private.generated';
import { SHARED_DATA } from './testing/shared-data';

const ROOT = path.resolve(__dirname, '../../..');

describe('generated profile tables', () => {
  it('match what scripts/gen-deid-table.mjs generates from ../shared/data', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'scripts/gen-deid-table.mjs'), '--stdout'], {
      env: { ...process.env, DELINEO_SHARED_DATA: SHARED_DATA },
      maxBuffer: 16 * 1024 * 1024,
    }).toString('utf8');
    const { table, safe } = JSON.parse(out) as { table: string; safe: string };
    expect(readFileSync(path.join(__dirname, 'profile-table.generated.ts'), 'utf8')).toBe(table);
    expect(readFileSync(path.join(__dirname, 'safe-private.generated.ts'), 'utf8')).toBe(safe);
  });

  it('holds all 621 rows of Table E.1-1 (2024b) with unique tag patterns, wildcard rows included', () => {
    expect(PROFILE_TABLE).toHaveLength(621);
    expect(new Set(PROFILE_TABLE.map((r) => r.tag)).size).toBe(621);
    expect(PROFILE_TABLE.map((r) => r.tag)).toEqual(
      expect.arrayContaining(['50xxxxxx', '60xx3000', '60xx4000', 'ggggeeee']),
    );
  });

  it('gives every compound row a documented Type, so no compound action falls to the default', () => {
    const compound = PROFILE_TABLE.filter((r) => r.basicProfile.includes('/') && r.basicProfile !== 'X/Z/U*');
    expect(compound.map((r) => r.tag).filter((t) => !(t in COMPOUND_TYPES))).toEqual([]);
    expect(Object.keys(COMPOUND_TYPES).filter((t) => !compound.some((r) => r.tag === t))).toEqual([]);
  });

  it.each([
    ['00181000', 'X/Z/D', 'D'], // Device Serial Number, Type 1 in Enhanced General Equipment
    ['00180010', 'Z/D', 'Z'], // Contrast/Bolus Agent, Type 2
    ['00081070', 'X/Z/D', 'X'], // Operators' Name, Type 3
    ['00081140', 'X/Z/U*', 'U'], // Referenced Image Sequence
    ['99999999', 'X/Z', 'Z'], // unknown: treated as Type 2
  ] as const)('resolves %s %s to %s', (tag, code, action) => {
    expect(resolveCompound(tag, code)).toBe(action);
  });

  it('lists only odd-group safe private elements (PS3.5 §7.8.1)', () => {
    expect(SAFE_PRIVATE_KEYS.length).toBeGreaterThan(400);
    for (const key of SAFE_PRIVATE_KEYS) {
      const [group, creator, element] = key.split('|');
      expect(parseInt(group, 16) & 1).toBe(1);
      expect(creator.length).toBeGreaterThan(0);
      expect(element).toMatch(/^[0-9A-F]{2}$/);
    }
  });
});
