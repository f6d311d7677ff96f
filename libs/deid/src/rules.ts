import { resolveCompound, SimpleAction } from './compound';
import { DeidOptions, OPTION_FLAGS, OPTION_SPECS } from './options';
import { PROFILE_TABLE } from './profile-table.generated';
import type { ProfileRow } from './profile-row';

/**
 * What the engine does to one element: remove (X), zero (Z), dummy (D), keep (K), uid (U),
 * shift (C under Retain Longitudinal Modified Dates) or clean (C under the other options).
 */
export type Op = 'remove' | 'zero' | 'dummy' | 'keep' | 'uid' | 'shift' | 'clean';

export interface Rule {
  op: Op;
  /** The Basic Profile outcome, used when shift/clean cannot apply to a value (e.g. a partial date). */
  fallback: Op;
}

interface Wildcard {
  mask: number;
  value: number;
  rule: Rule;
}

export interface CompiledRules {
  byTag: Map<number, Rule>;
  wildcards: Wildcard[];
  /** Row "ggggeeee": odd groups (PS3.5 §7.8); remove, or keep safe ones under rtnSafePrivOpt. */
  retainSafePrivate: boolean;
}

const BASIC_OP: Record<SimpleAction, Op> = { D: 'dummy', Z: 'zero', X: 'remove', K: 'keep', C: 'clean', U: 'uid' };
/** When two enabled options disagree, the more protective wins: clean > shift > keep. */
const RANK: Partial<Record<Op, number>> = { keep: 1, shift: 2, clean: 3 };

/** The action one table row gets under the given options (README "Options and precedence"). */
export function effectiveRule(row: ProfileRow, options: DeidOptions): Rule {
  const fallback = BASIC_OP[resolveCompound(row.tag, row.basicProfile)];
  let op: Op | undefined;
  for (const flag of OPTION_FLAGS) {
    const column = OPTION_SPECS[flag].column;
    const value = row[column];
    if (!options[flag] || !value) continue;
    const candidate: Op = value === 'K' ? 'keep' : column === 'rtnLongModifDatesOpt' ? 'shift' : 'clean';
    if (!op || RANK[candidate]! > RANK[op]!) op = candidate;
  }
  return { op: op ?? fallback, fallback };
}

function wildcard(pattern: string, rule: Rule): Wildcard {
  const mask = parseInt(pattern.replace(/[0-9a-f]/g, 'f').replace(/x/g, '0'), 16) >>> 0;
  const value = parseInt(pattern.replace(/x/g, '0'), 16) >>> 0;
  return { mask, value, rule };
}

const REMOVE: Rule = { op: 'remove', fallback: 'remove' };
const cache = new Map<string, CompiledRules>();

/**
 * Precompiles Table E.1-1 for one option set into a tag → rule map plus masked wildcard rows.
 * Every other element of a 60xx overlay group is removed as well: once Overlay Data (60xx,3000)
 * is gone, the Overlay Plane Module (PS3.3 C.9.2) is incomplete and its geometry is meaningless.
 */
export function compileRules(options: DeidOptions): CompiledRules {
  const key = OPTION_FLAGS.map((f) => (options[f] ? '1' : '0')).join('');
  const hit = cache.get(key);
  if (hit) return hit;
  const byTag = new Map<number, Rule>();
  const wildcards: Wildcard[] = [];
  for (const row of PROFILE_TABLE) {
    if (row.tag === 'ggggeeee') continue;
    const rule = effectiveRule(row, options);
    if (row.tag.includes('x')) wildcards.push(wildcard(row.tag, rule));
    else byTag.set(parseInt(row.tag, 16) >>> 0, rule);
  }
  wildcards.push(wildcard('60xxxxxx', REMOVE));
  const compiled = { byTag, wildcards, retainSafePrivate: options.retainSafePrivate };
  cache.set(key, compiled);
  return compiled;
}

/** Rule for an even-group tag; undefined means "not in the table": keep (PS3.15 §E.1.1). */
export function ruleFor(rules: CompiledRules, tag: number): Rule | undefined {
  const exact = rules.byTag.get(tag);
  if (exact) return exact;
  const group = tag >>> 16;
  if (group < 0x5000 || group > 0x60ff) return undefined;
  for (const w of rules.wildcards) if ((tag & w.mask) >>> 0 === w.value) return w.rule;
  return undefined;
}
