import { Dataset, encodeText, Vr } from '@delineo/dicom';
import type { Text } from './dataset-build';
import { SegError } from './errors';
import { SegTag } from './tags';

/**
 * Character set of the SEG (PS3.3 §C.12.1.1.2, PS3.5 §6.1). Values copied from the source header
 * keep their bytes, so the source's Specific Character Set is kept. Our own text (labels, model
 * names) is plain ASCII in the usual case; otherwise it is written as ISO_IR 100 when the source
 * uses it and the text fits, or as UTF-8 (ISO_IR 192) when the source declares no character set
 * (the default repertoire is a subset of UTF-8). Anything else is refused rather than mis-encoded.
 */
export interface TextEncoding {
  /** Value for Specific Character Set (0008,0005), or undefined to leave it out. */
  specificCharacterSet?: string[];
  text: Text;
}

// eslint-disable-next-line no-control-regex -- ESC (0x1b) is meant: ISO 2022 code extensions stay ASCII bytes; JS has no control-escape for it
const ASCII = /^[\x20-\x7e\r\n\t\f\x1b]*$/;
const LATIN1 = /^[\x20-\x7e\xa0-\xff\r\n\t\f]*$/;

function utf8(text: string, vr: Vr): Buffer {
  const raw = Buffer.from(text, 'utf8');
  return raw.length % 2 === 0 ? raw : Buffer.concat([raw, Buffer.from(vr === 'UI' ? [0] : [0x20])]);
}

export function textEncoding(header: Dataset, ownText: readonly string[]): TextEncoding {
  const declared = header.strings(SegTag.SpecificCharacterSet).filter((s) => s !== '');
  const kept = declared.length > 0 ? declared : undefined;
  if (ownText.every((t) => ASCII.test(t))) return { specificCharacterSet: kept, text: encodeText };
  if (!kept || (kept.length === 1 && kept[0] === 'ISO_IR 192'))
    return { specificCharacterSet: ['ISO_IR 192'], text: utf8 };
  if (kept.length === 1 && kept[0] === 'ISO_IR 100' && ownText.every((t) => LATIN1.test(t))) {
    return { specificCharacterSet: kept, text: encodeText };
  }
  throw new SegError(
    'seg/unsupported-character-set',
    'label or model text cannot be written in the source Specific Character Set',
  );
}
