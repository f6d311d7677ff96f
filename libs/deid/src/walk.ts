import { Dataset, decodeText, DicomElement, encodeText } from '@delineo/dicom';
import { shiftDa, shiftDt } from './dates';
import { safePrivateTags } from './private-elements';
import { pseudonymizeUid } from './pseudonyms';
import { CompiledRules, Op, ruleFor } from './rules';
import { CLEANABLE_VRS, cleanText, dummyValue } from './values';

const EMPTY = Buffer.alloc(0);

/** State shared by one deidentify() call while it walks the dataset and every nested item. */
export interface WalkContext {
  rules: CompiledRules;
  projectKey: Buffer;
  /** Day offset for Retain Longitudinal Modified Dates; undefined when that option is off. */
  shiftDays: number | undefined;
  /** Identifier words scrubbed from cleaned descriptors (computed on first use). */
  deny: () => ReadonlySet<string>;
  uidCache: Map<string, string>;
}

/**
 * Applies the compiled Table E.1-1 to `ds` in place and recurses into every sequence item that
 * survives, since PS3.15 §E.1.1 applies the profile to attributes at any nesting level.
 */
export function walkDataset(ds: Dataset, ctx: WalkContext): void {
  let privateTags: number[] | undefined;
  for (const tag of ds.tags()) {
    if ((tag >>> 16) & 1) {
      // Row "Private Attributes" (ggggeeee, odd group): X, or C under Retain Safe Private.
      if (ctx.rules.retainSafePrivate) (privateTags ??= []).push(tag);
      else ds.delete(tag);
      continue;
    }
    if ((tag & 0xffff) === 0) {
      ds.delete(tag); // group lengths are retired (PS3.5 §7.2) and would be wrong after editing
      continue;
    }
    const el = ds.get(tag)!;
    const rule = ruleFor(ctx.rules, tag);
    if (!rule) {
      if (el.items) walkItems(el.items, ctx);
      continue;
    }
    apply(ds, el, rule.op, rule.fallback, ctx);
  }
  if (privateTags) {
    const keep = safePrivateTags(ds, privateTags);
    for (const tag of privateTags) {
      const el = ds.get(tag)!;
      if (!keep.has(tag)) ds.delete(tag);
      else if (el.items) walkItems(el.items, ctx);
    }
  }
}

function walkItems(items: Dataset[], ctx: WalkContext): void {
  for (const item of items) walkDataset(item, ctx);
}

function apply(ds: Dataset, el: DicomElement, op: Op, fallback: Op, ctx: WalkContext): void {
  const { tag, vr } = el;
  switch (op) {
    case 'remove':
      ds.delete(tag);
      return;
    case 'zero':
      ds.set(el.items ? { tag, vr: 'SQ', items: [] } : { tag, vr, value: EMPTY });
      return;
    case 'dummy':
      // A sequence gets one empty item: recursing would keep free text that Table E.1-1 does not
      // list (e.g. Text Value (0040,A160) inside Content Sequence).
      if (el.items) ds.set({ tag, vr: 'SQ', items: [new Dataset()] });
      else if (vr === 'UI') ds.set({ tag, vr, value: mapUids(el.value, ctx) });
      else ds.set({ tag, vr, value: dummyValue(vr) });
      return;
    case 'keep':
      if (el.items) walkItems(el.items, ctx);
      return;
    case 'uid':
      // X/Z/U* sequences are kept and the UIDs inside them replaced by their own rows.
      if (el.items) walkItems(el.items, ctx);
      else ds.set({ tag, vr: 'UI', value: mapUids(el.value, ctx) });
      return;
    case 'shift':
      if (!shift(ds, el, ctx)) apply(ds, el, fallback, fallback, ctx);
      return;
    case 'clean':
      clean(ds, el, fallback, ctx);
      return;
  }
}

function mapUids(value: Buffer | undefined, ctx: WalkContext): Buffer {
  if (!value || value.length === 0) return EMPTY;
  const mapped = decodeText(value, 'UI')
    .split('\\')
    .map((uid) => {
      const u = uid.trim();
      if (u === '') return u;
      let hit = ctx.uidCache.get(u);
      if (!hit) ctx.uidCache.set(u, (hit = pseudonymizeUid(ctx.projectKey, u)));
      return hit;
    });
  return encodeText(mapped.join('\\'), 'UI');
}

/** Whole-day shift of DA and the date part of DT; TM is unchanged by a whole-day shift. */
function shift(ds: Dataset, el: DicomElement, ctx: WalkContext): boolean {
  if (ctx.shiftDays === undefined || el.items) return false;
  if (el.vr === 'TM') return true;
  if (el.vr !== 'DA' && el.vr !== 'DT') return false;
  if (!el.value || el.value.length === 0) return true;
  const fn = el.vr === 'DA' ? shiftDa : shiftDt;
  const out: string[] = [];
  for (const v of decodeText(el.value, el.vr).split('\\')) {
    const s = fn(v.trim(), ctx.shiftDays);
    if (s === undefined) return false;
    out.push(s);
  }
  ds.set({ tag: el.tag, vr: el.vr, value: encodeText(out.join('\\'), el.vr) });
  return true;
}

function clean(ds: Dataset, el: DicomElement, fallback: Op, ctx: WalkContext): void {
  if (el.items) return walkItems(el.items, ctx);
  if (!CLEANABLE_VRS.has(el.vr)) return apply(ds, el, fallback, fallback, ctx);
  const text = el.value && el.value.length ? cleanText(decodeText(el.value, el.vr), ctx.deny()) : '';
  if (text !== '') ds.set({ tag: el.tag, vr: el.vr, value: encodeText(text, el.vr) });
  else apply(ds, el, fallback === 'dummy' ? 'dummy' : 'zero', fallback, ctx);
}
