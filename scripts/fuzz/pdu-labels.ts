/** Names for what the gateway sends back, as the fuzz report counts them (PS3.8 §9.3, PS3.7 §9.3). */
import { parseDataset, TransferSyntax } from '@delineo/dicom';
import { Cmd, PduType } from '../../libs/dicom/src/fuzz';

/** A DIMSE response's command field and status (PS3.7 Table E.1-1), from its command PDV. */
export function responseLabel(body: Buffer): string {
  for (let off = 0; off + 6 <= body.length;) {
    const len = body.readUInt32BE(off);
    if ((body[off + 5] & 0x01) !== 0 && len >= 2 && off + 4 + len <= body.length) {
      try {
        const cmd = parseDataset(body.subarray(off + 6, off + 4 + len), TransferSyntax.ImplicitVRLittleEndian);
        const hex = (n: number | undefined): string => (n ?? 0xffff).toString(16).padStart(4, '0');
        return `rsp:${hex(cmd.number(Cmd.CommandField))}:${hex(cmd.number(Cmd.Status))}`;
      } catch {
        return 'rsp:unreadable';
      }
    }
    off += 4 + len;
  }
  return 'p-data';
}

const LABELS: Record<number, string> = {
  [PduType.AssociateAc]: 'a-associate-ac',
  [PduType.AssociateRj]: 'a-associate-rj',
  [PduType.ReleaseRp]: 'a-release-rp',
  [PduType.ReleaseRq]: 'a-release-rq',
  [PduType.Abort]: 'a-abort',
};

/** PS3.8 §9.3.4 and §9.3.8: A-ASSOCIATE-RJ and A-ABORT name a source and a reason; keep them. */
export function pduLabel(type: number, body: Buffer): string {
  const label = LABELS[type] ?? `pdu-${type}`;
  if ((type === PduType.AssociateRj || type === PduType.Abort) && body.length >= 4)
    return `${label}:${body[2]}-${body[3]}`;
  return label;
}
