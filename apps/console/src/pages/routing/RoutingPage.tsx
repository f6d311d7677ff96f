import type { RoutingRule } from '../../api/settings-types';
import { SettingsFrame } from '../settings/SettingsFrame';
import { useSettingsEditor } from '../settings/use-settings-editor';
import { DryRun } from './DryRun';
import { RuleEditor } from './RuleEditor';

const NEW_RULE: RoutingRule = { name: '', match: {}, model: '', deliverTo: [] };

/** Routing rules, tried in order; the first that matches decides the model and the destinations. */
export default function RoutingPage() {
  const editor = useSettingsEditor();
  const { draft, update, errors } = editor;
  const readOnly = !!editor.readOnly;
  const rules = draft?.routing ?? [];
  const setRules = (f: (r: RoutingRule[]) => RoutingRule[]) => update((s) => ({ ...s, routing: f(s.routing) }));
  return (
    <section aria-labelledby="routing-h">
      <h1 id="routing-h">Routing rules</h1>
      <SettingsFrame editor={editor}>
        {rules.length === 0 && <p>No rules: no series is segmented.</p>}
        {rules.map((rule, i) => (
          <RuleEditor
            key={i}
            rule={rule}
            index={i}
            count={rules.length}
            destinations={draft?.destinations.map((d) => d.name) ?? []}
            errors={errors}
            readOnly={readOnly}
            onChange={(r) => setRules((rs) => rs.map((x, j) => (j === i ? r : x)))}
            onRemove={() => setRules((rs) => rs.filter((_, j) => j !== i))}
            onMove={(delta) =>
              setRules((rs) => {
                const next = [...rs];
                [next[i], next[i + delta]] = [next[i + delta], next[i]];
                return next;
              })
            }
          />
        ))}
        {!readOnly && (
          <button type="button" className="secondary" onClick={() => setRules((rs) => [...rs, { ...NEW_RULE }])}>
            Add rule
          </button>
        )}
      </SettingsFrame>
      <DryRun unsaved={editor.dirty} />
    </section>
  );
}
