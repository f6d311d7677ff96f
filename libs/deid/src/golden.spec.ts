import { Dataset, DicomElement, decodeText, Tag } from '@delineo/dicom';
import { shiftDa, shiftDt } from './dates';
import { deidentify, DeidResult } from './engine';
import { DEFAULT_DEID_OPTIONS, DeidOptions, OPTION_FLAGS } from './options';
import type { ProfileRow } from './profile-row';
import { pseudonymizeUid } from './pseudonyms';
import {
  CLEANED_DESC,
  concreteTag,
  CONTAINER,
  expectedOutcome,
  MARK,
  NESTED_REF_UID,
  Outcome,
  TABLE_ROWS,
  tableDataset,
  valueFor,
  vrOf,
} from './testing/table-dataset';

/** Golden test over the WHOLE generated Table E.1-1, for the defaults and each option alone. */
const projectKey = Buffer.from('golden-test-project-key-0123456789');
const NONE: DeidOptions = {
  ...DEFAULT_DEID_OPTIONS,
  retainPatientCharacteristics: false,
  retainLongitudinalModifiedDates: false,
};
const CONFIGS: [string, DeidOptions][] = [
  ['defaults', DEFAULT_DEID_OPTIONS],
  ['basic profile only', NONE],
  ...OPTION_FLAGS.map((f): [string, DeidOptions] => [`basic + ${f}`, { ...NONE, [f]: true }]),
  ['every option', { ...NONE, ...Object.fromEntries(OPTION_FLAGS.map((f) => [f, true])) }],
];
/** Attributes the engine sets after applying the table (asserted separately below). */
const OVERRIDDEN = new Set<number>([Tag.PatientID, Tag.PatientName]);

function text(el: DicomElement): string {
  return decodeText(el.value!, el.vr);
}

function assertOutcome(
  ds: Dataset,
  row: ProfileRow,
  index: number,
  op: Outcome,
  basic: Outcome,
  r: DeidResult,
  o: DeidOptions,
): void {
  const tag = concreteTag(row);
  const vr = vrOf(row);
  const el = ds.get(tag);
  const original = valueFor(row, vr, index);
  const where = `${row.tag} ${row.name} (${op})`;
  const isSq = vr === 'SQ';
  const keptItems = (): void => {
    expect(el?.items?.[0]?.string(Tag.CodeValue)).toBe(MARK);
    const ref = el!.items![0].string(0x00081155);
    expect(ref).toBe(o.retainUids ? NESTED_REF_UID : pseudonymizeUid(projectKey, NESTED_REF_UID));
  };
  switch (op) {
    case 'remove':
      return expect({ where, present: ds.has(tag) }).toEqual({ where, present: false });
    case 'zero':
      expect(el).toBeDefined();
      return isSq
        ? expect(el!.items).toHaveLength(0)
        : expect({ where, len: el!.value!.length }).toEqual({ where, len: 0 });
    case 'dummy':
      if (isSq) return expect(el!.items!.map((i) => i.size)).toEqual([0]);
      if (vr === 'UI') return expect(text(el!)).toBe(pseudonymizeUid(projectKey, decodeText(original, 'UI')));
      expect(el!.value!.length).toBeGreaterThan(0);
      return expect({ where, same: el!.value!.equals(original) }).toEqual({ where, same: false });
    case 'keep':
      if (isSq) return keptItems();
      return expect({ where, same: el?.value?.equals(original) }).toEqual({ where, same: true });
    case 'uid':
      if (isSq) return keptItems();
      return expect({ where, v: text(el!) }).toEqual({
        where,
        v: pseudonymizeUid(projectKey, decodeText(original, 'UI')),
      });
    case 'shift': {
      const days = r.dateShiftDays!;
      if (vr === 'DA') return expect(text(el!)).toBe(shiftDa(decodeText(original, vr), days));
      if (vr === 'DT') return expect(text(el!)).toBe(shiftDt(decodeText(original, vr), days));
      if (vr === 'TM') return expect(el!.value!.equals(original)).toBe(true);
      return assertOutcome(ds, row, index, basic, basic, r, o);
    }
    case 'clean':
      if (isSq) return keptItems();
      if (['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'CS'].includes(vr))
        return expect({ where, v: text(el!) }).toEqual({ where, v: CLEANED_DESC });
      return assertOutcome(ds, row, index, basic, basic, r, o);
  }
}

describe.each(CONFIGS)('Table E.1-1 golden outcomes with %s', (_name, options) => {
  const input = tableDataset(true);
  input.setString(Tag.BurnedInAnnotation, 'CS', 'NO');
  const result = deidentify(input, options, { projectKey });
  const top = result.dataset;
  const nested = top.get(CONTAINER)!.items![0];

  it('applies every row at the top level', () => {
    TABLE_ROWS.forEach((row, i) => {
      if (OVERRIDDEN.has(concreteTag(row))) return;
      const { op, basic } = expectedOutcome(row, options);
      assertOutcome(top, row, i, op, basic, result, options);
    });
  });

  it('applies every row inside a nested sequence item', () => {
    TABLE_ROWS.forEach((row, i) => {
      const { op, basic } = expectedOutcome(row, options);
      assertOutcome(nested, row, i, op, basic, result, options);
    });
  });

  it('removes every element of curve and overlay groups', () => {
    for (const ds of [top, nested]) expect(ds.tags().filter((t) => t >>> 24 === 0x50 || t >>> 24 === 0x60)).toEqual([]);
  });

  it('replaces Patient ID and Patient Name with the same keyed pseudonym', () => {
    expect(top.string(Tag.PatientID)).toBe(result.pseudonyms.patientId);
    expect(top.string(Tag.PatientName)).toBe(result.pseudonyms.patientId);
    expect(result.pseudonyms.patientId).toMatch(/^DLN-[A-Z2-7]{16}$/);
  });

  it('records the method codes of exactly the enabled options', () => {
    const codes = top.get(Tag.DeidentificationMethodCodeSequence)!.items!.map((i) => i.string(Tag.CodeValue));
    expect(codes[0]).toBe('113100');
    expect(codes).toHaveLength(1 + OPTION_FLAGS.filter((f) => options[f]).length);
    expect(top.string(Tag.PatientIdentityRemoved)).toBe('YES');
    expect(top.string(Tag.LongitudinalTemporalInformationModified)).toBe(
      options.retainLongitudinalModifiedDates ? 'MODIFIED' : 'REMOVED',
    );
  });
});
