import { readFileSync } from 'node:fs';
import { decodeText, parsePart10, Tag, writePart10 } from '@delineo/dicom';
import { deidentify } from './engine';
import { DEFAULT_DEID_OPTIONS } from './options';
import { compileRules, ruleFor } from './rules';
import { forEachElement, sharedFile } from './testing/shared-data';

/** Names, IDs, dates, UIDs, free text; numbers (DS/IS) collide with kept geometry and identify nobody. */
const IDENTIFYING_VRS = new Set(['PN', 'LO', 'SH', 'DA', 'DT', 'UI', 'LT', 'ST', 'UT', 'UC', 'AE']);
const projectKey = Buffer.from('real-file-test-key-0123456789abcdef');

function load(...parts: string[]) {
  return parsePart10(readFileSync(sharedFile(...parts)));
}

function countPrivate(ds: Parameters<typeof forEachElement>[0]): number {
  let n = 0;
  forEachElement(ds, (tag) => (n += (tag >>> 16) & 1));
  return n;
}

describe('de-identification of real files from ../shared/data', () => {
  it('removes all 3428 private elements from the XA30 enhanced MR', () => {
    const { dataset, transferSyntaxUid } = load(
      'dcm_qa_xa30',
      '5_anat-T1w_acq-tfl',
      '0001_1.3.12.2.1107.5.2.43.67093.2022071112080825794102791.dcm',
    );
    expect(countPrivate(dataset)).toBe(3428);
    deidentify(dataset, DEFAULT_DEID_OPTIONS, { projectKey });
    expect(countPrivate(dataset)).toBe(0);
    const reparsed = parsePart10(writePart10(dataset, { transferSyntaxUid })).dataset;
    expect(countPrivate(reparsed)).toBe(0);
    expect(reparsed.string(Tag.PatientIdentityRemoved)).toBe('YES');
  });

  it('removes every overlay group from the Siemens MR with overlays', () => {
    const { dataset } = load('pydicom-data', 'MR-SIEMENS-DICOM-WithOverlays.dcm');
    const overlays = (): number[] => dataset.tags().filter((t) => t >>> 24 === 0x60);
    expect(overlays()).toContain(0x60003000);
    deidentify(dataset, DEFAULT_DEID_OPTIONS, { projectKey });
    expect(overlays()).toEqual([]);
  });

  it('leaves no original identifying value of the highdicom CT anywhere in the written bytes', () => {
    const { dataset, transferSyntaxUid } = load('highdicom', 'ct_image.dcm');
    const rules = compileRules(DEFAULT_DEID_OPTIONS);
    const secrets = new Set<string>();
    forEachElement(dataset, (tag, ds) => {
      const el = ds.get(tag)!;
      const group = tag >>> 16;
      const rule = group & 1 ? { op: 'remove' } : ruleFor(rules, tag);
      // Keep, and times under the date-shift option (a whole-day shift leaves TM as is), survive by design.
      if (!rule || rule.op === 'keep' || (rule.op === 'shift' && el.vr === 'TM')) return;
      if (!el.value || !IDENTIFYING_VRS.has(el.vr)) return;
      for (const v of decodeText(el.value, el.vr).split('\\')) if (v.trim().length >= 4) secrets.add(v.trim());
    });
    expect(secrets.size).toBeGreaterThan(10);
    deidentify(dataset, DEFAULT_DEID_OPTIONS, { projectKey });
    const out = writePart10(dataset, { transferSyntaxUid }).toString('latin1');
    const leaked = [...secrets].filter((s) => out.includes(s));
    expect(leaked).toEqual([]);
  });
});
