/**
 * Delineo's implementation identity (PS3.7 §D.3.3.2), one for everything we write or send: the file
 * meta of every Part 10 object (PS3.10 §7.1, (0002,0012)/(0002,0013)) and the A-ASSOCIATE-RQ/-AC
 * user information of every association, as SCP and as SCU.
 */

/** The release, kept equal to package.json's "version" by implementation.spec.ts (a build constant). */
export const DELINEO_VERSION = '0.1.0';

/**
 * PS3.5 §B.2: a UID under the 2.25 root is the decimal value of a UUID. Ours is fixed, from the
 * random (version 4) UUID e63ef941-3256-4e95-a590-22341f108cd4, so no registered root is needed.
 */
export const IMPLEMENTATION_CLASS_UID = '2.25.306049416921160271990596736463290797268';

/** PS3.7 §D.3.3.2 / PS3.8 Table 9-25: 1–16 characters of the default repertoire. */
export const IMPLEMENTATION_VERSION_NAME = implementationVersionName(DELINEO_VERSION);

export function implementationVersionName(version: string): string {
  const name = `DELINEO_${version}`;
  if (name.length > 16 || !/^[\x21-\x7e]+$/.test(name))
    throw new Error(`implementation version name "${name}" is not 1-16 visible characters (PS3.7 D.3.3.2)`);
  return name;
}
