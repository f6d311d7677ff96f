import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiProblem } from '../../api/client';
import type { Settings, SettingsDocument } from '../../api/settings-types';
import { allows } from '../../session/access';
import { useLiveEvent } from '../../session/live-events';
import { useMe } from '../../session/session';
import { fieldErrors } from './settings-paths';

/** Settings are JSON: a JSON round trip is a deep copy (and runs where structuredClone does not). */
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export type ReadOnlyReason = 'file' | 'role' | undefined;

/**
 * A page's working copy of the runtime settings. Saving sends the whole document with the version
 * it was based on: a concurrent save elsewhere answers 409 settings/conflict instead of being lost.
 */
export function useSettingsEditor() {
  const me = useMe();
  const [doc, setDoc] = useState<SettingsDocument>();
  const [draft, setDraft] = useState<Settings>();
  const [loadProblem, setLoadProblem] = useState<unknown>();
  const [saveProblem, setSaveProblem] = useState<ApiProblem>();
  const [conflict, setConflict] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState<number>();
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState<number>();

  const load = useCallback(async () => {
    try {
      const d = await api.get('/api/v1/settings');
      setDoc(d);
      setDraft(clone(d.settings));
      setLoadProblem(undefined);
      setSaveProblem(undefined);
      setConflict(false);
      setChangedElsewhere(undefined);
    } catch (err) {
      setLoadProblem(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  const dirty = useMemo(() => !!doc && !!draft && JSON.stringify(doc.settings) !== JSON.stringify(draft), [doc, draft]);
  // Someone saved (this tab or another user): show it, unless that would throw away an edit.
  useLiveEvent('settings', ({ version }) => {
    if (!doc || version === doc.version) return;
    if (dirty) setChangedElsewhere(version);
    else void load();
  });

  const readOnly: ReadOnlyReason =
    doc && (doc.source === 'file' || doc.readOnly) ? 'file' : !allows(me.roles, 'settingsWrite') ? 'role' : undefined;

  const update = useCallback((f: (s: Settings) => Settings) => {
    setSaved(undefined);
    setDraft((d) => (d ? f(clone(d)) : d));
  }, []);

  async function save(comment: string) {
    if (!doc || !draft) return;
    setSaving(true);
    setSaveProblem(undefined);
    setConflict(false);
    try {
      const r = await api.put('/api/v1/settings', {
        body: { baseVersion: doc.version, settings: draft, ...(comment.trim() ? { comment: comment.trim() } : {}) },
      });
      await load();
      setSaved(r?.version ?? doc.version + 1);
    } catch (err) {
      if (!(err instanceof ApiProblem)) throw err;
      setSaveProblem(err);
      if (err.code === 'settings/conflict') setConflict(true);
      if (err.code === 'settings/read-only') setDoc({ ...doc, readOnly: true, source: 'file' });
    } finally {
      setSaving(false);
    }
  }

  const errors = useMemo(() => fieldErrors(saveProblem), [saveProblem]);
  return {
    doc,
    draft,
    dirty,
    readOnly,
    loadProblem,
    saveProblem,
    conflict,
    changedElsewhere,
    saving,
    saved,
    errors,
    update,
    save,
    reload: load,
  };
}
export type SettingsEditor = ReturnType<typeof useSettingsEditor>;
