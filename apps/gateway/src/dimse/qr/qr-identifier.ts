import { tagOf } from '@delineo/dicom';
import type { QrModel } from './qr-sop-classes';
import { QrError } from './qr-status';

export type QrLevel = 'PATIENT' | 'STUDY' | 'SERIES' | 'IMAGE';
const LEVELS: readonly QrLevel[] = ['PATIENT', 'STUDY', 'SERIES', 'IMAGE'];

/** One request identifier (PS3.4 C.4.1.1.3.1): the level and every key, in the order sent. */
export interface QrIdentifier {
  model: QrModel;
  level: QrLevel;
  /** Keyword → value ('' for a return key; several values joined with "\"). */
  keys: Map<string, string>;
  /** Sequence keys: answered empty, matched never (PS3.4 C.2.2.2.6 is optional). */
  sequences: Set<string>;
}

/** Keys that describe the request itself; they are answered by the SCP, never matched. */
const CONTROL_KEYS = new Set([
  'QueryRetrieveLevel',
  'SpecificCharacterSet',
  'RetrieveAETitle',
  'TimezoneOffsetFromUTC',
]);
export const isControlKey = (keyword: string): boolean => CONTROL_KEYS.has(keyword);

/**
 * Reads the identifier dcmjs-dimse parsed (its "naturalized" form: keyword → value). Keys our
 * dictionary does not know (private or retired ones) are dropped: they can be neither matched nor
 * answered. PS3.4 C.6.1.1 / C.6.2.1: PATIENT exists only in the Patient Root model.
 */
export function readIdentifier(model: QrModel, elements: Record<string, unknown>): QrIdentifier {
  const raw = elements.QueryRetrieveLevel;
  if (raw === undefined || raw === null || raw === '') throw new QrError('qr/missing-level', 'no QueryRetrieveLevel');
  const level = textOf(raw).trim().toUpperCase() as QrLevel;
  if (!LEVELS.includes(level) || (model === 'study' && level === 'PATIENT'))
    throw new QrError('qr/invalid-level', 'QueryRetrieveLevel is not valid for this information model');
  const keys = new Map<string, string>();
  const sequences = new Set<string>();
  for (const [keyword, value] of Object.entries(elements)) {
    if (keyword.startsWith('_') || tagOf(keyword) === undefined || keyword === 'QueryRetrieveLevel') continue;
    if (Array.isArray(value) && value.some((v) => isItem(v))) {
      sequences.add(keyword);
      continue;
    }
    keys.set(keyword, textOf(value));
  }
  return { model, level, keys, sequences };
}

/** A dcmjs sequence item is a plain object that is not a Person Name value. */
function isItem(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !('Alphabetic' in v || 'Ideographic' in v || 'Phonetic' in v);
}

/** dcmjs values: string, number, null, Person Name objects, or arrays of these (multi-valued). */
export function textOf(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(textOf).join('\\');
  if (typeof v === 'object') {
    const pn = v as { Alphabetic?: string; Ideographic?: string; Phonetic?: string };
    return [pn.Alphabetic ?? '', pn.Ideographic ?? '', pn.Phonetic ?? ''].join('=').replace(/=+$/, '');
  }
  return String(v);
}

/** The values of a unique key (PS3.4 C.2.2.2.2: a list of UIDs is allowed), empty when universal. */
export function uidsOf(id: QrIdentifier, keyword: string): string[] {
  return (id.keys.get(keyword) ?? '')
    .split('\\')
    .map((u) => u.trim())
    .filter((u) => u !== '' && u !== '*');
}
