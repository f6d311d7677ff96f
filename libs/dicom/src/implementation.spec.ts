import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  DELINEO_VERSION,
  IMPLEMENTATION_CLASS_UID,
  IMPLEMENTATION_VERSION_NAME,
  implementationVersionName,
} from './implementation';
import { isValidUid } from './uid';

describe('implementation identity (PS3.7 D.3.3.2)', () => {
  it('carries the release of package.json', () => {
    const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(DELINEO_VERSION).toBe(pkg.version);
    expect(IMPLEMENTATION_VERSION_NAME).toBe(`DELINEO_${pkg.version}`);
  });

  it('has a version name of 1-16 characters, and refuses a longer one', () => {
    expect(IMPLEMENTATION_VERSION_NAME.length).toBeGreaterThan(8);
    expect(IMPLEMENTATION_VERSION_NAME.length).toBeLessThanOrEqual(16);
    expect(() => implementationVersionName('10.20.30-rc.1')).toThrow(/1-16/);
  });

  it('has a class UID that is the 2.25 form of a version 4 UUID (PS3.5 B.2)', () => {
    expect(isValidUid(IMPLEMENTATION_CLASS_UID)).toBe(true);
    const hex = BigInt(IMPLEMENTATION_CLASS_UID.slice('2.25.'.length)).toString(16).padStart(32, '0');
    expect(hex[12]).toBe('4'); // version 4
    expect(['8', '9', 'a', 'b']).toContain(hex[16]); // RFC 4122 variant
    expect(IMPLEMENTATION_CLASS_UID).not.toMatch(/^1\.2\.276\.0\.7230010\./); // not dcmtk's, not dcmjs-dimse's
  });
});
