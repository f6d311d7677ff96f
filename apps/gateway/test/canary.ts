/**
 * Canary datasets for the privacy proof: real files whose every Table E.1-1 attribute that the
 * configured profile does not keep holds a unique canary of the right VR, plus private elements
 * and nested sequences full of canaries. Every canary string is registered for the scanner.
 */
import { readFileSync } from 'node:fs';
import { Dataset, decodeText, dictionaryVr, encodeText, parsePart10, Tag, writePart10, type Vr } from '@delineo/dicom';
import {
  compileRules,
  dateShiftDays,
  effectiveRule,
  patientKey,
  PROFILE_TABLE,
  resolveOptions,
  ruleFor,
  shiftDa,
  type DeidOptions,
  type ProfileRow,
} from '@delineo/deid';

const TEXT_VRS = new Set<Vr>(['AE', 'CS', 'SH', 'LO', 'ST', 'LT', 'UT', 'UC']);
/** Inside every canary sequence item: table attributes the profile replaces, of several VRs. */
const NESTED: ReadonlyArray<[number, Vr]> = [
  [0x00081155, 'UI'],
  [0x00100010, 'PN'],
  [0x00100020, 'LO'],
  [0x00080020, 'DA'],
  [0x00080080, 'LO'],
];
const PRIVATE_GROUP = 0x0035;
const DAY_MS = 86_400_000;
/** Every row but "ggggeeee" (private attributes get their own canaries below). */
const TABLE_ROWS = PROFILE_TABLE.filter((r) => r.tag !== 'ggggeeee');

/** A concrete tag for a row: 60xx3000 → 6000,3000; 50xxxxxx → 5000,3000 (Curve Data, not a group length). */
function concreteTag(row: ProfileRow): number {
  if (row.tag === '50xxxxxx') return 0x50003000;
  return parseInt(row.tag.replace(/x/g, '0'), 16) >>> 0;
}

/** Visits every element at every nesting depth. */
function forEachElement(ds: Dataset, fn: (tag: number, parent: Dataset) => void): void {
  for (const tag of ds.tags()) {
    fn(tag, ds);
    for (const item of ds.get(tag)?.items ?? []) forEachElement(item, fn);
  }
}

export interface CanaryFile {
  part10: Buffer;
  base: string;
  sopClassUid: string;
  patientSex?: string;
  patientAge?: string;
  pixelBytes: number;
  /** Day offset the gateway will apply to this file's dates (keyed by its canary patient). */
  shiftDays: number;
}

export class CanaryFactory {
  /** Every canary string: tokens, UIDs, numbers, times and the 8-digit form of every date. */
  readonly canaries = new Set<string>();
  /** Identifying values of the real base files (names, IDs, UIDs the profile replaces). */
  readonly originals = new Set<string>();
  private n = 0;
  private dates: string[] = [];

  /** @param letter distinguishes canary sets of different runs; @param dateGap days between dates. */
  constructor(
    private readonly letter: string,
    private readonly dateGap: number,
  ) {}

  token(): string {
    return this.add(`CN${this.letter}${String(++this.n).padStart(5, '0')}`);
  }

  uid(): string {
    return this.add(
      `1.2.826.0.1.3680043.10.999.${1 + (this.letter.charCodeAt(0) % 9)}${String(++this.n).padStart(5, '0')}`,
    );
  }

  /** Dates form one arithmetic progression from 1901-01-01, so a known shift cannot map one onto another. */
  date(): string {
    const d = new Date(Date.UTC(1901, 0, 1) + this.dates.length * this.dateGap * DAY_MS);
    const s = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
    this.dates.push(s);
    return this.add(s);
  }

  get allDates(): readonly string[] {
    return this.dates;
  }

  value(vr: Vr): Buffer {
    if (vr === 'UI') return encodeText(this.uid(), vr);
    if (vr === 'DA') return encodeText(this.date(), vr);
    if (vr === 'DT') return encodeText(`${this.date()}103000`, vr);
    if (vr === 'TM') return encodeText(this.add(`235959.3${String(++this.n).padStart(5, '0')}`), vr);
    if (vr === 'DS' || vr === 'IS') return encodeText(this.add(`-31415${String(++this.n).padStart(4, '0')}`), vr);
    if (vr === 'PN') return encodeText(`${this.token()}^${this.token()}`, vr);
    if (vr === 'UR') return encodeText(`http://example.invalid/${this.token()}`, vr);
    if (vr === 'AS') throw new Error('no canary form for AS'); // PatientAge is kept: no AS row is a canary
    if (TEXT_VRS.has(vr)) return encodeText(this.token(), vr);
    return Buffer.from(this.token(), 'latin1'); // binary VRs: 8 bytes fit every fixed size
  }

