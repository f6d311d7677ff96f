/** Where a tree mutation may act: any header-bearing node at any depth, or any list to insert into. */
import type { Encoding, Node } from './dicom-tree';
import { encodeTree } from './tree-encoder';
import type { Prng } from './prng';

export interface MutationContext {
  rng: Prng;
  /** The encoding the tree will be written in (stray raw bytes follow its byte order). */
  enc: Encoding;
  nodes: Node[];
}

/** A mutation: changes `m.nodes` and names what it did, or returns undefined when it found no target. */
export type TreeOp = (m: MutationContext) => string | undefined;

type HeaderNode = Extract<Node, { tag: number; vr: string }>;

interface Slot<N extends Node> {
  list: Node[];
  index: number;
  node: N;
}

function slots(nodes: Node[], out: Slot<HeaderNode>[] = []): Slot<HeaderNode>[] {
  nodes.forEach((node, index) => {
    if (node.kind === 'raw' || node.kind === 'nest' || node.kind === 'flood') return;
    out.push({ list: nodes, index, node });
    if (node.kind === 'sequence') for (const item of node.items) slots(item.nodes, out);
  });
  return out;
}

/** A random node of one of `kinds`, anywhere in the tree; replace it through `list[index]`. */
export function pickSlot<K extends HeaderNode['kind']>(
  m: MutationContext,
  kinds: readonly K[],
): Slot<Extract<HeaderNode, { kind: K }>> | undefined {
  const all = slots(m.nodes).filter((s) => (kinds as readonly string[]).includes(s.node.kind));
  return all.length === 0 ? undefined : (m.rng.pick(all) as Slot<Extract<HeaderNode, { kind: K }>>);
}

/** Inserts at a random place: the top level or inside any item. */
export function insertAnywhere(m: MutationContext, node: Node): void {
  const all: Node[][] = [];
  const walk = (nodes: Node[]): void => {
    all.push(nodes);
    for (const n of nodes) if (n.kind === 'sequence') for (const item of n.items) walk(item.nodes);
  };
  walk(m.nodes);
  const list = m.rng.pick(all);
  list.splice(m.rng.int(list.length + 1), 0, node);
}

/** A bare tag + 32-bit length (item or delimiter, PS3.5 §7.5) in the tree's byte order. */
export function rawTag(enc: Encoding, tag: number, length: number): Node {
  const header = { kind: 'element', tag, vr: 'UL', value: Buffer.alloc(0), length } as const;
  return { kind: 'raw', bytes: encodeTree([header], { ...enc, implicit: true }) };
}

/** A deep copy of the tree's structure; value buffers stay shared (mutations replace, never write). */
export function cloneTree(nodes: readonly Node[]): Node[] {
  return nodes.map((n): Node => {
    switch (n.kind) {
      case 'sequence':
        return { ...n, items: n.items.map((i) => ({ ...i, nodes: cloneTree(i.nodes) })) };
      case 'fragments':
        return { ...n, fragments: n.fragments.map((f) => ({ ...f })) };
      case 'element':
      case 'raw':
      case 'nest':
      case 'flood':
        return { ...n };
    }
  });
}
