import { isVr, Vr } from './vr';

/**
 * Keyword/VR lookup built once from dcmjs's data dictionary (PS3.6). Needed to parse Implicit VR
 * Little Endian (PS3.5 §7.1.3), where the VR is not on the wire.
 */
interface DictEntry {
  tag: string;
  vr: string;
  name: string;
}

let byTag: Map<number, { vr: Vr; keyword: string }> | undefined;
let byKeyword: Map<string, number> | undefined;

function load(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const dcmjs = require('dcmjs') as { data: { DicomMetaDictionary: { nameMap: Record<string, DictEntry> } } };
  byTag = new Map();
  byKeyword = new Map();
  for (const e of Object.values(dcmjs.data.DicomMetaDictionary.nameMap)) {
    const m = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/i.exec(e.tag);
    if (!m) continue; // range entries such as (60xx,3000) are handled by masks below
    const tag = parseInt(m[1] + m[2], 16) >>> 0;
    // dcmjs writes ambiguous VRs as 'ox' / 'xs'; OW and US are the little-endian safe choice.
    const vr: Vr = isVr(e.vr) ? e.vr : e.vr === 'ox' ? 'OW' : e.vr === 'xs' ? 'US' : 'UN';
    byTag.set(tag, { vr, keyword: e.name });
    byKeyword.set(e.name, tag);
  }
}

/** VR of a tag for implicit-VR parsing; 'UN' when unknown (e.g. private). */
export function dictionaryVr(tag: number): Vr {
  if (!byTag) load();
  const hit = byTag!.get(tag);
  if (hit) return hit.vr;
  const element = tag & 0xffff;
  if (element === 0x0000) return 'UL'; // group length (PS3.5 §7.2)
  const group = tag >>> 16;
  if (group & 1) return element <= 0x00ff && element >= 0x0010 ? 'LO' : 'UN'; // private creator
  if ((group & 0xff00) === 0x6000)
    return element === 0x3000 ? 'OW' : (byTag!.get((0x6000 << 16) | element)?.vr ?? 'UN');
  if ((group & 0xff00) === 0x5000) return byTag!.get((0x5000 << 16) | element)?.vr ?? 'UN';
  return 'UN';
}

export function keywordOf(tag: number): string | undefined {
  if (!byTag) load();
  return byTag!.get(tag)?.keyword;
}

export function tagOf(keyword: string): number | undefined {
  if (!byKeyword) load();
  return byKeyword!.get(keyword);
}

/** "(0010,0010)" / "00100010" → number. */
export function parseTag(text: string): number {
  const hex = text.replace(/[(),\s]/g, '');
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) throw new Error(`not a tag: ${text}`);
  return parseInt(hex, 16) >>> 0;
}

export function formatTag(tag: number): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}