  private add(s: string): string {
    this.canaries.add(s);
    return s;
  }

  private nestedItem(): Dataset {
    const item = new Dataset();
    for (const [tag, vr] of NESTED) item.set({ tag, vr, value: this.value(vr) });
    return item;
  }

  private addPrivate(ds: Dataset): void {
    if (ds.has((PRIVATE_GROUP << 16) | 0x0010)) throw new Error('private block already in use');
    ds.setString((PRIVATE_GROUP << 16) | 0x0010, 'LO', this.token()); // Private Creator (PS3.5 §7.8.1)
    ds.setString((PRIVATE_GROUP << 16) | 0x1001, 'LO', this.token());
    ds.set({ tag: (PRIVATE_GROUP << 16) | 0x1002, vr: 'PN', value: this.value('PN') });
    ds.set({ tag: (PRIVATE_GROUP << 16) | 0x1003, vr: 'UI', value: this.value('UI') });
    ds.setSequence((PRIVATE_GROUP << 16) | 0x1004, [this.nestedItem()]);
  }

  /** Loads a real file, records its identifying values, then fills it with canaries. */
  build(file: string, options: Partial<DeidOptions>, projectKey: Buffer): CanaryFile {
    const opts = resolveOptions(options);
    const { dataset: ds, transferSyntaxUid } = parsePart10(readFileSync(file));
    this.recordOriginals(ds, opts);
    for (const row of TABLE_ROWS) {
      const tag = concreteTag(row);
      const vr = dictionaryVr(tag);
      const { op } = effectiveRule(row, opts);
      // Kept by the profile, or TM under Retain Longitudinal Modified Dates (a whole-day shift keeps
      // times): retained by design, so not a canary. Group 0002 is file meta, not dataset.
      if (op === 'keep' || (op === 'shift' && vr === 'TM') || tag >>> 16 === 0x0002) continue;
      if (vr === 'SQ') ds.setSequence(tag, [this.nestedItem()]);
      else ds.set({ tag, vr, value: this.value(vr) });
    }
    this.addPrivate(ds);
    // A sequence the table does not list (walked, not removed) with canaries two levels deep.
    const container = this.nestedItem();
    this.addPrivate(container);
    container.setSequence(0x00081140, [this.nestedItem()]);
    ds.setSequence(0x00081115, [container]);
    ds.setString(Tag.BurnedInAnnotation, 'CS', 'NO');
    const px = ds.get(Tag.PixelData);
    return {
      part10: writePart10(ds, { transferSyntaxUid }),
      base: file,
      sopClassUid: ds.string(Tag.SOPClassUID)!,
      patientSex: ds.string(Tag.PatientSex),
      patientAge: ds.string(Tag.PatientAge),
      pixelBytes: px?.value?.length ?? (px?.fragments ?? []).reduce((a, f) => a + f.length, 0),
      shiftDays: dateShiftDays(projectKey, patientKey(ds.string(Tag.PatientID)!, ds.string(0x00100021))),
    };
  }

  /** Names, IDs and UIDs of the real file that the profile replaces, at any depth. */
  private recordOriginals(ds: Dataset, opts: DeidOptions): void {
    const rules = compileRules(opts);
    forEachElement(ds, (tag, parent) => {
      const el = parent.get(tag)!;
      const op = ruleFor(rules, tag)?.op;
      if (!el.value || !op || op === 'keep' || op === 'shift' || !['UI', 'PN'].includes(el.vr)) return;
      for (const v of decodeText(el.value, el.vr).split('\\')) if (v.trim().length >= 8) this.originals.add(v.trim());
    });
    const pid = ds.string(Tag.PatientID);
    if (pid && pid.length >= 6) this.originals.add(pid);
  }
}

/** True when no file's shifted date lands on any canary date (which would read as a false leak). */
export function shiftsAreCollisionFree(f: CanaryFactory, files: CanaryFile[]): boolean {
  const all = new Set(f.allDates);
  return files.every((file) => f.allDates.every((d) => !all.has(shiftDa(d, file.shiftDays) ?? '')));
}

/** Builds canary files from `bases`, widening the date gap until no shift causes a false hit. */
export function buildCanaries(letter: string, bases: string[], options: Partial<DeidOptions>, projectKey: Buffer) {
  for (let gap = 7; gap < 200; gap++) {
    const factory = new CanaryFactory(letter, gap);
    const files = bases.map((b) => factory.build(b, options, projectKey));
    if (shiftsAreCollisionFree(factory, files)) return { factory, files };
  }
  throw new Error('no collision-free date gap');
}
