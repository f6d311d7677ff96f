import { decodeSpecificCharacterSet } from './charset';

const asLatin1 = (bytes: Buffer): string => bytes.toString('latin1');

describe('decodeSpecificCharacterSet (PS3.5 §6.1.2.3)', () => {
  it('decodes UTF-8 (ISO_IR 192) values that were read byte for byte', () => {
    expect(decodeSpecificCharacterSet(asLatin1(Buffer.from('Schädel Übersicht', 'utf8')), ['ISO_IR 192'])).toBe(
      'Schädel Übersicht',
    );
  });

  it('keeps latin1 (ISO_IR 100) and the default repertoire as they are', () => {
    expect(decodeSpecificCharacterSet('Schädel', ['ISO_IR 100'])).toBe('Schädel');
    expect(decodeSpecificCharacterSet('HEAD', [])).toBe('HEAD');
  });

  it('decodes single-byte sets other than latin1', () => {
    expect(decodeSpecificCharacterSet(asLatin1(Buffer.from([0xbb, 0xee, 0xd1])), ['ISO_IR 144'])).toBe('Люб'); // 0xBB Л, 0xEE ю, 0xD1 б (ISO 8859-5);
    expect(decodeSpecificCharacterSet(asLatin1(Buffer.from([0xb9, 0xe8])), ['ISO_IR 101'])).toBe('šč');
  });

  it('leaves code extensions and invalid bytes as they are instead of guessing or throwing', () => {
    const iso2022 = asLatin1(Buffer.from([0x1b, 0x24, 0x42, 0x3b, 0x33]));
    expect(decodeSpecificCharacterSet(iso2022, ['', 'ISO 2022 IR 87'])).toBe(iso2022);
    expect(decodeSpecificCharacterSet(asLatin1(Buffer.from([0xc3])), ['ISO_IR 192'])).toBe('\u00c3');
  });
});
