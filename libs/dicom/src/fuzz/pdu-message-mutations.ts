/**
 * Mutations of one C-STORE message on the wire: its command set (PS3.7 §9.3.1.1, Table E.1-1:
 * command field, data set type, group length, affected SOP class and instance) and the PDV items
 * that carry command and dataset (PS3.8 §9.3.5.1 and Annex E: item length, presentation context
 * id, message control header bits, fragments out of order or after the last one).
 */
import type { Dataset } from '../dataset';
import { Cmd, type Pdv, VERIFICATION_SOP_CLASS } from './pdu-encoding';
import { INTERESTING_U32, type Prng } from './prng';

export interface CommandDraft {
  command: Dataset;
  groupLength?: number;
  /** Damage the encoded command bytes as well. */
  damage?: boolean;
}

type CommandOp = (d: CommandDraft, rng: Prng) => string;

const COMMAND_OPS: readonly (readonly [number, CommandOp])[] = [
  // 8001H is a C-STORE-RSP sent to the SCP; 0020H C-FIND-RQ on a storage context; 0FFFH none.
  [
    3,
    (d, r) => (d.command.setUint16(Cmd.CommandField, r.pick([0xffff, 0x8001, 0x0020, 0x0030, 0x0fff, 0])), 'cmd-field'),
  ],
  [2, (d, r) => (d.command.setUint16(Cmd.CommandDataSetType, r.pick([0x0101, 0x0102, 0xfffe])), 'cmd-dataset-type')],
  [2, (d, r) => ((d.groupLength = r.pick(INTERESTING_U32)), 'cmd-group-length')],
  [
    2,
    (d, r) => (
      d.command.setString(Cmd.AffectedSOPClassUID, 'UI', r.pick([VERIFICATION_SOP_CLASS, '1.2.3', '', '1'.repeat(70)])),
      'cmd-sop-class'
    ),
  ],
  [
    2,
    (d, r) => (
      d.command.setString(Cmd.AffectedSOPInstanceUID, 'UI', r.pick(['', '2.25.1', '1..1'])),
      'cmd-sop-instance'
    ),
  ],
  [
    2,
    (d, r) => (
      d.command.delete(r.pick([Cmd.MessageID, Cmd.CommandField, Cmd.AffectedSOPClassUID, Cmd.CommandDataSetType])),
      'cmd-element-missing'
    ),
  ],
  [
    1,
    (d, r) => (
      d.command.set({ tag: Cmd.MessageID, vr: 'UL', value: r.bytes(r.pick([0, 1, 4, 6])) }),
      'cmd-value-length'
    ),
  ],
  [2, (d) => ((d.damage = true), 'cmd-bytes-damaged')],
];

export function mutateCommand(d: CommandDraft, rng: Prng): string {
  return rng.weighted(COMMAND_OPS)(d, rng);
}

type PdvOp = (pdus: Pdv[][], rng: Prng) => string | undefined;

function pickPdv(pdus: Pdv[][], rng: Prng): { pdu: Pdv[]; index: number } | undefined {
  const all = pdus.flatMap((pdu) => pdu.map((_, index) => ({ pdu, index })));
  return all.length ? rng.pick(all) : undefined;
}

const patchPdv =
  (name: string, patch: (p: Pdv, rng: Prng) => Partial<Pdv>): PdvOp =>
  (pdus, rng) => {
    const s = pickPdv(pdus, rng);
    if (!s) return undefined;
    s.pdu[s.index] = { ...s.pdu[s.index], ...patch(s.pdu[s.index], rng) };
    return name;
  };

/** The command PDV is first; dataset fragments follow, the last with bit 1 set. */
const PDV_OPS: readonly (readonly [number, PdvOp])[] = [
  [
    4,
    patchPdv('pdv-length', (p, r) => ({ length: r.pick([0, 1, 2, p.data.length + 1, p.data.length + 3, 0xffffffff]) })),
  ],
  [3, patchPdv('pdv-context-id', (_p, r) => ({ pcid: r.pick([0, 2, 3, 5, 255]) }))],
  [4, patchPdv('pdv-control', (p, r) => ({ control: r.pick([0x00, 0x01, 0x02, 0x03, 0xfc | p.control, 0xff]) }))],
  [
    2,
    (pdus) => {
      if (pdus.length < 2) return undefined;
      pdus.splice(0, 2, [...pdus[0], ...pdus[1]]);
      return 'pdv-command-and-data-in-one-pdu';
    },
  ],
  [2, (pdus) => (pdus.length > 1 ? (pdus.splice(0, 1), 'dataset-without-command') : undefined)],
  [2, (pdus) => (pdus.length ? (pdus.splice(1, 0, pdus[0]), 'command-twice') : undefined)],
  [
    2,
    (pdus, rng) => {
      pdus.push([{ pcid: 1, control: rng.pick([0x00, 0x02]), data: rng.bytes(rng.range(0, 64)) }]);
      return 'fragment-after-last';
    },
  ],
  [
    2,
    (pdus) => {
      for (const pdu of pdus.slice(1)) for (let i = 0; i < pdu.length; i++) pdu[i] = { ...pdu[i], control: 0x00 };
      return 'last-fragment-never-flagged';
    },
  ],
  [1, (pdus) => (pdus.splice(1, 0, []), 'pdata-without-pdvs')],
];

export function mutatePdvs(pdus: Pdv[][], rng: Prng): string | undefined {
  return rng.weighted(PDV_OPS)(pdus, rng);
}
