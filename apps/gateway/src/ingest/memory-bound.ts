import type { AppConfig } from '@delineo/config';

/**
 * Heap bytes one parsed element and one sequence item take in libs/dicom's Dataset, measured on
 * Node 20 (V8): 990,000 four-byte LO elements parsed to 187 MiB, 240,000 empty items to 51 MiB.
 */
export const HEAP_PER_ELEMENT = 200;
export const HEAP_PER_ITEM = 220;

export interface MemoryBound {
  /** Received dataset bytes in memory: the in-flight budget plus the oldest receive's overdraft. */
  inflight: number;
  /** De-identified copies of the datasets being ingested: at most as many bytes as `inflight`. */
  copies: number;
  /** Parsed structure of the datasets being ingested: limits.maxConcurrentIngests × one dataset's worst case. */
  parsed: number;
  /** Inflated Deflated datasets being ingested: limits.maxConcurrentIngests × the inflate cap. */
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
  const inflated = c.limits.maxConcurrentIngests * Math.min(p.maxInflatedBytes, p.maxInflateRatio * largest);
  const framing =
    c.dimse.maxConnections * c.dimse.maxPreAssociationPduBytes +
    c.dimse.maxAssociations * Math.max(c.dimse.maxPduLength, 1 << 20);
  return { inflight, copies: inflight, parsed, inflated, framing, total: 2 * inflight + parsed + inflated + framing };
}
