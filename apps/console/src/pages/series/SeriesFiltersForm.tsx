import { SERIES_STATES } from '../../api/types';
import { PAGE_SIZES, type SeriesFilters } from './series.query';

interface Props {
  filters: SeriesFilters;
  limit: number;
  onApply(filters: SeriesFilters, limit: number): void;
}

/** Uncontrolled: the URL is the state; `key` on the form resets it when the URL changes. */
export function SeriesFiltersForm({ filters, limit, onApply }: Props) {
  return (
    <form
      role="search"
      aria-label="Series filters"
      className="card row"
      onSubmit={(e) => {
        e.preventDefault();
        const d = new FormData(e.currentTarget);
        const v = (k: string) => String(d.get(k) ?? '').trim() || undefined;
        onApply(
          {
            state: v('state') as SeriesFilters['state'],
            model: v('model'),
            modality: v('modality'),
            from: v('from'),
            to: v('to'),
            rule: v('rule'),
          },
          Number(d.get('limit')),
        );
      }}
    >
      <div className="field">
        <label htmlFor="f-state">State</label>
        <select id="f-state" name="state" defaultValue={filters.state ?? ''}>
          <option value="">Any</option>
          {SERIES_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <Text id="f-model" name="model" label="Model" value={filters.model} />
      <Text id="f-modality" name="modality" label="Modality" value={filters.modality} size={6} />
      <Text id="f-rule" name="rule" label="Rule" value={filters.rule} />
      <Text id="f-from" name="from" label="Received from" value={filters.from} type="date" />
      <Text id="f-to" name="to" label="Received to" value={filters.to} type="date" />
      <div className="field">
        <label htmlFor="f-limit">Page size</label>
        <select id="f-limit" name="limit" defaultValue={limit}>
          {PAGE_SIZES.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      </div>
      <button type="submit">Apply filters</button>
      <button type="button" className="secondary" onClick={() => onApply({}, limit)}>
        Clear filters
      </button>
    </form>
  );
}

function Text(p: { id: string; name: string; label: string; value?: string; type?: string; size?: number }) {
  return (
    <div className="field">
      <label htmlFor={p.id}>{p.label}</label>
      <input
        id={p.id}
        name={p.name}
        type={p.type ?? 'text'}
        defaultValue={p.value ?? ''}
        size={p.size}
        maxLength={64}
      />
    </div>
  );
}
