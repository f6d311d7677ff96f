/**
 * Wraps a dataset body as a Part 10 file (PS3.10 §7.1: 128-byte preamble, "DICM", then the File
 * Meta group in Explicit VR Little Endian led by its group length, PS3.10 §7.1 Table 7.1-1), and
 * sometimes breaks the wrapper: no preamble, no magic, a wrong or missing group length, the
 * Transfer Syntax UID missing, the group absent, or written in Implicit VR.
 */
import { Tag } from '../tags';
import type { Node } from './dicom-tree';
import { encodeTree } from './tree-encoder';
import { mutateTree } from './dicom-mutations';
import { INTERESTING_U32, type Prng } from './prng';

const EXPLICIT_LE = { implicit: false, bigEndian: false };

type MetaFault =
  | 'no-preamble'
  | 'no-dicm'
  | 'meta-group-length-wrong'
  | 'meta-group-length-missing'
  | 'meta-ts-missing'
  | 'meta-absent'
  | 'meta-implicit-vr'
  | 'meta-mutated';

const FAULTS: readonly MetaFault[] = [
  'no-preamble',
  'no-dicm',
  'meta-group-length-wrong',
  'meta-group-length-missing',
  'meta-ts-missing',
  'meta-absent',
  'meta-implicit-vr',
  'meta-mutated',
];

const uiValue = (uid: string): Buffer => Buffer.from(uid.length % 2 ? `${uid}\0` : uid, 'latin1');

/** `meta` is the group without (0002,0000); its Transfer Syntax UID is set to `declared`. */
export function wrapPart10(meta: Node[], declared: string, body: Buffer, rng: Prng, mutations: string[]): Buffer {
  let nodes: Node[] = meta.map((n) =>
    n.kind === 'element' && n.tag === Tag.TransferSyntaxUID ? { ...n, value: uiValue(declared) } : n,
  );
  const fault: MetaFault | undefined = rng.chance(0.25) ? rng.pick(FAULTS) : undefined;
  let preamble = Buffer.alloc(128);
  let magic = Buffer.from('DICM', 'latin1');
  let groupLength: number | undefined;
  let withGroupLength = true;
  let metaEncoding = EXPLICIT_LE;
  switch (fault) {
    case undefined:
      break;
    case 'no-preamble':
      preamble = Buffer.alloc(0);
      break;
    case 'no-dicm':
      magic = rng.pick([Buffer.alloc(0), Buffer.from('DICN', 'latin1'), Buffer.from('dicm', 'latin1')]);
      break;
    case 'meta-group-length-wrong':
      groupLength = rng.pick(INTERESTING_U32);
      break;
    case 'meta-group-length-missing':
      withGroupLength = false;
      break;
    case 'meta-ts-missing':
      nodes = nodes.filter((n) => n.kind !== 'element' || n.tag !== Tag.TransferSyntaxUID);
      break;
    case 'meta-absent':
      nodes = [];
      withGroupLength = false;
      break;
    case 'meta-implicit-vr':
      metaEncoding = { implicit: true, bigEndian: false };
      break;
    case 'meta-mutated': {
      const name = mutateTree({ rng, enc: EXPLICIT_LE, nodes });
      if (name) mutations.push(`meta:${name}`);
      break;
    }
  }
  if (fault) mutations.push(fault);
  const metaBytes = encodeTree(nodes, metaEncoding);
  const length = Buffer.alloc(4);
  length.writeUInt32LE((groupLength ?? metaBytes.length) >>> 0);
  const lengthElement = withGroupLength
    ? encodeTree([{ kind: 'element', tag: Tag.FileMetaInformationGroupLength, vr: 'UL', value: length }], metaEncoding)
    : Buffer.alloc(0);
  return Buffer.concat([preamble, magic, lengthElement, metaBytes, body]);
}
