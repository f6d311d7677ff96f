import { MATCH_CRITERIA, type MatchCriterion, type RoutingRule } from '../../api/settings-types';
import { CheckField, opt, TextField } from '../settings/Fields';

const CRITERION_LABELS: Record<MatchCriterion, [string, string]> = {
  modality: ['Modality', 'DICOM CS value, e.g. CT'],
  seriesDescription: ['Series description', 'Regular expression, e.g. /chest/i'],
  bodyPart: ['Body part', 'Body Part Examined, e.g. CHEST'],
  sopClassUid: ['SOP Class UID', 'e.g. 1.2.840.10008.5.1.4.1.1.2'],
  callingAeTitle: ['Calling AE title', 'C-STORE sender'],
  source: ['Source', 'STOW-RS: the source of the sender’s token'],
};

interface Props {
  rule: RoutingRule;
  index: number;
  count: number;
  destinations: string[];
  errors: Map<string, string[]>;
  readOnly: boolean;
  onChange(rule: RoutingRule): void;
  onMove(delta: -1 | 1): void;
  onRemove(): void;
}

/** One rule: its criteria (all must hold; none matches everything), model and destinations. */
export function RuleEditor({ rule, index, count, destinations, errors, readOnly, onChange, onMove, onRemove }: Props) {
  const at = `routing.${index}`;
  const common = { errors, readOnly };
  const targets = [...new Set([...destinations, ...rule.deliverTo])];
  return (
    <fieldset className="card">
      <legend>
        Rule {index + 1}: {rule.name || '(unnamed)'}
      </legend>
      <div className="row">
        <TextField
          {...common}
          path={`${at}.name`}
          label="Rule name"
          value={rule.name}
          onChange={(v) => onChange({ ...rule, name: v })}
        />
        <TextField
          {...common}
          path={`${at}.model`}
          label="Model"
          value={rule.model}
          onChange={(v) => onChange({ ...rule, model: v })}
        />
        <TextField
          {...common}
          path={`${at}.priority`}
          label="Priority"
          type="number"
          size={6}
          hint="1 is highest; empty runs first"
          value={rule.priority}
          onChange={(v) => onChange({ ...rule, priority: v === '' ? undefined : Number(v) })}
        />
      </div>
      <div className="row">
        {MATCH_CRITERIA.map((c) => (
          <TextField
            {...common}
            key={c}
            path={`${at}.match.${c}`}
            label={CRITERION_LABELS[c][0]}
            hint={CRITERION_LABELS[c][1]}
            value={rule.match[c]}
            onChange={(v) => onChange({ ...rule, match: { ...rule.match, [c]: opt(v) } })}
          />
        ))}
      </div>
      <div className="row" role="group" aria-label={`Destinations of rule ${index + 1}`}>
        {targets.map((d) => (
          <CheckField
            {...common}
            key={d}
            path={`${at}.deliverTo.${d}`}
            label={`Deliver to ${d}`}
            checked={rule.deliverTo.includes(d)}
            onChange={(on) =>
              onChange({ ...rule, deliverTo: on ? [...rule.deliverTo, d] : rule.deliverTo.filter((x) => x !== d) })
            }
          />
        ))}
        {errors.get(`${at}.deliverTo`)?.map((m) => (
          <p key={m} className="field-error">
            {m}
          </p>
        ))}
      </div>
      {!readOnly && (
        <div className="row">
          <button type="button" className="secondary" disabled={index === 0} onClick={() => onMove(-1)}>
            Move up
          </button>
          <button type="button" className="secondary" disabled={index === count - 1} onClick={() => onMove(1)}>
            Move down
          </button>
          <button type="button" className="danger" onClick={onRemove}>
            Remove rule
          </button>
        </div>
      )}
    </fieldset>
  );
}
