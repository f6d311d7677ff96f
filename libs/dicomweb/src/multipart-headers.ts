import { DicomWebError } from './errors';

/**
 * Parses a part's header block: RFC 5322 §2.2 field syntax as RFC 2046 §5.1.1 uses it, with
 * obsolete line folding (RFC 5322 §4.2) unfolded. Names are lower-cased; repeated fields are
 * joined with ", " (RFC 9110 §5.3).
 */
export function parseHeaderBlock(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = text.split('\r\n').reduce<string[]>((acc, line) => {
    if ((line.startsWith(' ') || line.startsWith('\t')) && acc.length > 0) acc[acc.length - 1] += ' ' + line.trim();
    else acc.push(line);
    return acc;
  }, []);
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new DicomWebError('dicomweb/malformed-multipart', 'part header line has no field name');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}
