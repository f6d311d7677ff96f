/**
 * Mutations of an A-ASSOCIATE-RQ (PS3.8 §9.3.2): its PDU length, protocol version and AE titles
 * (Table 9-11), and its variable items and sub-items (application context 10H, presentation
 * context 20H with abstract 30H and transfer syntax 40H sub-items, user information 50H with
 * maximum length 51H, implementation 52H/55H, asynchronous operations 53H, role selection 54H,
 * user identity 58H): wrong lengths and types, items missing, repeated, garbled, too many.
 */
import {
  aeField,
  type AssociateRq,
  encodeAssociateRq,
  presentationContext,
  uidItem,
  type VarItem,
} from './pdu-encoding';
import type { Prng } from './prng';

type RqOp = (rq: AssociateRq, rng: Prng) => string | undefined;

/** Every item and sub-item with the list that holds it. */
function allItems(
  items: VarItem[],
  out: { list: VarItem[]; index: number }[] = [],
): { list: VarItem[]; index: number }[] {
  items.forEach((item, index) => {
    out.push({ list: items, index });
    if (item.sub) allItems(item.sub, out);
  });
  return out;
}

function pickItem(rq: AssociateRq, rng: Prng, pred: (i: VarItem) => boolean = () => true) {
  const all = allItems(rq.items).filter((s) => pred(s.list[s.index]));
  return all.length ? rng.pick(all) : undefined;
}

const trueLength = (rq: AssociateRq): number => encodeAssociateRq({ ...rq, length: undefined }).length - 6;

const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};

const OPS: readonly (readonly [number, RqOp])[] = [
  [
    4,
    (rq, rng) => (
      (rq.length = rng.pick([0, 1, 67, trueLength(rq) - 1, trueLength(rq) + 1, 0x10001, 0xffffffff])),
      'rq-pdu-length'
    ),
  ],
  [2, (rq, rng) => ((rq.protocolVersion = rng.pick([0, 2, 0xffff])), 'rq-protocol-version')],
  [
    3,
    (rq, rng) => {
      const field = rng.chance(0.5) ? 'called' : 'calling';
      rq[field] = rng.chance(0.3)
        ? rng.bytes(16)
        : aeField(rng.pick(['', 'WRONG', 'delineo', 'fuzz', ' FUZZ', 'FUZZ\0', '\\\\']));
      return `rq-${field}-ae`;
    },
  ],
  [
    5,
    (rq, rng) => {
      const s = pickItem(rq, rng);
      if (!s) return undefined;
      const item = s.list[s.index];
      s.list[s.index] = { ...item, length: rng.pick([0, 1, 3, 0xffff, rng.int(0x10000)]) };
      return 'rq-item-length';
    },
  ],
  [
    3,
    (rq, rng) => {
      const s = pickItem(rq, rng);
      if (!s) return undefined;
      s.list[s.index] = { ...s.list[s.index], type: rng.pick([0x00, 0x11, 0x21, 0x40, 0x51, 0x99, 0xff]) };
      return 'rq-item-type';
    },
  ],
  [
    3,
    (rq, rng) => {
      const s = pickItem(rq, rng);
      if (!s) return undefined;
      if (rng.chance(0.5)) s.list.splice(s.index, 1);
      else s.list.splice(s.index, 0, s.list[s.index]);
      return 'rq-item-dropped-or-repeated';
    },
  ],
  [
    2,
    (rq, rng) => {
      const s = pickItem(rq, rng);
      if (!s) return undefined;
      s.list[s.index] = { type: s.list[s.index].type, head: rng.bytes(rng.pick([0, 1, 3, 8, 300])) };
      return 'rq-item-garbage';
    },
  ],
  [
    2,
    (rq, rng) => {
      const n = rng.pick([127, 128, 200, 400]);
      const extra = Array.from({ length: n }, (_, i) =>
        presentationContext((2 * i + 5) & 0xff, `1.2.840.10008.5.1.4.1.1.${i}`, ['1.2.840.10008.1.2']),
      );
      rq.items.splice(2, 0, ...extra);
      return 'rq-many-contexts';
    },
  ],
  [
    2,
    (rq, rng) => {
      const s = pickItem(rq, rng, (i) => i.type === 0x20);
      if (!s) return undefined;
      const head = Buffer.from(s.list[s.index].head ?? [0, 0, 0, 0]);
      head[0] = rng.pick([0, 2, 254, 255]);
      s.list[s.index] = { ...s.list[s.index], head };
      return 'rq-context-id';
    },
  ],
  [
    3,
    (rq, rng) => {
      const s = pickItem(rq, rng, (i) => [0x10, 0x30, 0x40, 0x52].includes(i.type));
      if (!s) return undefined;
      const bad = rng.pick(['', '1'.repeat(70), '1.2.840.10008.1.2\0', '1..2', '\xff\xfe']);
      s.list[s.index] = { ...s.list[s.index], head: Buffer.from(bad, 'latin1') };
      return 'rq-uid-garbage';
    },
  ],
  [
    2,
    (rq, rng) => {
      const s = pickItem(rq, rng, (i) => i.type === 0x51);
      if (!s) return undefined;
      s.list[s.index] = {
        ...s.list[s.index],
        head: rng.chance(0.2) ? Buffer.alloc(2) : u32(rng.pick([0, 1, 4096, 0xffffffff])),
      };
      return 'rq-max-pdu-length';
    },
  ],
  [2, userInformationExtras],
];

/** Optional user-information sub-items (PS3.7 Annex D.3.3) with bodies right, short or random. */
function userInformationExtras(rq: AssociateRq, rng: Prng): string | undefined {
  const s = pickItem(rq, rng, (i) => i.type === 0x50);
  if (!s) return undefined;
  const role = Buffer.concat([Buffer.from([0, 17]), Buffer.from('1.2.840.10008.1.1', 'latin1'), Buffer.from([1, 1])]);
  const identity = Buffer.concat([
    Buffer.from([2, 1, 0, 4]),
    Buffer.from('fuzz'),
    Buffer.from([0, 4]),
    Buffer.from('pass'),
  ]);
  const extras: VarItem[] = [
    { type: 0x53, head: Buffer.from([0, 5, 0, 5]) },
    { type: 0x54, head: role },
    { type: 0x56, head: rng.bytes(rng.range(0, 40)) },
    { type: 0x58, head: rng.chance(0.5) ? identity : identity.subarray(0, rng.int(identity.length)) },
    uidItem(0x52, '2.25.1'),
  ];
  // Beyond 64 KiB: the gateway caps a PDU received before association (dimse.maxPreAssociationPduBytes).
  const flood = rng.chance(0.2) ? Array.from({ length: 20 }, () => ({ type: 0x5f, head: Buffer.alloc(4000) })) : [];
  const item = s.list[s.index];
  s.list[s.index] = { ...item, sub: [...(item.sub ?? []), ...extras.filter(() => rng.chance(0.5)), ...flood] };
  return flood.length ? 'rq-user-info-oversized' : 'rq-user-info-extras';
}

export function mutateAssociateRq(rq: AssociateRq, rng: Prng): string | undefined {
  return rng.weighted(OPS)(rq, rng);
}
