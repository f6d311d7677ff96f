/**
 * Test fixtures (not exported from the lib): a dataset holding EVERY attribute of Table E.1-1,
 * with a value of the right VR, plus the expected outcome per row computed from the README rule.
 */
import { Dataset, dictionaryVr, encodeText, Tag, Vr } from '@delineo/dicom';
import { COMPOUND_TYPES } from '../compound';
import { DeidOptions, OPTION_FLAGS, OPTION_SPECS } from '../options';
import type { ProfileRow } from '../profile-row';
import { PROFILE_TABLE } from '../profile-table.generated';

export const MARK = 'MARK';
export const NESTED_REF_UID = '1.2.826.0.1.999.1';
export const CONTAINER = 0x00081115; // Referenced Series Sequence: not in Table E.1-1
export const ORIGINAL_DESC = 'DESC Smith 20200115';
export const CLEANED_DESC = 'DESC';
const IDENTIFYING = 'Smith Jones 4711';

/** Concrete tag for a row: 50xx → 5000 (Curve Data), 60xx → 6000 ("ggggeeee" handled by the private fixture). */
export function concreteTag(row: ProfileRow): number {
  if (row.tag === '50xxxxxx') return 0x50003000; // Curve Data (element 0000 would be a group length)
  return parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
}

export const TABLE_ROWS = PROFILE_TABLE.filter((r) => r.tag !== 'ggggeeee');

const TEXT: Partial<Record<Vr, string>> = {
  DA: '20200115',
  DT: '20200115103000.5+0100',
  TM: '103000',
  PN: 'Smith^John',
  AS: '045Y',
  DS: '1.5',
  IS: '7',
  AE: 'AETITLE',
  UR: 'http://example.invalid/x',
  CS: ORIGINAL_DESC,
  LO: ORIGINAL_DESC,
  SH: ORIGINAL_DESC,
  ST: ORIGINAL_DESC,
  LT: ORIGINAL_DESC,
  UT: ORIGINAL_DESC,
  UC: ORIGINAL_DESC,
};

export function valueFor(row: ProfileRow, vr: Vr, i: number): Buffer {
  if (vr === 'UI') return encodeText(`1.2.826.0.1.${i + 1}`, 'UI');
  const cleanable = row.cleanDescOpt === 'C' || row.rtnPatCharsOpt === 'C';
  // Values of identifying rows (the engine's scrub list) must not contain the descriptor word.
  const text = !cleanable && TEXT[vr] === ORIGINAL_DESC ? IDENTIFYING : TEXT[vr];
  if (text !== undefined) return encodeText(text, vr);
  return Buffer.from([0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48]); // binary VRs
}

function sequenceItem(): Dataset {
  const item = new Dataset();
  item.setString(Tag.CodeValue, 'SH', MARK);
  item.setString(0x00081155, 'UI', NESTED_REF_UID); // Referenced SOP Instance UID (U)
  return item;
}

/** Every table row once, plus (when `nested`) all of them again inside one item of a container. */
export function tableDataset(nested: boolean): Dataset {
  const ds = new Dataset();
  TABLE_ROWS.forEach((row, i) => {
    const tag = concreteTag(row);
    const vr = vrOf(row);
    if (vr === 'SQ') ds.setSequence(tag, [sequenceItem()]);
    else ds.set({ tag, vr, value: valueFor(row, vr, i) });
  });
  ds.setUint16(0x60000010, 512); // Overlay Rows: the rest of the overlay group goes too
  ds.setUint16(0x50020005, 1); // Curve Dimensions in another curve group
  if (nested) ds.setSequence(CONTAINER, [tableDataset(false)]);
  return ds;
}

export function vrOf(row: ProfileRow): Vr {
  return dictionaryVr(concreteTag(row));
}

export type Outcome = 'remove' | 'zero' | 'dummy' | 'keep' | 'uid' | 'shift' | 'clean';

/** The README's rule, written out independently of rules.ts. */
export function expectedOutcome(row: ProfileRow, options: DeidOptions): { op: Outcome; basic: Outcome } {
  const basic = basicOutcome(row);
  const picks: Outcome[] = [];
  for (const flag of OPTION_FLAGS) {
    const column = OPTION_SPECS[flag].column;
    if (!options[flag] || !row[column]) continue;
    picks.push(row[column] === 'K' ? 'keep' : column === 'rtnLongModifDatesOpt' ? 'shift' : 'clean');
  }
  const op = picks.includes('clean')
    ? 'clean'
    : picks.includes('shift')
      ? 'shift'
      : picks.includes('keep')
        ? 'keep'
        : basic;
  return { op, basic };
}

function basicOutcome(row: ProfileRow): Outcome {
  const map: Record<string, Outcome> = { D: 'dummy', Z: 'zero', X: 'remove', K: 'keep', U: 'uid', C: 'clean' };
  const code = row.basicProfile;
  if (code === 'X/Z/U*') return 'uid';
  if (!code.includes('/')) return map[code];
  const type = COMPOUND_TYPES[row.tag];
  const allowed = code.split('/');
  if (type === 1) return allowed.includes('D') ? 'dummy' : 'zero';
  if (type === 3 && allowed.includes('X')) return 'remove';
  return allowed.includes('Z') ? 'zero' : 'dummy';
}
