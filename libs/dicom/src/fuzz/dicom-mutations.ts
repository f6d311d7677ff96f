/**
 * Structure-aware mutations of a dataset tree, each breaking one rule of PS3.5 §7 at a place a
 * parser must check: element lengths (odd, huge, undefined on a non-sequence), VRs (unknown, wrong,
 * lowercase, the wrong header form), sequence and item lengths and delimiters, nesting, floods.
 * They build new nodes; seed trees and their value buffers are never written to.
 */
import { Tag } from '../tags';
import type { Vr } from '../vr';
import {
  type ElementNode,
  type FragmentsNode,
  type ItemNode,
  type Node,
  type SequenceNode,
  UNDEFINED_LENGTH,
} from './dicom-tree';
import { fragmentOps, shapeOps } from './dicom-shape-mutations';
import { INTERESTING_U32, type Prng } from './prng';
import { insertAnywhere, type MutationContext, pickSlot, rawTag, type TreeOp } from './tree-slots';

const VRS: readonly Vr[] = [
  'AE',
  'AT',
  'CS',
  'DS',
  'FD',
  'IS',
  'LO',
  'OB',
  'OW',
  'PN',
  'SQ',
  'SS',
  'UI',
  'UL',
  'UN',
  'US',
  'UT',
];
/** Not VRs: binary, blank, one letter, a digit for a letter. */
const BAD_VRS = ['ZZ', '\0\0', '  ', 'xx', '\xff\xff', 'S', '0B'];
const HUGE = [0x7fffffff, 0x80000000, 0xfffffff0, 0xfffffffe, 0xffff, 0xfffe];
/** VRs with the 32-bit length form (PS3.5 Table 7.1-1), the ones a fuzzer flips most usefully. */
const LONG_FORM = ['OB', 'OW', 'SQ', 'UN', 'UT'];

type HeaderNode = ElementNode | SequenceNode | FragmentsNode;

const patchHeader =
  (name: string, patch: (n: HeaderNode, rng: Prng) => Partial<HeaderNode>): TreeOp =>
  (m) => {
    const s = pickSlot(m, ['element', 'sequence', 'fragments']);
    if (!s) return undefined;
    s.list[s.index] = { ...s.node, ...patch(s.node, m.rng) } as Node;
    return name;
  };

const undefinedOnNonSequence: TreeOp = (m) => {
  const s = pickSlot(m, ['element']);
  if (!s) return undefined;
  // Explicit VR short headers cannot carry 0xFFFFFFFF; the long form can (and must be refused).
  s.list[s.index] = { ...s.node, length: UNDEFINED_LENGTH, longHeader: m.rng.chance(0.7) ? true : undefined };
  return 'length-undefined-non-sq';
};

const definedSequence: TreeOp = (m) => {
  const s = pickSlot(m, ['sequence']);
  if (!s) return undefined;
  const skew = m.rng.chance(0.5) ? 0 : m.rng.pick([-8, -1, 1, 4, 1000]);
  const items = s.node.items.map((i): ItemNode => ({ ...i, defined: true, lengthSkew: m.rng.chance(0.2) ? skew : 0 }));
  s.list[s.index] = { ...s.node, items, defined: true, lengthSkew: skew };
  return skew ? 'sequence-defined-length-wrong' : 'sequence-defined-length';
};

const dropDelimiter: TreeOp = (m) => {
  const s = pickSlot(m, ['sequence']);
  if (!s) return undefined;
  if (s.node.items.length && m.rng.chance(0.5)) {
    const k = m.rng.int(s.node.items.length);
    s.list[s.index] = { ...s.node, items: s.node.items.map((i, j) => (j === k ? { ...i, delimiter: false } : i)) };
    return 'item-delimiter-dropped';
  }
  s.list[s.index] = { ...s.node, delimiter: false };
  return 'sequence-delimiter-dropped';
};

const wrongItemTag: TreeOp = (m) => {
  const s = pickSlot(m, ['sequence']);
  if (!s || s.node.items.length === 0) return undefined;
  const tag = m.rng.pick([Tag.ItemDelimitationItem, Tag.SequenceDelimitationItem, 0xfffee001, Tag.PatientName]);
  s.list[s.index] = { ...s.node, items: s.node.items.map((i, k) => (k === 0 ? { ...i, tag } : i)) };
  return 'item-tag-wrong';
};

const strayItemTag: TreeOp = (m) => {
  const tag = m.rng.pick([Tag.Item, Tag.ItemDelimitationItem, Tag.SequenceDelimitationItem, 0xfffe0000]);
  insertAnywhere(m, rawTag(m.enc, tag, m.rng.pick([0, 8, UNDEFINED_LENGTH])));
  return 'stray-item-tag';
};

/** Many empty items (past ParseLimits.maxItems at the top) or many empty elements (maxElements). */
const flood: TreeOp = (m) => {
  if (m.rng.chance(0.6)) {
    insertAnywhere(m, { kind: 'flood', of: 'items', tag: 0x00081115, count: m.rng.pick([16, 1000, 60_000, 250_001]) });
    return 'item-flood';
  }
  // The one past the default bound is an 8 MB input: rarer, so that a slice stays quick.
  const count = m.rng.weighted([
    [6, 2000],
    [3, 100_000],
    [1, 1_000_001],
  ] as const);
  insertAnywhere(m, { kind: 'flood', of: 'elements', tag: 0x00091010, count });
  return 'element-flood';
};

/** Weighted: lengths and VRs most often, since every element has them. */
const OPS: readonly (readonly [number, TreeOp])[] = [
  [
    6,
    patchHeader('length-odd', (n, r) => ({ length: (n.kind === 'element' ? n.value.length : 0) + r.pick([1, -1, 3]) })),
  ],
  [5, patchHeader('length-huge', (_n, r) => ({ length: r.pick(HUGE) }))],
  [4, patchHeader('length-interesting', (_n, r) => ({ length: r.pick(INTERESTING_U32) }))],
  [5, undefinedOnNonSequence],
  [
    5,
    patchHeader('vr-unknown', (_n, r) => ({
      vr: r.chance(0.3) ? r.bytes(2).toString('latin1') : r.pick(BAD_VRS),
      longHeader: r.chance(0.5),
    })),
  ],
  [5, patchHeader('vr-wrong', (_n, r) => ({ vr: r.pick(VRS) }))],
  [4, patchHeader('vr-lowercase', (n) => ({ vr: n.vr.toLowerCase() }))],
  [2, patchHeader('vr-header-form', (n) => ({ longHeader: !(n.longHeader ?? LONG_FORM.includes(n.vr)) }))],
  [4, definedSequence],
  [4, dropDelimiter],
  [3, wrongItemTag],
  [
    4,
    (m) => (
      insertAnywhere(m, { kind: 'nest', tag: 0x00400275, depth: m.rng.pick([2, 16, 63, 64, 65, 200, 3000]) }),
      'deep-nesting'
    ),
  ],
  [2, flood],
  [4, strayItemTag],
  ...fragmentOps,
  ...shapeOps,
];

/** Applies one weighted-random mutation; its name, or undefined when it found nothing to act on. */
export function mutateTree(m: MutationContext): string | undefined {
  return m.rng.weighted(OPS)(m);
}
