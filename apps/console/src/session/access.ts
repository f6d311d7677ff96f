import type { Role } from '../api/types';

/**
 * Who sees which page: mirrors the gateway's rules (apps/gateway/src/auth/access.decorator.ts
 * `Access.*`), so a page never offers what the API would refuse with 403.
 */
export const RULES = {
  statusRead: ['operator', 'radiologist', 'admin'],
  pipelineOperate: ['operator'],
  settingsRead: ['admin', 'operator'],
  // GET /api/v1/settings/versions[/:version] (apps/gateway/src/settings/settings.controller.ts): Access.audit.
  settingsWrite: ['admin'],
  destinationTest: ['admin', 'operator'],
  admin: ['admin'],
  audit: ['admin', 'auditor'],
} as const satisfies Record<string, readonly Role[]>;
export type Rule = keyof typeof RULES;

export const allows = (roles: readonly Role[] | undefined, rule: Rule): boolean =>
  (RULES[rule] as readonly Role[]).some((r) => roles?.includes(r));

export interface PageEntry {
  path: string;
  label: string;
  rule: Rule;
}

/** The navigation, in order; the first page a user may see is their landing page. */
export const PAGES: readonly PageEntry[] = [
  { path: '/dashboard', label: 'Dashboard', rule: 'statusRead' },
  { path: '/series', label: 'Series', rule: 'statusRead' },
  { path: '/dead-letters', label: 'Dead letters', rule: 'pipelineOperate' },
  { path: '/nodes', label: 'DICOM nodes & destinations', rule: 'settingsRead' },
  { path: '/routing', label: 'Routing rules', rule: 'settingsRead' },
  { path: '/models', label: 'Models', rule: 'settingsRead' },
  { path: '/deid', label: 'De-identification', rule: 'settingsRead' },
  { path: '/users', label: 'Users, roles and tokens', rule: 'admin' },
  { path: '/audit', label: 'Audit log', rule: 'audit' },
  { path: '/history', label: 'Settings history', rule: 'audit' },
];

export const pagesFor = (roles: readonly Role[]): PageEntry[] => PAGES.filter((p) => allows(roles, p.rule));
