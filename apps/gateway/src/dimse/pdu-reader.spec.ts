import { emptyLastDataPdu, type PduError, PduReader, readDataPdvs } from './pdu-reader';

function pdu(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head[0] = type;
  head.writeUInt32BE(body.length, 2);
  return Buffer.concat([head, body]);
}

/** PS3.8 §9.3.5.1: item length (4), presentation context id (1), message control header (1), value. */
function pdv(pcid: number, control: number, value: Buffer): Buffer {
  const head = Buffer.alloc(6);
  head.writeUInt32BE(value.length + 2, 0);
  head[4] = pcid;
  head[5] = control;
  return Buffer.concat([head, value]);
}

function collect(max = 1 << 20): { reader: PduReader; pdus: Buffer[]; errors: PduError[] } {
  const pdus: Buffer[] = [];
  const errors: PduError[] = [];
  return {
    reader: new PduReader(
      max,
      (p) => pdus.push(Buffer.from(p)),
      (e) => errors.push(e),
    ),
    pdus,
    errors,
  };
}

describe('PduReader', () => {
  const stream = Buffer.concat([
    pdu(0x01, Buffer.from('associate-rq')),
    pdu(0x04, pdv(1, 0x00, Buffer.alloc(3000, 7))),
    pdu(0x04, pdv(1, 0x02, Buffer.alloc(10, 9))),
    pdu(0x05, Buffer.alloc(4)),
  ]);

  it.each([1, 2, 5, 6, 7, 1000, stream.length])('frames the same PDUs whatever the chunk size (%i bytes)', (size) => {
    const { reader, pdus, errors } = collect();
    for (let off = 0; off < stream.length; off += size) reader.push(stream.subarray(off, off + size));
    expect(errors).toEqual([]);
    expect(pdus.map((p) => p[0])).toEqual([0x01, 0x04, 0x04, 0x05]);
    expect(Buffer.concat(pdus).equals(stream)).toBe(true);
  });

  it('hands out a view, not a copy, when a PDU arrives in one chunk', () => {
    const seen: Buffer[] = [];
    const reader = new PduReader(
      1 << 20,
      (p) => seen.push(p),
      () => undefined,
    );
    const one = pdu(0x04, pdv(1, 0x00, Buffer.alloc(100)));
    reader.push(one);
    expect(seen[0].buffer).toBe(one.buffer);
  });

  it('rejects an unknown PDU type and ignores everything after it', () => {
    const { reader, pdus, errors } = collect();
    reader.push(Buffer.concat([pdu(0x09, Buffer.alloc(2)), pdu(0x05, Buffer.alloc(4))]));
    expect(errors).toEqual(['unrecognized-pdu']);
    expect(pdus).toEqual([]);
  });

  it('rejects a PDU longer than the limit from its header alone, before buffering it', () => {
    const { reader, errors } = collect(4096);
    const head = Buffer.from([0x04, 0, 0x7f, 0xff, 0xff, 0xff]);
    reader.push(head);
    expect(errors).toEqual(['pdu-too-large']);
  });
});

describe('readDataPdvs', () => {
  it('returns the dataset fragments of one context as views, with the last flag', () => {
    const p = pdu(0x04, Buffer.concat([pdv(3, 0x00, Buffer.from('abc')), pdv(3, 0x02, Buffer.from('de'))]));
    const r = readDataPdvs(p)!;
    expect(r.presentationContextId).toBe(3);
    expect(r.last).toBe(true);
    expect(Buffer.concat(r.values).toString()).toBe('abcde');
    expect(r.values[0].buffer).toBe(p.buffer);
  });

  it.each([
    ['a command fragment', pdu(0x04, pdv(1, 0x03, Buffer.from('cmd')))],
    ['two presentation contexts', pdu(0x04, Buffer.concat([pdv(1, 0, Buffer.from('a')), pdv(3, 0, Buffer.from('b'))]))],
    [
      'data after the last fragment',
      pdu(0x04, Buffer.concat([pdv(1, 2, Buffer.from('a')), pdv(1, 0, Buffer.from('b'))])),
    ],
    [
      'an item overrunning the PDU',
      (() => {
        const p = pdu(0x04, pdv(1, 0, Buffer.from('abc')));
        p.writeUInt32BE(99, 6);
        return p;
      })(),
    ],
    [
      'an item shorter than its header',
      (() => {
        const p = pdu(0x04, pdv(1, 0, Buffer.from('abc')));
        p.writeUInt32BE(1, 6);
        return p;
      })(),
    ],
    ['an empty P-DATA-TF', pdu(0x04, Buffer.alloc(0))],
  ])('leaves %s to the full path', (_label, p) => {
    expect(readDataPdvs(p)).toBeUndefined();
  });

  it('builds the empty last fragment dcmjs-dimse needs to complete a message', () => {
    const r = readDataPdvs(emptyLastDataPdu(5))!;
    expect(r).toEqual({ presentationContextId: 5, values: [Buffer.alloc(0)], last: true });
  });
});
