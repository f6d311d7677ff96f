import { Dataset, DicomError, isVr, Tag, type DicomElement, type ParseLimits, type Vr } from '@delineo/dicom';
import { checkBinaryLength, decodeInlineBinary, encodeValues } from './dicom-json-values';

/** What a BulkDataURI stands for: value bytes, or the frames of encapsulated Pixel Data. */
export interface ResolvedBulkData {
  value?: Buffer;
  /** Compressed frames, one fragment each (PS3.5 §A.4); only for Pixel Data at the top level. */
  frames?: Buffer[];
}

export interface DicomJsonReadOptions {
  limits: Pick<ParseLimits, 'maxDepth' | 'maxElements' | 'maxItems'>;
  /** The bulk data a BulkDataURI names; undefined when the request carries none (the instance fails). */
  resolveBulkData?: (uri: string, tag: number, topLevel: boolean) => ResolvedBulkData | undefined;
}

const malformed = (what: string): DicomError => new DicomError('dicom/malformed', `DICOM JSON: ${what}`);

const BINARY_VRS = new Set<Vr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const KEY = /^[0-9A-Fa-f]{8}$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * One DICOM JSON Model object (PS3.18 Annex F.2) → Dataset, as if parsed from the binary: every VR,
 * PN component groups, DS/IS numbers, AT, sequences, InlineBinary and BulkDataURI. The parse limits
 * bound it exactly as they bound the binary parser (depth, elements, items, counted the same way).
 * File meta (group 0002) is dropped, since the Part 10 writer makes it afresh, as are group lengths.
 */
export function fromDicomJson(json: unknown, opts: DicomJsonReadOptions): Dataset {
  return new JsonDatasetReader(opts).read(json);
}

/** The sender's SOP Class and Instance UIDs, read without converting (for a FailedSOPSequence item). */
export function sentUidsOf(json: unknown): { sopClassUid?: string; sopInstanceUid?: string } {
  const uid = (key: string): string | undefined => {
    const attr = isObject(json) ? json[key] : undefined;
    const v = isObject(attr) && Array.isArray(attr.Value) ? (attr.Value[0] as unknown) : undefined;
    return typeof v === 'string' && /^[0-9.]{1,64}$/.test(v) ? v : undefined;
  };
  return { sopClassUid: uid('00080016'), sopInstanceUid: uid('00080018') };
}

class JsonDatasetReader {
  private elements = 0;
  private items = 0;
  private nonAscii = false;
  /** Datasets that declare Specific Character Set (the top one, items that override it). */
  private readonly declaring: Dataset[] = [];

  constructor(private readonly opts: DicomJsonReadOptions) {}

  read(json: unknown): Dataset {
    const ds = this.dataset(json, 0);
    // JSON text is Unicode; written as UTF-8, it is labelled so (PS3.5 §6.1.2.3, ISO_IR 192).
    // ASCII alone is the same bytes in every character set: the sender's label then stays.
    if (this.nonAscii) {
      for (const d of [ds, ...this.declaring]) d.setString(Tag.SpecificCharacterSet, 'CS', 'ISO_IR 192');
    }
    return ds;
  }

  private dataset(json: unknown, depth: number): Dataset {
    if (!isObject(json)) throw malformed('a dataset is not a JSON object');
    if (depth > this.opts.limits.maxDepth) {
      throw new DicomError('dicom/too-deep', `sequences nested deeper than ${this.opts.limits.maxDepth}`);
    }
    const ds = new Dataset();
    for (const [key, attr] of Object.entries(json)) {
      if (!KEY.test(key)) throw malformed('an attribute key is not 8 hex digits');
      const tag = parseInt(key, 16) >>> 0;
      if (tag >>> 16 === 0xfffe) throw malformed('item and delimiter tags are not attributes');
      if (tag >>> 16 === 0x0002 || (tag & 0xffff) === 0) continue;
      if (++this.elements > this.opts.limits.maxElements) {
        throw new DicomError('dicom/too-many-elements', `more than ${this.opts.limits.maxElements} elements`);
      }
      ds.set(this.element(tag, attr, depth));
    }
    if (depth > 0 && ds.has(Tag.SpecificCharacterSet)) this.declaring.push(ds);
    return ds;
  }

  private element(tag: number, attr: unknown, depth: number): DicomElement {
    if (!isObject(attr) || typeof attr.vr !== 'string' || !isVr(attr.vr))
      throw malformed('an attribute has no known vr');
    const vr = attr.vr;
    const forms = ['Value', 'InlineBinary', 'BulkDataURI'].filter((k) => attr[k] !== undefined);
    if (forms.length > 1) throw malformed('an attribute has more than one of Value, InlineBinary, BulkDataURI');
    if (vr === 'SQ') {
      if (forms.length > 0 && forms[0] !== 'Value') throw malformed('a sequence holds items only');
      return { tag, vr, items: this.sequenceItems(attr.Value, depth) };
    }
    if (attr.BulkDataURI !== undefined) return this.bulk(tag, vr, attr.BulkDataURI, depth);
    if (attr.InlineBinary !== undefined) return this.binary(tag, vr, decodeInlineBinary(attr.InlineBinary));
    if (attr.Value === undefined) return { tag, vr, value: Buffer.alloc(0) }; // §F.2.5: empty
    if (!Array.isArray(attr.Value)) throw malformed('Value is not an array');
    if (BINARY_VRS.has(vr)) throw malformed(`${vr} carries InlineBinary or BulkDataURI, not Value`);
    const { value, nonAscii } = encodeValues(vr, attr.Value as unknown[]);
    this.nonAscii ||= nonAscii;
    return { tag, vr, value };
  }

  private sequenceItems(value: unknown, depth: number): Dataset[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw malformed('a sequence Value is not an array');
    return value.map((item: unknown) => {
      if (++this.items > this.opts.limits.maxItems) {
        throw new DicomError('dicom/too-many-items', `more than ${this.opts.limits.maxItems} items`);
      }
      return this.dataset(item, depth + 1);
    });
  }

  private bulk(tag: number, vr: Vr, uri: unknown, depth: number): DicomElement {
    if (typeof uri !== 'string' || uri === '') throw malformed('BulkDataURI is not a string');
    const found = this.opts.resolveBulkData?.(uri, tag, depth === 0);
    // The URI itself may carry identifiers: the message never quotes it.
    if (!found) throw malformed('a BulkDataURI names no part of the request');
    if (found.frames) {
      if (tag !== Tag.PixelData || depth > 0) throw malformed('only Pixel Data may be compressed bulk data');
      // Fragments count as items, as in the binary parser.
      this.items += found.frames.length + 1;
      if (this.items > this.opts.limits.maxItems) {
        throw new DicomError('dicom/too-many-items', `more than ${this.opts.limits.maxItems} items`);
      }
      // PS3.5 §A.4: an empty Basic Offset Table, then one fragment per frame.
      return { tag, vr: 'OB', fragments: [Buffer.alloc(0), ...found.frames] };
    }
    return this.binary(tag, vr, found.value ?? Buffer.alloc(0));
  }

  private binary(tag: number, vr: Vr, value: Buffer): DicomElement {
    checkBinaryLength(vr, value);
    return { tag, vr, value };
  }
}
