import type { DataSource } from 'typeorm';

export type SettingsOrigin = 'seed' | 'file' | 'console' | 'restore';

export interface SettingsVersionRow {
  version: number;
  createdAt: Date;
  /** A username, `token:<id>` or `system`: never a dataset value. */
  author: string;
  origin: SettingsOrigin;
  restoredFrom: number | null;
  comment: string | null;
  document: unknown;
}

export interface NewSettingsVersion {
  /** The version the author edited: the append fails unless it is still the latest (0: none yet). */
  expected: number;
  author: string;
  origin: SettingsOrigin;
  restoredFrom?: number;
  comment?: string;
  document: unknown;
}

export type AppendOutcome = { ok: true; row: SettingsVersionRow } | { ok: false; latest: number };

/** The NOTIFY channel every gateway instance LISTENs on; the payload is the new version number. */
export const SETTINGS_CHANNEL = 'delineo_settings';
/** An arbitrary constant: the advisory lock that serialises appends across instances. */
const SETTINGS_LOCK = 7_301_240_122;

const COLUMNS = `"version", "created_at", "author", "origin", "restored_from", "comment", "document"`;

interface Raw {
  version: number;
  created_at: Date;
  author: string;
  origin: SettingsOrigin;
  restored_from: number | null;
  comment: string | null;
  document: unknown;
}

const toRow = (r: Raw): SettingsVersionRow => ({
  version: Number(r.version),
  createdAt: new Date(r.created_at),
  author: r.author,
  origin: r.origin,
  restoredFrom: r.restored_from === null ? null : Number(r.restored_from),
  comment: r.comment,
  document: r.document,
});

/**
 * Versioned live settings (append-only). Appends are optimistic: the author names the version they
 * edited, and under a transaction-scoped advisory lock the append succeeds only if that is still the
 * latest, so two admins saving at once cannot silently overwrite each other. The NOTIFY is sent in
 * the same transaction, so PostgreSQL delivers it only once the version is committed.
 */
export class SettingsRepository {
  constructor(private readonly ds: DataSource) {}

  async latest(): Promise<SettingsVersionRow | undefined> {
    const rows: Raw[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM "settings_version" ORDER BY "version" DESC LIMIT 1`,
    );
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  async latestVersion(): Promise<number> {
    const rows: Array<{ v: number | null }> = await this.ds.query(`SELECT max("version") AS v FROM "settings_version"`);
    return Number(rows[0]?.v ?? 0);
  }

  async get(version: number): Promise<SettingsVersionRow | undefined> {
    const rows: Raw[] = await this.ds.query(`SELECT ${COLUMNS} FROM "settings_version" WHERE "version" = $1`, [
      version,
    ]);
    return rows[0] ? toRow(rows[0]) : undefined;
  }

  /** Newest first: `limit` versions below `before` (all when absent). */
  async page(limit: number, before?: number): Promise<SettingsVersionRow[]> {
    const rows: Raw[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM "settings_version" WHERE $1::int IS NULL OR "version" < $1
       ORDER BY "version" DESC LIMIT $2`,
      [before ?? null, limit],
    );
    return rows.map(toRow);
  }

  append(v: NewSettingsVersion): Promise<AppendOutcome> {
    return this.ds.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock($1)', [SETTINGS_LOCK]);
      const rows: Array<{ v: number | null }> = await em.query(`SELECT max("version") AS v FROM "settings_version"`);
      const latest = Number(rows[0]?.v ?? 0);
      if (latest !== v.expected) return { ok: false, latest };
      const inserted: Raw[] = await em.query(
        `INSERT INTO "settings_version" ("version", "author", "origin", "restored_from", "comment", "document")
         VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${COLUMNS}`,
        [latest + 1, v.author, v.origin, v.restoredFrom ?? null, v.comment ?? null, JSON.stringify(v.document)],
      );
      await em.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, String(latest + 1)]);
      return { ok: true, row: toRow(inserted[0]) };
    });
  }
}
