import { parseDataset } from '../parser';
import { Tag } from '../tags';
import { TransferSyntax } from '../transfer-syntax';
import { Cmd, PduType } from './pdu-encoding';
import { FUZZ_AE, GATEWAY_AE, PduMutator, STORE_CONTEXT } from './pdu-mutator';

/** Splits a byte stream into PDUs by their headers (PS3.8 §9.3.1). */
function pdus(stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length;) {
    const end = at + 6 + stream.readUInt32BE(at + 2);
    out.push(stream.subarray(at, end));
    at = end;
  }
  return out;
}

/** The PDV items of a P-DATA-TF (PS3.8 §9.3.5.1). */
function pdvs(pdu: Buffer): { pcid: number; control: number; data: Buffer }[] {
  const out = [];
  for (let at = 6; at < pdu.length;) {
    const len = pdu.readUInt32BE(at);
    out.push({ pcid: pdu[at + 4], control: pdu[at + 5], data: pdu.subarray(at + 6, at + 4 + len) });
    at += 4 + len;
  }
  return out;
}

describe('PduMutator', () => {
  const mutator = new PduMutator(0x13);

  it('builds a valid conversation: A-ASSOCIATE-RQ, C-STORE-RQ command and dataset fragments, A-RELEASE-RQ', () => {
    const c = mutator.valid(7);
    const stream = pdus(Buffer.concat(c.steps.map((s) => s.bytes)));
    expect(stream.map((p) => p[0])).toEqual([PduType.AssociateRq, PduType.PDataTf, PduType.PDataTf, PduType.ReleaseRq]);
    const rq = stream[0];
    expect(rq.readUInt16BE(6)).toBe(1); // protocol version (PS3.8 Table 9-11)
    expect(rq.toString('latin1', 10, 26).trim()).toBe(GATEWAY_AE);
    expect(rq.toString('latin1', 26, 42).trim()).toBe(FUZZ_AE);
    const [command] = pdvs(stream[1]);
    expect(command).toMatchObject({ pcid: STORE_CONTEXT, control: 0x03 });
    const cmd = parseDataset(command.data, TransferSyntax.ImplicitVRLittleEndian);
    expect(cmd.number(Cmd.CommandField)).toBe(0x0001);
    expect(cmd.number(0x00000000)).toBe(command.data.length - 12); // group length counts what follows it
    const [data] = pdvs(stream[2]);
    expect(data.control).toBe(0x02);
    const ds = parseDataset(data.data, TransferSyntax.ExplicitVRLittleEndian);
    expect(ds.string(Tag.SOPInstanceUID)).toBe(cmd.string(Cmd.AffectedSOPInstanceUID));
    expect(c.steps.map((s) => s.await)).toEqual([true, false, true, true]);
  });

  it('is a pure function of the seed and the case index', () => {
    const again = new PduMutator(0x13);
    for (const i of [0, 5, 123]) expect(again.case(i)).toEqual(mutator.case(i));
  });

  it('reaches the request, message and sequence mutations the suite promises', () => {
    const seen = new Set(Array.from({ length: 2000 }, (_, i) => mutator.case(i).mutations).flat());
    const promised = [
      'rq-pdu-length',
      'rq-item-length',
      'rq-item-type',
      'rq-many-contexts',
      'rq-user-info-oversized',
      'cmd-field',
      'pdv-length',
      'pdv-context-id',
      'pdv-control',
      'pdata-before-association',
      'pdata-after-release',
      'bogus-pdu-type',
      'truncated-header',
      'release-in-odd-state',
      'abort-in-odd-state',
      'second-associate-rq',
      'oversized-pdu-length',
      'chunked',
    ];
    expect(promised.filter((m) => !seen.has(m))).toEqual([]);
  });
});
