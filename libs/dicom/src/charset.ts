/**
 * Specific Character Set (0008,0005) → Unicode, for values that leave the dataset as text: the
 * archive index, QIDO-RS JSON (PS3.18 §F.2: JSON strings are Unicode) and C-FIND answers labelled
 * ISO_IR 192. Dataset.string() decodes bytes as latin1 so that any value round-trips unchanged;
 * this turns such a string into the characters it stands for (PS3.5 §6.1.2.3, Table C.12-2/-3).
 */
const SINGLE_BYTE: Record<string, string> = {
  'ISO_IR 100': 'latin1',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
  'ISO_IR 13': 'shift_jis',
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
};

/**
 * Decodes `latin1Text` (bytes as Dataset.string() returned them) per the dataset's Specific
 * Character Set terms. The default repertoire and ISO_IR 100 are latin1 already. Code extensions
 * (`ISO 2022 IR …`, several terms) switch sets inside a value with escape sequences; those values
 * are left as they are rather than guessed at.
 */
export function decodeSpecificCharacterSet(latin1Text: string, terms: readonly string[]): string {
  const set = terms.filter((t) => t !== '');
  if (set.length !== 1) return latin1Text;
  const label = SINGLE_BYTE[set[0]];
  if (!label || label === 'latin1') return latin1Text;
  const bytes = Buffer.from(latin1Text, 'latin1');
  try {
    return new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return latin1Text; // bytes that are not valid in the declared set: keep them, never throw
  }
}
