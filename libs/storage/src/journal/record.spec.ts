import { HEADER_BYTES, RecordType, bodyCrc, encodeHeader, scanSegment } from './record';

function record(generation: number, type: RecordType, key: string, data: Buffer): Buffer {
  const k = Buffer.from(key);
  const crc = type === RecordType.Erased ? 0 : bodyCrc(k, [data]);
  return Buffer.concat([
    encodeHeader({ generation, type, keyLength: k.length, dataLength: data.length, bodyCrc: crc }),
    k,
    data,
  ]);
}

const keys = (image: Buffer) => [...scanSegment(image)].map((r) => `${r.type}:${r.key}:${r.data.toString()}`);

describe('journal records', () => {
  it('scans puts and tombstones in order, skipping erased records', () => {
    const image = Buffer.concat([
      record(7, RecordType.Put, 'a/1.dcm', Buffer.from('one')),
      record(7, RecordType.Erased, 'a/2.dcm', Buffer.alloc(5)),
      record(7, RecordType.Delete, 'a/1.dcm', Buffer.alloc(0)),
      Buffer.alloc(64),
    ]);
    expect(keys(image)).toEqual(['1:a/1.dcm:one', '2:a/1.dcm:']);
  });

  it('ends the segment at a torn record, a zero header or an older generation', () => {
    const good = record(3, RecordType.Put, 'k', Buffer.from('data'));
    const torn = record(3, RecordType.Put, 'k2', Buffer.from('more data'));
    torn[torn.length - 1] ^= 0xff;
    expect(keys(Buffer.concat([good, torn, record(3, RecordType.Put, 'k3', Buffer.from('x'))]))).toEqual(['1:k:data']);
    expect(keys(Buffer.concat([good, record(2, RecordType.Put, 'old', Buffer.from('x'))]))).toEqual(['1:k:data']);
    expect(keys(Buffer.concat([Buffer.alloc(HEADER_BYTES), good]))).toEqual([]);
    // A record whose announced length runs past the file was never completely written.
    expect(keys(good.subarray(0, good.length - 1))).toEqual([]);
  });

  it('rejects a header whose own checksum does not match', () => {
    const r = record(1, RecordType.Put, 'k', Buffer.from('data'));
    r[12] ^= 1; // data length
    expect(keys(r)).toEqual([]);
  });
});
