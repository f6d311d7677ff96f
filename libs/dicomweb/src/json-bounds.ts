import { DicomError, type ParseLimits } from '@delineo/dicom';

/** What a JSON text may cost before JSON.parse builds anything from it. */
export interface JsonBounds {
  /** Nesting of objects and arrays (the outermost one is 1). */
  maxDepth: number;
  /** Values of any kind: every container, and every member or element after the first of each. */
  maxValues: number;
}

/**
 * The JSON bounds that match a dataset's parse limits (PS3.18 §F.2). A dataset at sequence depth d
 * is an object at JSON depth 2 + 3d inside the request's array (item object → attribute object →
 * Value array → item object); a PN value object adds 3 more. Each element is about three values
 * (its attribute object, "vr", Value): four per element and one per item leave room for
 * multi-valued attributes while refusing a body made of millions of empty objects.
 */
export function jsonBoundsFor(limits: Pick<ParseLimits, 'maxDepth' | 'maxElements' | 'maxItems'>): JsonBounds {
  return { maxDepth: 5 + 3 * limits.maxDepth, maxValues: 4 * limits.maxElements + limits.maxItems };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/**
 * One pass over the bytes, counting nesting and values, allocating nothing. JSON.parse itself does
 * not bound what it builds: 100 MB of `[{},{},…` is some 30 million objects, several GB of heap,
 * and a JSON bomb must be refused with a code (dicom/too-deep, dicom/too-many-elements) before
 * that. Strings are skipped with their escapes. This is no validator: JSON.parse still is one.
 */
export function checkJsonBounds(json: Buffer, bounds: JsonBounds): void {
  let depth = 0;
  let values = 0;
  const n = json.length;
  for (let i = 0; i < n; i++) {
    const c = json[i];
    if (c === QUOTE) {
      for (i++; i < n && json[i] !== QUOTE; i++) if (json[i] === BACKSLASH) i++;
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > bounds.maxDepth) {
        throw new DicomError('dicom/too-deep', `JSON nested deeper than ${bounds.maxDepth} levels`);
      }
      values++;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      depth--;
    } else if (c === COMMA) {
      values++;
    } else continue;
    if (values > bounds.maxValues) {
      throw new DicomError('dicom/too-many-elements', `JSON holds more than ${bounds.maxValues} values`);
    }
  }
}
