/**
 * The fuzzer's view of an encoded dataset: a tree of element headers and values in which every
 * field the wire carries (VR, length, delimiters) can be set to a value the standard forbids, and
 * an encoder (tree-encoder.ts) that writes the tree as-is: unmutated, exactly what libs/dicom's
 * writer does.
 */
import type { Dataset } from '../dataset';

export const UNDEFINED_LENGTH = 0xffffffff;

export interface Header {
  tag: number;
  /** Written as its first two latin1 bytes: may be unknown, lowercase or wrong (PS3.5 §7.1.2). */
  vr: string;
  /** A length field to write instead of the true one. */
  length?: number;
  /** Or the true length plus this (a defined length that is off by a few bytes). */
  lengthSkew?: number;
  /** Explicit VR header form: 32-bit length (PS3.5 Table 7.1-1) or 16-bit; default from the VR. */
  longHeader?: boolean;
}

export interface ElementNode extends Header {
  kind: 'element';
  value: Buffer;
}

export interface ItemNode {
  /** Default (FFFE,E000) Item. */
  tag?: number;
  nodes: Node[];
  /** A defined item length (computed) instead of undefined length + delimitation item. */
  defined?: boolean;
  length?: number;
  lengthSkew?: number;
  /** Write the (FFFE,E00D) delimiter; default true for undefined-length items. */
  delimiter?: boolean;
}

export interface SequenceNode extends Header {
  kind: 'sequence';
  items: ItemNode[];
  defined?: boolean;
  delimiter?: boolean;
}

export interface FragmentsNode extends Header {
  kind: 'fragments';
  /** Encapsulated pixel data (PS3.5 §A.4): basic offset table first, then fragments. */
  fragments: { tag?: number; value: Buffer; length?: number }[];
  delimiter?: boolean;
}

/** Bytes inserted as they are, whatever the encoding: stray delimiters, garbage. */
export interface RawNode {
  kind: 'raw';
  bytes: Buffer;
}

/** `depth` sequences each holding one undefined-length item, nested; written without recursion. */
export interface NestNode {
  kind: 'nest';
  tag: number;
  depth: number;
}

/** `count` empty items in one sequence, or `count` empty elements (one tag, repeated). */
export interface FloodNode {
  kind: 'flood';
  of: 'items' | 'elements';
  tag: number;
  count: number;
}

export type Node = ElementNode | SequenceNode | FragmentsNode | RawNode | NestNode | FloodNode;

export interface Encoding {
  implicit: boolean;
  bigEndian: boolean;
}

/** The tree of a parsed (or freshly built) dataset; values are shared views, never mutated in place. */
export function treeOf(ds: Dataset): Node[] {
  return ds.sorted().map((el): Node => {
    if (el.items)
      return { kind: 'sequence', tag: el.tag, vr: 'SQ', items: el.items.map((i) => ({ nodes: treeOf(i) })) };
    if (el.fragments)
      return { kind: 'fragments', tag: el.tag, vr: el.vr, fragments: el.fragments.map((value) => ({ value })) };
    return { kind: 'element', tag: el.tag, vr: el.vr, value: el.value ?? Buffer.alloc(0) };
  });
}
