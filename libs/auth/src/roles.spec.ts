import { AuthError } from './errors';
import { isRole, mapGroupsToRoles, ROLES, validateRoleMapping } from './roles';

const MAPPING = {
  'CN=Radiology,OU=Groups,DC=hospital,DC=org': 'radiologist',
  'delineo-admins': 'admin',
  'delineo-ops': 'operator',
  'research-imaging': 'researcher',
  compliance: 'auditor',
  'pacs-admins': 'admin',
};

describe('isRole', () => {
  it.each([...ROLES])('recognises %s', (role) => expect(isRole(role)).toBe(true));
  it.each(['', 'Admin', 'superuser', 'toString', 1, null])('does not recognise %p', (v) =>
    expect(isRole(v)).toBe(false),
  );
});

describe('validateRoleMapping', () => {
  it('returns a valid mapping, frozen', () => {
    const m = validateRoleMapping(MAPPING);
    expect(m).toEqual(MAPPING);
    expect(Object.isFrozen(m)).toBe(true);
  });

  it('accepts an empty mapping', () => {
    expect(validateRoleMapping({})).toEqual({});
  });

  it('throws auth/unknown-role listing every group that names an unknown role', () => {
    let caught: unknown;
    try {
      validateRoleMapping({ ...MAPPING, 'rad-fellows': 'radiolgist', it: 'Admin', x: '' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuthError);
    expect(caught).toMatchObject({ code: 'auth/unknown-role' });
    expect((caught as AuthError).problems).toEqual([
      'group "rad-fellows" maps to unknown role "radiolgist"',
      'group "it" maps to unknown role "Admin"',
      'group "x" maps to unknown role ""',
    ]);
  });
});

describe('mapGroupsToRoles', () => {
  it('maps groups to roles in ROLES order, whatever order the groups come in', () => {
    const groups = ['compliance', 'research-imaging', 'CN=Radiology,OU=Groups,DC=hospital,DC=org', 'delineo-admins'];
    expect(mapGroupsToRoles(groups, MAPPING)).toEqual(['admin', 'radiologist', 'researcher', 'auditor']);
    expect(mapGroupsToRoles([...groups].reverse(), MAPPING)).toEqual(['admin', 'radiologist', 'researcher', 'auditor']);
  });

  it('grants each role once when several groups map to it or a group repeats', () => {
    expect(mapGroupsToRoles(['pacs-admins', 'delineo-admins', 'pacs-admins'], MAPPING)).toEqual(['admin']);
  });

  it('ignores unmapped groups and grants nothing for none', () => {
    expect(mapGroupsToRoles(['everyone', 'staff'], MAPPING)).toEqual([]);
    expect(mapGroupsToRoles([], MAPPING)).toEqual([]);
  });

  it('matches group names exactly (case and whitespace count)', () => {
    expect(
      mapGroupsToRoles(['Delineo-Admins', ' delineo-admins', 'cn=radiology,ou=groups,dc=hospital,dc=org'], MAPPING),
    ).toEqual([]);
  });

  it('maps nothing for prototype keys and ignores non-string groups from untyped claims', () => {
    const groups = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 42, null] as unknown as string[];
    expect(mapGroupsToRoles(groups, MAPPING)).toEqual([]);
  });

  it('fails closed with auth/unknown-role when an unvalidated mapping names an unknown role', () => {
    expect(() => mapGroupsToRoles(['ops'], { ops: 'root' })).toThrow(
      expect.objectContaining({ code: 'auth/unknown-role' }),
    );
    expect(mapGroupsToRoles(['other'], { ops: 'root' })).toEqual([]);
  });
});
