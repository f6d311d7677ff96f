import { parsePart10 } from '../parser';
import { Tag } from '../tags';
import { TransferSyntax } from '../transfer-syntax';
import { encodeDataset, writePart10 } from '../writer';
import { DicomMutator, encodingOf } from './dicom-mutator';
import { seeds } from './dicom-seeds';
import { treeOf } from './dicom-tree';
import { encodeTree } from './tree-encoder';

const SLICE = 3000;

describe('DicomMutator', () => {
  const mutator = new DicomMutator({ seed: 0x13 });
  const cases = Array.from({ length: SLICE }, (_, i) => mutator.case(i));

  it('writes every seed exactly as libs/dicom writes it, before any mutation', () => {
    for (const seed of seeds()) {
      if (seed.transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian) continue; // the writer refuses it
      const plain = seed.transferSyntaxUid === TransferSyntax.DeflatedExplicitVRLittleEndian;
      const ts = plain ? TransferSyntax.ExplicitVRLittleEndian : seed.transferSyntaxUid;
      const parsed = parsePart10(writePart10(seed.dataset, { transferSyntaxUid: seed.transferSyntaxUid })).dataset;
      expect(encodeTree(treeOf(parsed), encodingOf(ts))).toEqual(Buffer.concat(encodeDataset(seed.dataset, ts)));
    }
  });

  it('leaves an unmutated Part 10 case byte for byte what writePart10 writes', () => {
    const plain = cases.filter((c) => c.mutations.length === 0 && c.mode === 'part10' && c.seed.startsWith('ct-'));
    const byName = new Map(seeds().map((s) => [s.name, s]));
    const checked = plain.filter((c) => !['ct-explicit-be', 'ct-deflated'].includes(c.seed));
    expect(checked.length).toBeGreaterThan(10);
    for (const c of checked) {
      const seed = byName.get(c.seed)!;
      expect(c.bytes).toEqual(writePart10(seed.dataset, { transferSyntaxUid: seed.transferSyntaxUid }));
    }
  });

  it('writes Explicit VR Big Endian with swapped headers and numeric values (PS3.5 §A.3)', () => {
    const ds = seeds().find((s) => s.transferSyntaxUid === TransferSyntax.ExplicitVRBigEndian)!.dataset;
    const be = encodeTree(treeOf(ds), { implicit: false, bigEndian: true });
    const rows = Buffer.from([0x00, 0x28, 0x00, 0x10, 0x55, 0x53, 0x00, 0x02, 0x00, 0x08]); // (0028,0010) US 2 = 8
    expect(be.includes(rows)).toBe(true);
  });

  it('is a pure function of the seed and the case index', () => {
    const again = new DicomMutator({ seed: 0x13 });
    for (const i of [0, 1, 17, 999, SLICE - 1]) expect(again.case(i)).toEqual(cases[i]);
    const other = new DicomMutator({ seed: 0x14 });
    expect([0, 1, 2, 3].map((i) => other.case(i).bytes)).not.toEqual([0, 1, 2, 3].map((i) => cases[i].bytes));
  });

  it('reaches every kind of mutation the suite promises within a few thousand cases', () => {
    const seen = new Set(cases.flatMap((c) => c.mutations.map((m) => m.replace(/:.*$/, ''))));
    const promised = [
      'length-odd',
      'length-huge',
      'length-undefined-non-sq',
      'vr-unknown',
      'vr-wrong',
      'vr-lowercase',
      'sequence-defined-length-wrong',
      'deep-nesting',
      'item-flood',
      'truncated',
      'deflate-bomb',
      'encoded-as',
      'declared-as',
      'no-preamble',
      'no-dicm',
      'meta-group-length-wrong',
      'meta-ts-missing',
      'meta-absent',
      'fragment-length',
      'sequence-as-un',
    ];
    expect(promised.filter((m) => !seen.has(m))).toEqual([]);
    expect(new Set(cases.map((c) => c.transferSyntaxUid)).size).toBeGreaterThan(6);
  });

  it('gives each case its own SOP Instance UID when asked to', () => {
    const unique = new DicomMutator({ seed: 0x13, uniqueUids: true, mode: 'part10' });
    const uids = [0, 1, 2].map((i) => {
      const c = unique.case(i);
      return c.mutations.length ? undefined : parsePart10(c.bytes).dataset.string(Tag.SOPInstanceUID);
    });
    expect(new Set(uids.filter(Boolean)).size).toBe(uids.filter(Boolean).length);
  });
});
