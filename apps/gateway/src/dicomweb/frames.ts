import { Dataset, Tag } from '@delineo/dicom';
import { DicomWebError } from '@delineo/dicomweb';

/**
 * Frame extraction for WADO-RS /frames (PS3.18 §10.4.1.1.3). Native pixel data is sliced by the
 * frame size; encapsulated data maps fragments to frames via the Basic Offset Table when present,
 * one fragment per frame when counts agree, or all fragments for a single frame (PS3.5 §A.4).
 */
export function extractFrames(ds: Dataset, numbers: number[]): Buffer[][] {
  const px = ds.get(Tag.PixelData);
  if (!px) throw new DicomWebError('dicomweb/bad-query', 'instance has no pixel data');
  const count = ds.number(Tag.NumberOfFrames) ?? 1;
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > count)
      throw new DicomWebError('dicomweb/bad-query', 'frame number out of range');
  }
  if (px.value) {
    const rows = ds.number(Tag.Rows) ?? 0;
    const cols = ds.number(Tag.Columns) ?? 0;
    const spp = ds.number(0x00280002) ?? 1;
    const bits = ds.number(Tag.BitsAllocated) ?? 16;
    const size = bits === 1 ? Math.ceil((rows * cols * spp) / 8) : rows * cols * spp * (bits / 8);
    return numbers.map((n) => [px.value!.subarray((n - 1) * size, n * size)]);
  }
  const [offsetTable, ...fragments] = px.fragments ?? [];
  if (count === 1) return numbers.map(() => fragments);
  if (offsetTable && offsetTable.length === count * 4) {
    const starts = Array.from({ length: count }, (_, i) => offsetTable.readUInt32LE(i * 4));
    return numbers.map((n) => fragmentsBetween(fragments, starts[n - 1], n < count ? starts[n] : Infinity));
  }
  if (fragments.length === count) return numbers.map((n) => [fragments[n - 1]]);
  throw new DicomWebError('dicomweb/bad-query', 'cannot locate frames without a Basic Offset Table');
}

function fragmentsBetween(fragments: Buffer[], start: number, end: number): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0; // offsets count item headers (8 bytes) as well (PS3.5 §A.4)
  for (const f of fragments) {
    if (pos >= start && pos < end) out.push(f);
    pos += f.length + 8;
  }
  return out;
}
