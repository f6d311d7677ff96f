import type { AppConfig } from '@delineo/config';
import { jsonBoundsFor } from '@delineo/dicomweb';

/**
 * Heap bytes one parsed element and one sequence item take in libs/dicom's Dataset, measured on
 * Node 20 (V8): 990,000 four-byte LO elements parsed to 187 MiB, 240,000 empty items to 51 MiB.
 */
export const HEAP_PER_ELEMENT = 200;
export const HEAP_PER_ITEM = 220;
/**
 * Heap bytes per JSON value (a container, or a member after a comma) that JSON.parse builds from a
 * STOW-RS metadata part, measured the same way: 32 to 40 for floods of empty objects, PN objects,
 * attribute objects and unique strings; 48 leaves a margin. The parse is bounded to
 * jsonBoundsFor(limits.parse).maxValues values before it starts (libs/dicomweb json-bounds.ts).
 */
export const HEAP_PER_JSON_VALUE = 48;

export interface MemoryBound {
  /** Received dataset bytes in memory: the in-flight budget plus the oldest receive's overdraft. */
  inflight: number;
  /** De-identified copies of the datasets being ingested: at most as many bytes as `inflight`. */
  copies: number;
  /** Parsed structure of the datasets being ingested: limits.maxConcurrentIngests × one dataset's worst case. */
  parsed: number;
  /**
   * Per ingest slot, an inflated Deflated dataset or the JSON tree of a STOW metadata part (a slot
   * holds one or the other, never both): limits.maxConcurrentIngests × the larger of the two caps.
   */
  inflated: number;
  /** PDU framing buffers: a pre-association PDU per connection, a full PDU per association. */
  framing: number;
  /** Above the idle process; the sum of the parts. */
  total: number;
}

/**
 * The bound on what ingest may add to the process's memory, whatever senders do (docs/limits.md
 * gives the reasoning). Logged at boot so an operator sees what the settings promise.
 */
export function memoryBound(c: Pick<AppConfig, 'limits' | 'dimse' | 'stow'>): MemoryBound {
  const largest = Math.max(c.dimse.maxDatasetBytes, c.stow.maxPartBytes);
  const inflight = c.limits.inflightBytes + largest;
  const perDataset = c.limits.parse.maxElements * HEAP_PER_ELEMENT + c.limits.parse.maxItems * HEAP_PER_ITEM;
  const parsed = c.limits.maxConcurrentIngests * perDataset;
  const p = c.limits.parse;
  const inflate = Math.min(p.maxInflatedBytes, p.maxInflateRatio * largest);
  const jsonTree = jsonBoundsFor(p).maxValues * HEAP_PER_JSON_VALUE;
  const inflated = c.limits.maxConcurrentIngests * Math.max(inflate, jsonTree);
  const framing =
    c.dimse.maxConnections * c.dimse.maxPreAssociationPduBytes +
    c.dimse.maxAssociations * Math.max(c.dimse.maxPduLength, 1 << 20);
  return { inflight, copies: inflight, parsed, inflated, framing, total: 2 * inflight + parsed + inflated + framing };
}
