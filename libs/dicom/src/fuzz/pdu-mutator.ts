/**
 * The PDU mutator: case `i` of seed `s` is one TCP conversation with the gateway's DIMSE listener,
 * built valid and then broken. The valid one (PS3.8 §9.2, PS3.7 §9.3.1): A-ASSOCIATE-RQ from FUZZ
 * to DELINEO proposing CT Image Storage in the payload's syntax and in Implicit VR LE, and
 * Verification; a C-STORE-RQ command set (Implicit VR LE, its own PDV) and the dataset in
 * fragments; A-RELEASE-RQ. Mutations act on the request, the message, and the PDU sequence.
 */
import { TransferSyntax } from '../transfer-syntax';
import { Tag } from '../tags';
import { encodeDataset } from '../writer';
import { CT_IMAGE_STORAGE, ctDataset } from './dicom-seeds';
import { mutateBytes } from './byte-mutations';
import { mutateAssociateRq } from './pdu-associate-mutations';
import {
  aeField,
  APPLICATION_CONTEXT,
  type AssociateRq,
  cStoreRq,
  encodeAssociateRq,
  encodeCommand,
  encodePDataTf,
  type Pdv,
  presentationContext,
  releasePdu,
  uidItem,
  userInformation,
  VERIFICATION_SOP_CLASS,
} from './pdu-encoding';
import { type CommandDraft, mutateCommand, mutatePdvs } from './pdu-message-mutations';
import { mutateSequence, type PduStep } from './pdu-sequence-mutations';
import { Prng } from './prng';

export const FUZZ_AE = 'FUZZ';
export const GATEWAY_AE = 'DELINEO';
/** The presentation contexts proposed (odd ids, PS3.8 §9.3.2.2): payload syntax, Implicit LE, Verification. */
export const STORE_CONTEXT = 1;
export const IMPLICIT_CONTEXT = 3;
export const ECHO_CONTEXT = 5;

export interface StorePayload {
  bytes: Buffer;
  transferSyntaxUid: string;
  sopInstanceUid: string;
}

export interface PduCase {
  index: number;
  steps: PduStep[];
  mutations: string[];
  /** Write every step in small TCP segments (exercises the listener's PDU framing). */
  chunked: boolean;
}

type Family = 'request' | 'command' | 'pdv' | 'sequence';

export class PduMutator {
  constructor(private readonly seed: number) {}

  /** A valid CT slice in Explicit VR Little Endian with a SOP Instance UID of its own. */
  payload(index: number): StorePayload {
    const ds = ctDataset('native', 7);
    const sopInstanceUid = `${ds.string(Tag.SOPInstanceUID)}.${this.seed >>> 0}.${index}`;
    ds.setString(Tag.SOPInstanceUID, 'UI', sopInstanceUid);
    const ts = TransferSyntax.ExplicitVRLittleEndian;
    return { bytes: Buffer.concat(encodeDataset(ds, ts)), transferSyntaxUid: ts, sopInstanceUid };
  }

  /** The unmutated conversation for `payload` (a valid one by default). */
  valid(index: number, payload: StorePayload = this.payload(index)): PduCase {
    return this.build(index, payload, new Prng(this.seed, index), []);
  }

  /** One to three mutations of the conversation around a valid payload. */
  case(index: number): PduCase {
    const rng = new Prng(this.seed, index);
    const families = Array.from({ length: rng.range(1, 3) }, () =>
      rng.weighted<Family>([
        [4, 'request'],
        [2, 'command'],
        [3, 'pdv'],
        [5, 'sequence'],
      ]),
    );
    return this.build(index, this.payload(index), rng, families);
  }

  private build(index: number, payload: StorePayload, rng: Prng, families: Family[]): PduCase {
    const mutations: string[] = [];
    const count = (f: Family): number => families.filter((x) => x === f).length;
    const rq = associateRq(payload.transferSyntaxUid);
    for (let n = count('request'); n > 0; n--) mutations.push(mutateAssociateRq(rq, rng) ?? 'request-unchanged');
    const draft: CommandDraft = { command: cStoreRq(1, CT_IMAGE_STORAGE, payload.sopInstanceUid) };
    for (let n = count('command'); n > 0; n--) mutations.push(mutateCommand(draft, rng));
    let command = encodeCommand(draft.command, draft.groupLength);
    if (draft.damage) command = mutateBytes(command, rng, payload.bytes)[0];
    const pdus: Pdv[][] = [[{ pcid: STORE_CONTEXT, control: 0x03, data: command }]];
    const fragment = count('pdv') && rng.chance(0.3) ? rng.pick([1, 7, 64]) : 16_384;
    for (let at = 0; at < payload.bytes.length || at === 0; at += fragment) {
      const last = at + fragment >= payload.bytes.length;
      pdus.push([
        { pcid: STORE_CONTEXT, control: last ? 0x02 : 0x00, data: payload.bytes.subarray(at, at + fragment) },
      ]);
    }
    for (let n = count('pdv'); n > 0; n--) mutations.push(mutatePdvs(pdus, rng) ?? 'pdv-unchanged');
    const steps: PduStep[] = [
      { label: 'associate-rq', bytes: encodeAssociateRq(rq), await: true },
      ...pdus.map((p, i) => ({ label: 'p-data', bytes: encodePDataTf(p), await: i === pdus.length - 1 })),
      { label: 'release-rq', bytes: releasePdu(), await: true },
    ];
    for (let n = count('sequence'); n > 0; n--) mutations.push(mutateSequence(steps, rng));
    const chunked = families.length > 0 && rng.chance(0.1);
    if (chunked) mutations.push('chunked');
    return { index, steps, mutations, chunked };
  }
}

export function associateRq(transferSyntaxUid: string): AssociateRq {
  return {
    protocolVersion: 1,
    called: aeField(GATEWAY_AE),
    calling: aeField(FUZZ_AE),
    items: [
      uidItem(0x10, APPLICATION_CONTEXT),
      presentationContext(STORE_CONTEXT, CT_IMAGE_STORAGE, [transferSyntaxUid]),
      presentationContext(IMPLICIT_CONTEXT, CT_IMAGE_STORAGE, [TransferSyntax.ImplicitVRLittleEndian]),
      presentationContext(ECHO_CONTEXT, VERIFICATION_SOP_CLASS, [TransferSyntax.ImplicitVRLittleEndian]),
      userInformation(16_384),
    ],
  };
}
