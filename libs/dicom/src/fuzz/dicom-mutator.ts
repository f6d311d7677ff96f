/**
 * The DICOM mutator: case `i` of seed `s` is a pure function of (s, i). It takes a valid seed
 * (written by libs/dicom's writer and read back, or a real file), re-encodes it in one of the
 * transfer syntaxes the parser is offered (PS3.5 §10, Annex A), applies tree mutations, may turn a
 * deflated body into a bomb, wraps it as a Part 10 file with a possibly broken meta group
 * (PS3.10 §7.1) or leaves it a bare dataset as C-STORE carries it, and may damage the bytes.
 */
import type { Dataset } from '../dataset';
import { parsePart10 } from '../parser';
import { Tag } from '../tags';
import { TransferSyntax } from '../transfer-syntax';
import { writePart10 } from '../writer';
import { mutateBytes } from './byte-mutations';
import { deflateBody } from './deflate-bomb';
import { mutateTree } from './dicom-mutations';
import { type Seed, seeds } from './dicom-seeds';
import { type Encoding, type Node, treeOf } from './dicom-tree';
import { encodeTree } from './tree-encoder';
import { wrapPart10 } from './part10-wrapper';
import { Prng } from './prng';
import { cloneTree } from './tree-slots';

export interface DicomCase {
  index: number;
  seed: string;
  /** `part10`: input to parsePart10 (STOW's part). `dataset`: parseDataset's, as a C-STORE carries it. */
  mode: 'part10' | 'dataset';
  /** The syntax declared (meta group, or presentation context); the body may be encoded otherwise. */
  transferSyntaxUid: string;
  bytes: Buffer;
  mutations: string[];
}

interface Prepared {
  name: string;
  transferSyntaxUid: string;
  meta: Node[];
  body: Node[];
}

export const ENCODINGS: readonly string[] = [
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ExplicitVRBigEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.JPEGBaseline8Bit,
  TransferSyntax.RLELossless,
];

export function encodingOf(ts: string): Encoding {
  return {
    implicit: ts === TransferSyntax.ImplicitVRLittleEndian,
    bigEndian: ts === TransferSyntax.ExplicitVRBigEndian,
  };
}

export interface DicomMutatorOptions {
  seed: number;
  /** Real Part 10 files to start from as well (those the parser accepts). */
  files?: readonly { name: string; bytes: Buffer }[];
  /** Give each case its own SOPInstanceUID, so that a live gateway stores rather than de-duplicates. */
  uniqueUids?: boolean;
  /** Only Part 10 files (STOW) or only bare datasets (C-STORE); both by default. */
  mode?: DicomCase['mode'];
}

export class DicomMutator {
  readonly seeds: readonly Prepared[];

  constructor(private readonly opts: DicomMutatorOptions) {
    const built = seeds().map(prepareSeed);
    const real = (opts.files ?? []).flatMap((f) => {
      try {
        const p = parsePart10(f.bytes);
        return [
          { name: f.name, transferSyntaxUid: p.transferSyntaxUid, meta: metaTree(p.meta), body: treeOf(p.dataset) },
        ];
      } catch {
        return []; // a file the parser refuses is no seed
      }
    });
    this.seeds = [...built, ...real];
  }

  case(index: number): DicomCase {
    const rng = new Prng(this.opts.seed, index);
    // Big Endian is refused at once (PS3.5 §A.3): a lighter weight keeps cases for what is parsed.
    const seed = rng.weighted(
      this.seeds.map((s) => [s.transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian ? 1 : 4, s] as const),
    );
    const mutations: string[] = [];
    let ts = seed.transferSyntaxUid;
    if (rng.chance(0.15)) {
      ts = rng.pick(ENCODINGS);
      mutations.push(`encoded-as:${ts}`);
    }
    const enc = encodingOf(ts);
    const nodes = cloneTree(seed.body);
    const meta = cloneTree(seed.meta);
    if (this.opts.uniqueUids) uniqueUid(nodes, meta, `${this.opts.seed >>> 0}.${index}`);
    for (
      let n = rng.weighted([
        [2, 0],
        [5, 1],
        [3, 2],
        [2, 3],
        [1, 6],
      ] as const);
      n > 0;
      n--
    ) {
      const name = mutateTree({ rng, enc, nodes });
      if (name) mutations.push(name);
    }
    let body = encodeTree(nodes, enc);
    if (rng.chance(0.08)) body = this.bytes(body, rng, mutations);
    if (ts === TransferSyntax.DeflatedExplicitVRLittleEndian) body = deflateBody(body, rng, mutations);
    let declared = ts;
    if (rng.chance(0.08)) {
      declared = rng.pick([...ENCODINGS, '1.2.3.4', '', 'x'.repeat(70)]);
      mutations.push(`declared-as:${declared}`);
    }
    const drawn = rng.chance(0.7) ? 'part10' : 'dataset'; // drawn even when forced: one draw sequence
    const mode = this.opts.mode ?? drawn;
    let bytes = mode === 'part10' ? wrapPart10(meta, declared, body, rng, mutations) : body;
    if (rng.chance(0.12)) bytes = this.bytes(bytes, rng, mutations);
    else if (rng.chance(0.08)) {
      bytes = bytes.subarray(0, rng.int(bytes.length + 1));
      mutations.push('truncated');
    }
    return { index, seed: seed.name, mode, transferSyntaxUid: declared, bytes, mutations };
  }

  private bytes(b: Buffer, rng: Prng, mutations: string[]): Buffer {
    const donor = encodeTree(rng.pick(this.seeds).body, { implicit: false, bigEndian: false });
    const [out, names] = mutateBytes(b, rng, donor);
    mutations.push(...names);
    return out;
  }
}

function prepareSeed(seed: Seed): Prepared {
  const big = seed.transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian;
  // The writer refuses Big Endian (retired, PS3.5 §A.3): write Explicit LE, re-encode the tree.
  const p = parsePart10(
    writePart10(seed.dataset, {
      transferSyntaxUid: big ? TransferSyntax.ExplicitVRLittleEndian : seed.transferSyntaxUid,
    }),
  );
  return {
    name: seed.name,
    transferSyntaxUid: seed.transferSyntaxUid,
    meta: metaTree(p.meta),
    body: treeOf(p.dataset),
  };
}

/** The meta group without its group length, which the wrapper computes (or breaks). */
function metaTree(meta: Dataset): Node[] {
  return treeOf(meta).filter((n) => !('tag' in n) || n.tag !== Tag.FileMetaInformationGroupLength);
}

function uniqueUid(nodes: Node[], meta: Node[], suffix: string): void {
  for (const [list, tag] of [
    [nodes, Tag.SOPInstanceUID],
    [meta, Tag.MediaStorageSOPInstanceUID],
  ] as const) {
    const i = list.findIndex((n) => n.kind === 'element' && n.tag === tag);
    const el = list[i];
    if (el?.kind !== 'element') continue;
    const uid = `${el.value.toString('latin1').replace(/\0+$/, '')}.${suffix}`.slice(0, 64);
    list[i] = { ...el, value: Buffer.from(uid.length % 2 ? `${uid}\0` : uid, 'latin1') };
  }
}
