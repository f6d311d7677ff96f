import type { RoutingMatch, RoutingRule } from '@delineo/config';
import { Dataset, Tag } from '@delineo/dicom';
import { RouteDecision, Router, RoutingContext } from './ingest.ports';

/** The criteria a rule can name (RoutingMatch), in the order they are tested. */
export const ROUTING_CRITERIA = [
  'modality',
  'seriesDescription',
  'bodyPart',
  'sopClassUid',
  'callingAeTitle',
  'source',
] as const satisfies readonly (keyof RoutingMatch)[];
export type RoutingCriterion = (typeof ROUTING_CRITERIA)[number];

/** One criterion of one rule: its name, the pattern configured, and whether it held. No dataset value. */
export interface CriterionResult {
  criterion: RoutingCriterion;
  pattern: string;
  matched: boolean;
}

export interface RuleExplanation {
  rule: string;
  /** Every criterion held (a rule without criteria matches everything). */
  matched: boolean;
  /** Its model is disabled (models.disabled): the rule is passed over even when it matches. */
  modelDisabled: boolean;
  criteria: CriterionResult[];
}

export interface RouteExplanation {
  /** The rule ingest would take: the first that matched (undefined: the series is not segmented). */
  decision?: RouteDecision;
  rules: RuleExplanation[];
}

/** The values a rule is matched against, read once from the original header and the context. */
type Subject = Record<RoutingCriterion, string | undefined>;

const upperEq = (want: string, got: string | undefined) => want.toUpperCase() === (got ?? '').toUpperCase();

/** How each criterion compares: CS values case-insensitively, UIDs and AE titles exactly. */
function holds(m: RoutingMatch, c: RoutingCriterion, s: Subject): boolean {
  switch (c) {
    case 'modality':
      return upperEq(m.modality!, s.modality);
    case 'seriesDescription':
      return m.seriesDescription!.test(s.seriesDescription ?? '');
    case 'bodyPart':
      return upperEq(m.bodyPart!, s.bodyPart);
    case 'sopClassUid':
      return m.sopClassUid === (s.sopClassUid ?? '');
    case 'callingAeTitle':
      return m.callingAeTitle === s.callingAeTitle;
    case 'source':
      return m.source === s.source;
  }
}

const patternOf = (m: RoutingMatch, c: RoutingCriterion): string => {
  const p = m[c];
  return p instanceof RegExp ? p.toString() : String(p);
};

/**
 * First matching rule wins; a rule whose model is disabled is passed over. Runs on the original header in memory: descriptions are matched
 * before Clean Descriptors could blank them, and only the decision is ever stored. `explain` runs
 * the same criteria for the console's dry run, reporting each one as true/false and never a value.
 */
export class RuleRouter implements Router {
  constructor(
    private readonly rules: readonly RoutingRule[],
    private readonly disabledModels: ReadonlySet<string> = new Set(),
  ) {}

  decide(original: Dataset, ctx: RoutingContext): RouteDecision | undefined {
    const s = subjectOf(original, ctx);
    const rule = this.rules.find(
      (r) => !this.disabledModels.has(r.model) && ROUTING_CRITERIA.every((c) => !r.match[c] || holds(r.match, c, s)),
    );
    return rule ? decisionOf(rule) : undefined;
  }

  explain(original: Dataset, ctx: RoutingContext): RouteExplanation {
    const s = subjectOf(original, ctx);
    const rules = this.rules.map((r) => {
      const criteria = ROUTING_CRITERIA.filter((c) => Boolean(r.match[c])).map((c) => ({
        criterion: c,
        pattern: patternOf(r.match, c),
        matched: holds(r.match, c, s),
      }));
      const modelDisabled = this.disabledModels.has(r.model);
      return { rule: r.name, matched: criteria.every((c) => c.matched), modelDisabled, criteria };
    });
    const first = rules.findIndex((r) => r.matched && !r.modelDisabled);
    return { ...(first >= 0 ? { decision: decisionOf(this.rules[first]) } : {}), rules };
  }
}

function subjectOf(original: Dataset, ctx: RoutingContext): Subject {
  return {
    modality: original.string(Tag.Modality),
    seriesDescription: original.string(Tag.SeriesDescription),
    bodyPart: original.string(Tag.BodyPartExamined),
    sopClassUid: original.string(Tag.SOPClassUID),
    callingAeTitle: ctx.callingAeTitle,
    source: ctx.source,
  };
}

function decisionOf(rule: RoutingRule): RouteDecision {
  return {
    ruleName: rule.name,
    modelId: rule.model,
    deliverTo: [...rule.deliverTo],
    ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
  };
}
