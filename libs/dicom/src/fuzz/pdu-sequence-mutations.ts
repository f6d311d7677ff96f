/**
 * Mutations of the order and framing of PDUs on one connection, against the upper-layer state
 * machine (PS3.8 §9.2, Table 9-10): data before association or after release, release and abort in
 * odd states, a second A-ASSOCIATE-RQ, PDUs only an acceptor sends, unknown PDU types, headers cut
 * short, and length fields (PS3.8 §9.3.1) larger than any PDU the gateway will buffer.
 */
import { abortPdu, encodePDataTf, pdu, PduType, releasePdu } from './pdu-encoding';
import type { Prng } from './prng';

export interface PduStep {
  label: string;
  bytes: Buffer;
  /** Wait for the peer's answer (or its silence, or the close) before the next step. */
  await: boolean;
}

type SequenceOp = (steps: PduStep[], rng: Prng) => string;

const at = (steps: PduStep[], rng: Prng): number => rng.int(steps.length + 1);
const insert = (steps: PduStep[], index: number, step: PduStep): void => void steps.splice(index, 0, step);
const firstData = (steps: PduStep[]): number =>
  Math.max(
    0,
    steps.findIndex((s) => s.label === 'p-data'),
  );
const stray = (label: string, bytes: Buffer): PduStep => ({ label, bytes, await: true });

const OPS: readonly (readonly [number, SequenceOp])[] = [
  [
    3,
    (s) => (
      insert(s, 0, stray('p-data', encodePDataTf([{ pcid: 1, control: 0x03, data: Buffer.alloc(8) }]))),
      'pdata-before-association'
    ),
  ],
  [
    2,
    (s, r) => (
      s.push(stray('p-data', encodePDataTf([{ pcid: 1, control: r.pick([0x02, 0x03]), data: r.bytes(16) }]))),
      'pdata-after-release'
    ),
  ],
  [
    4,
    (s, r) => {
      const type = r.pick([0x00, 0x08, 0x0a, 0x11, 0x81, 0xff]);
      insert(s, at(s, r), stray('bogus', pdu(type, r.bytes(r.range(0, 32)))));
      return 'bogus-pdu-type';
    },
  ],
  [
    3,
    (s, r) => {
      const header = pdu(r.pick([PduType.AssociateRq, PduType.PDataTf, PduType.ReleaseRq]), Buffer.alloc(0), 100);
      s.push(stray('cut-header', header.subarray(0, r.range(1, 5))));
      return 'truncated-header';
    },
  ],
  [
    3,
    (s, r) => {
      const i = r.int(s.length);
      s[i] = { ...s[i], bytes: s[i].bytes.subarray(0, r.int(s[i].bytes.length)) };
      s.splice(i + 1); // the rest would only be read as the cut PDU's missing bytes
      return `truncated-${s[i].label}`;
    },
  ],
  [
    2,
    (s, r) => (insert(s, r.chance(0.5) ? 0 : firstData(s), stray('release-rq', releasePdu())), 'release-in-odd-state'),
  ],
  [
    2,
    (s, r) => (
      insert(s, at(s, r), stray('abort', abortPdu(r.pick([0, 2, 7]), r.pick([0, 6, 255])))),
      'abort-in-odd-state'
    ),
  ],
  [
    2,
    (s, r) => {
      const rq = s.find((x) => x.label === 'associate-rq');
      if (rq) insert(s, r.range(1, s.length), stray('associate-rq', rq.bytes));
      return 'second-associate-rq';
    },
  ],
  [
    2,
    (s, r) => {
      // A-ASSOCIATE-AC / -RJ and A-RELEASE-RP are only ever sent to the requestor.
      const type = r.pick([PduType.AssociateAc, PduType.AssociateRj, PduType.ReleaseRp]);
      const body =
        type === PduType.AssociateRj ? Buffer.from([0, 1, 1, 3]) : r.bytes(type === PduType.ReleaseRp ? 4 : 68);
      insert(s, at(s, r), stray('wrong-direction', pdu(type, body)));
      return 'wrong-direction-pdu';
    },
  ],
  [
    3,
    (s, r) => {
      const length = r.pick([0xffffffff, 0x01000001, 0x00010001, 0x00040001, 0x7fffffff]);
      const type = r.pick([PduType.AssociateRq, PduType.PDataTf, PduType.ReleaseRq]);
      insert(s, r.chance(0.5) ? 0 : at(s, r), stray('oversized', pdu(type, r.bytes(r.range(0, 64)), length)));
      return 'oversized-pdu-length';
    },
  ],
  [
    3,
    (s, r) => {
      const i = r.int(s.length);
      const b = Buffer.from(s[i].bytes);
      if (b.length >= 6) b.writeUInt32BE(Math.max(0, b.readUInt32BE(2) + r.pick([-7, -1, 1, 2, 100])) >>> 0, 2);
      s[i] = { ...s[i], bytes: b };
      return `pdu-length-skew-${s[i].label}`;
    },
  ],
  [1, (s, r) => (insert(s, at(s, r), stray('release-rp', releasePdu(PduType.ReleaseRp))), 'release-rp-sent')],
];

export function mutateSequence(steps: PduStep[], rng: Prng): string {
  return rng.weighted(OPS)(steps, rng);
}
