import { useState, type ReactNode } from 'react';
import { Problem } from '../../components/Problem';
import type { SettingsEditor } from './use-settings-editor';

/** Around every settings editor: why it is read-only, conflicts, the problems, and the Save bar. */
export function SettingsFrame({ editor, children }: { editor: SettingsEditor; children: ReactNode }) {
  const [comment, setComment] = useState('');
  const e = editor;
  if (e.loadProblem) return <Problem error={e.loadProblem} />;
  if (!e.doc || !e.draft)
    return (
      <p role="status" className="muted">
        Loading settings…
      </p>
    );
  return (
    <>
      <p className="muted">
        Version {e.doc.version} by {e.doc.author}, {new Date(e.doc.createdAt).toLocaleString()}
        {e.doc.comment && ` — “${e.doc.comment}”`}
      </p>
      {e.readOnly === 'file' && (
        <p className="notice" role="note">
          Read-only: these settings come from the configuration file (<code>config.source: file</code>, GitOps). Change
          the file in its repository and redeploy.
        </p>
      )}
      {e.readOnly === 'role' && (
        <p className="notice" role="note">
          Read-only: only an administrator may change settings.
        </p>
      )}
      {e.changedElsewhere !== undefined && !e.conflict && (
        <div className="notice" role="alert">
          Someone saved version {e.changedElsewhere} while you were editing.{' '}
          <button type="button" className="secondary" onClick={() => void e.reload()}>
            Reload
          </button>
        </div>
      )}
      {children}
      {e.conflict && (
        <div className="notice" role="alert">
          {/* The API's own words too (issue 15: errors shown as the API's problem text). */}
          Someone else saved first; your changes were not saved
          {e.saveProblem?.detail ? ` (${e.saveProblem.detail})` : ''}. Reload to see their version, then make your
          change again.{' '}
          <button type="button" className="secondary" onClick={() => void e.reload()}>
            Reload
          </button>
        </div>
      )}
      {!e.conflict && <Problem error={e.saveProblem} />}
      {!e.readOnly && (
        <form
          className="card row"
          aria-label="Save settings"
          onSubmit={(ev) => {
            ev.preventDefault();
            void e.save(comment).then(() => setComment(''));
          }}
        >
          <div className="field">
            <label htmlFor="save-comment">Change comment</label>
            <input
              id="save-comment"
              value={comment}
              maxLength={500}
              size={50}
              onChange={(ev) => setComment(ev.target.value)}
            />
          </div>
          <button type="submit" disabled={e.saving || !e.dirty}>
            Save
          </button>
          {e.dirty && <span className="muted">Unsaved changes</span>}
          {e.saved !== undefined && !e.dirty && (
            <span role="status" className="ok">
              Saved as version {e.saved}.
            </span>
          )}
        </form>
      )}
    </>
  );
}
