import type { RuntimeDocument, SettingsChange } from '@delineo/config';
import type { SettingsOrigin, SettingsVersionRow } from '@delineo/db';

export interface SettingsVersionSummary {
  version: number;
  author: string;
  createdAt: string;
  origin: SettingsOrigin;
  restoredFrom?: number;
  comment?: string;
  /** Leaves changed from the version before (0 for the first). */
  changes: number;
}

/** What GET /api/v1/settings answers: the live document and where it came from. */
export interface SettingsView extends SettingsVersionSummary {
  /** `file`: DELINEO_CONFIG is authoritative and the console is read-only (GitOps). */
  source: 'database' | 'file';
  readOnly: boolean;
  viewerUrlTemplate?: string;
  settings: RuntimeDocument;
}

export interface SettingsVersionDetail extends SettingsVersionSummary {
  settings: RuntimeDocument;
  /** Against the version before; empty for the first. */
  diff: SettingsChange[];
}

export function summaryOf(row: SettingsVersionRow, changes: number): SettingsVersionSummary {
  return {
    version: row.version,
    author: row.author,
    createdAt: row.createdAt.toISOString(),
    origin: row.origin,
    ...(row.restoredFrom !== null ? { restoredFrom: row.restoredFrom } : {}),
    ...(row.comment !== null ? { comment: row.comment } : {}),
    changes,
  };
}
