import { Inject, Injectable } from '@nestjs/common';
import { dump } from 'js-yaml';
import {
  compileRuntime,
  diffSettings,
  LiveSettings,
  validateRuntimeDocument,
  type AppConfig,
  type RuntimeDocument,
} from '@delineo/config';
import { SettingsRepository, type SettingsOrigin, type SettingsVersionRow } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { AuditService } from '../auth/audit.service';
import type { Principal, RequestContext } from '../auth/principal';
import { CoreTokens } from '../core/core.tokens';
import { SettingsError } from './settings.error';
import { summaryOf, type SettingsVersionDetail, type SettingsVersionSummary, type SettingsView } from './settings.view';

export interface Actor {
  principal?: Principal;
  context?: RequestContext;
}

const authorOf = (p?: Principal): string =>
  p === undefined ? 'system' : p.kind === 'user' ? p.username : `token:${p.name}`;

/**
 * Reads and changes the versioned live settings (issue 15). Every change is validated by
 * libs/config, appended as a new version only if the author edited the latest one, applied here at
 * once (other instances hear the NOTIFY), and audited, refusals included.
 */
@Injectable()
export class SettingsService {
  constructor(
    @Inject(SettingsRepository) private readonly repo: SettingsRepository,
    @Inject(LiveSettings) private readonly live: LiveSettings,
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'settings' | 'configSource'>,
    @Inject(AuditService) private readonly audit: Pick<AuditService, 'record'>,
    @Inject(CoreTokens.Logger) private readonly log: Logger,
  ) {}

  async view(): Promise<SettingsView> {
    const row = await this.repo.get(this.live.current().version);
    if (!row) throw new SettingsError('settings/not-found', 'no settings version is stored yet');
    return this.viewOf(row, changesFrom(await this.repo.get(row.version - 1), row).length);
  }

  /** A version as GET /api/v1/settings shows it; its content is the row's own (normalized when saved). */
  private viewOf(row: SettingsVersionRow, changes: number): SettingsView {
    const document = row.document as RuntimeDocument;
    const template = document.viewer.urlTemplate;
    return {
      ...summaryOf(row, changes),
      source: this.config.configSource,
      readOnly: this.config.configSource === 'file',
      ...(template ? { viewerUrlTemplate: template } : {}),
      settings: document,
    };
  }

  update(raw: unknown, baseVersion: number, comment: string | undefined, by: Actor): Promise<SettingsView> {
    return this.commit('settings.update', raw, baseVersion, { origin: 'console', comment }, by);
  }

  async restore(version: number, baseVersion: number, by: Actor): Promise<SettingsView> {
    const row = await this.repo.get(version);
    if (!row) throw new SettingsError('settings/not-found', `there is no settings version ${version}`);
    const comment = `restored version ${version}`;
    return this.commit(
      'settings.restore',
      row.document,
      baseVersion,
      { origin: 'restore', comment, from: version },
      by,
    );
  }

  /** Model enablement is a settings change like any other: versioned, audited, live. */
  async setModelEnabled(model: string, enabled: boolean, by: Actor): Promise<SettingsView> {
    const rt = this.live.current();
    const doc: RuntimeDocument = structuredClone(rt.document);
    const others = doc.models.disabled.filter((m) => m !== model);
    doc.models.disabled = enabled ? others : [...others, model];
    const comment = `${enabled ? 'enabled' : 'disabled'} model ${model}`;
    return this.commit('settings.update', doc, rt.version, { origin: 'console', comment }, by);
  }

  async versions(limit: number, before?: number): Promise<{ items: SettingsVersionSummary[]; next?: number }> {
    const rows = await this.repo.page(limit + 1, before);
    const page = rows.slice(0, limit);
    const older = rows.length > limit ? rows[limit] : await this.repo.get((page[page.length - 1]?.version ?? 1) - 1);
    const items = page.map((row, i) => summaryOf(row, changesFrom(page[i + 1] ?? older, row).length));
    return rows.length > limit ? { items, next: page[page.length - 1].version } : { items };
  }

  async version(version: number): Promise<SettingsVersionDetail> {
    const row = await this.repo.get(version);
    if (!row) throw new SettingsError('settings/not-found', `there is no settings version ${version}`);
    const diff = changesFrom(await this.repo.get(version - 1), row);
    return { ...summaryOf(row, diff.length), settings: row.document as RuntimeDocument, diff };
  }

  /** The live document as a YAML fragment of DELINEO_CONFIG (for config.source: file, or a backup). */
  exportYaml(): string {
    const rt = this.live.current();
    // A JSON round trip drops optional keys left undefined, which YAML cannot represent.
    const plain: unknown = JSON.parse(JSON.stringify(rt.document));
    return `# Delineo live settings, version ${rt.version}\n${dump(plain, { noRefs: true, lineWidth: 120 })}`;
  }

  private async commit(
    action: 'settings.update' | 'settings.restore',
    raw: unknown,
    baseVersion: number,
    how: { origin: SettingsOrigin; comment?: string; from?: number },
    by: Actor,
  ): Promise<SettingsView> {
    const refuse = async (err: SettingsError): Promise<never> => {
      await this.audit.record({ action, outcome: 'failure', target: 'settings', details: { code: err.code }, ...by });
      throw err;
    };
    if (this.config.configSource === 'file') {
      return refuse(new SettingsError('settings/read-only', 'config.source is file: change DELINEO_CONFIG instead'));
    }
    const { document, issues } = validateRuntimeDocument(raw, this.config.settings);
    if (!document) return refuse(new SettingsError('settings/invalid', `${issues.length} invalid setting(s)`, issues));
    const previous = await this.repo.get(baseVersion);
    const out = await this.repo.append({
      expected: baseVersion,
      author: authorOf(by.principal),
      origin: how.origin,
      ...(how.from !== undefined ? { restoredFrom: how.from } : {}),
      ...(how.comment ? { comment: how.comment } : {}),
      document,
    });
    if (!out.ok) {
      const msg = `version ${baseVersion} is not the latest (${out.latest} is): reload and apply the change again`;
      return refuse(new SettingsError('settings/conflict', msg));
    }
    const { errors } = this.live.apply(compileRuntime(document, out.row.version));
    for (const err of errors) this.log.error({ err, event: 'settings-listener-failed' }, 'a settings listener failed');
    const changes = changesFrom(previous, out.row).length;
    const details = { version: out.row.version, baseVersion, changes, ...(how.from ? { restoredFrom: how.from } : {}) };
    await this.audit.record({ action, outcome: 'success', target: `settings:${out.row.version}`, details, ...by });
    return this.viewOf(out.row, changes);
  }
}

function changesFrom(before: SettingsVersionRow | undefined, after: SettingsVersionRow) {
  return before ? diffSettings(before.document, after.document) : [];
}
