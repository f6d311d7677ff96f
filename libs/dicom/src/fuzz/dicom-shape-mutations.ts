/**
 * Mutations of what a dataset holds rather than how one header is written: encapsulated pixel data
 * fragments (PS3.5 §A.4), values and their lengths, elements missing, repeated, out of order
 * (PS3.5 §7.1 wants ascending tags), UN that hides a sequence (PS3.5 §6.2.2), file-meta group
 * elements inside the dataset. Each returns its name, or undefined when it found nothing to act on.
 */
import { Tag } from '../tags';
import { type Node, UNDEFINED_LENGTH } from './dicom-tree';
import { insertAnywhere, pickSlot, type TreeOp } from './tree-slots';

const fragmentLength: TreeOp = (m) => {
  const s = pickSlot(m, ['fragments']);
  if (!s || s.node.fragments.length === 0) return undefined;
  const k = m.rng.int(s.node.fragments.length);
  const length = m.rng.pick([UNDEFINED_LENGTH, 0x7fffffff, s.node.fragments[k].value.length + 1, 0, 3]);
  s.list[s.index] = { ...s.node, fragments: s.node.fragments.map((f, j) => (j === k ? { ...f, length } : f)) };
  return 'fragment-length';
};

const fragmentTag: TreeOp = (m) => {
  const s = pickSlot(m, ['fragments']);
  if (!s || s.node.fragments.length === 0) return undefined;
  const tag = m.rng.pick([Tag.ItemDelimitationItem, Tag.SequenceDelimitationItem, Tag.PixelData, m.rng.u32()]);
  const k = m.rng.int(s.node.fragments.length);
  s.list[s.index] = { ...s.node, fragments: s.node.fragments.map((f, j) => (j === k ? { ...f, tag } : f)) };
  return 'fragment-tag-wrong';
};

const fragmentsShape: TreeOp = (m) => {
  const s = pickSlot(m, ['fragments']);
  if (!s) return undefined;
  switch (m.rng.int(3)) {
    case 0:
      s.list[s.index] = { ...s.node, delimiter: false };
      return 'fragments-undelimited';
    case 1:
      s.list[s.index] = { ...s.node, fragments: [] };
      return 'fragments-none';
    default:
      // Undefined length belongs to (7FE0,0010) only (PS3.5 §A.4); anywhere else it must be refused.
      s.list[s.index] = { ...s.node, tag: m.rng.pick([Tag.Rows, 0x7fe00008, 0x00091010]) };
      return 'fragments-on-other-tag';
  }
};

/** Native pixel data turned into fragments: encapsulated encoding under a native syntax. */
const nativeAsFragments: TreeOp = (m) => {
  const s = pickSlot(m, ['element']);
  if (!s) return undefined;
  s.list[s.index] = {
    kind: 'fragments',
    tag: s.node.tag,
    vr: 'OB',
    fragments: [{ value: Buffer.alloc(0) }, { value: s.node.value }],
  };
  return 'element-as-fragments';
};

const STRINGS = [
  '\\\\\\\\',
  'A'.repeat(65),
  '\0\0',
  '^^^^^=^^',
  '1..2',
  '.',
  '',
  '\xe9\xff',
  '1.2.03.',
  '-0.0e-9999',
  'NaN\\Infinity',
];

const value: TreeOp = (m) => {
  const s = pickSlot(m, ['element']);
  if (!s) return undefined;
  const r = m.rng;
  const choice = r.int(3);
  const bytes =
    choice === 0
      ? r.bytes(r.pick([0, 1, 2, 3, 7, 64, 1023]))
      : choice === 1
        ? Buffer.from(r.pick(STRINGS), 'latin1')
        : Buffer.alloc(r.pick([0x10000, 0x10002, 70001]), 0x31); // past a 16-bit length field
  s.list[s.index] = { ...s.node, value: bytes };
  return ['value-garbage', 'value-edge-string', 'value-oversized'][choice];
};

const deleteNode: TreeOp = (m) => {
  const s = pickSlot(m, ['element', 'sequence', 'fragments']);
  if (!s) return undefined;
  s.list.splice(s.index, 1);
  return 'element-deleted';
};

const duplicateOrSwap: TreeOp = (m) => {
  const s = pickSlot(m, ['element', 'sequence', 'fragments']);
  if (!s) return undefined;
  if (m.rng.chance(0.5)) {
    s.list.splice(s.index, 0, s.node);
    return 'element-duplicated';
  }
  const j = m.rng.int(s.list.length);
  [s.list[s.index], s.list[j]] = [s.list[j], s.list[s.index]];
  return 'elements-out-of-order';
};

/** A sequence relabelled UN: explicit VR readers must then read its items as implicit VR LE. */
const sequenceAsUn: TreeOp = (m) => {
  const s = pickSlot(m, ['sequence']);
  if (!s) return undefined;
  s.list[s.index] = { ...s.node, vr: 'UN', defined: m.rng.chance(0.3) };
  return 'sequence-as-un';
};

const oddElement: TreeOp = (m) => {
  const r = m.rng;
  const choice = r.int(4);
  const el: Node[] = [
    { kind: 'element', tag: Tag.TransferSyntaxUID, vr: 'UI', value: Buffer.from('1.2.840.10008.1.2\0') },
    { kind: 'element', tag: r.pick([0xffffffff, 0xfffe0001, 0x00000000]), vr: 'UL', value: Buffer.alloc(4) },
    { kind: 'element', tag: 0x00080000, vr: 'UL', value: Buffer.from([0xff, 0xff, 0, 0]) },
    { kind: 'element', tag: r.pick([Tag.Rows, Tag.BitsAllocated, 0x00280009]), vr: 'UN', value: r.bytes(r.int(6)) },
  ];
  insertAnywhere(m, el[choice]);
  return ['meta-element-in-dataset', 'reserved-tag', 'group-length-wrong', 'un-known-tag'][choice];
};

const itemsAdded: TreeOp = (m) => {
  const s = pickSlot(m, ['sequence']);
  if (!s) return undefined;
  const extra = Array.from({ length: m.rng.range(1, 4) }, () => ({ nodes: [], defined: m.rng.chance(0.5) }));
  s.list[s.index] = { ...s.node, items: [...s.node.items, ...extra] };
  return 'empty-items';
};

export const fragmentOps: readonly (readonly [number, TreeOp])[] = [
  [3, fragmentLength],
  [2, fragmentTag],
  [2, fragmentsShape],
  [2, nativeAsFragments],
];

export const shapeOps: readonly (readonly [number, TreeOp])[] = [
  [6, value],
  [3, deleteNode],
  [3, duplicateOrSwap],
  [3, sequenceAsUn],
  [3, oddElement],
  [2, itemsAdded],
];
