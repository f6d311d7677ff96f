import type { RoutingRule } from '@delineo/config';
import { Dataset, Tag } from '@delineo/dicom';
import { RouteDecision, Router, RoutingContext } from './ingest.ports';

/**
 * First matching rule wins. Runs on the original header in memory: descriptions are matched
 * before Clean Descriptors could blank them, and only the decision is ever stored.
 */
export class RuleRouter implements Router {
  constructor(private readonly rules: readonly RoutingRule[]) {}

  decide(original: Dataset, ctx: RoutingContext): RouteDecision | undefined {
    const modality = original.string(Tag.Modality) ?? '';
    const description = original.string(Tag.SeriesDescription) ?? '';
    const bodyPart = original.string(Tag.BodyPartExamined) ?? '';
    const sopClass = original.string(Tag.SOPClassUID) ?? '';
    for (const rule of this.rules) {
      const m = rule.match;
      if (m.modality && m.modality.toUpperCase() !== modality.toUpperCase()) continue;
      if (m.seriesDescription && !m.seriesDescription.test(description)) continue;
      if (m.bodyPart && m.bodyPart.toUpperCase() !== bodyPart.toUpperCase()) continue;
      if (m.sopClassUid && m.sopClassUid !== sopClass) continue;
      if (m.callingAeTitle && m.callingAeTitle !== ctx.callingAeTitle) continue;
      if (m.source && m.source !== ctx.source) continue;
      return {
        ruleName: rule.name,
        modelId: rule.model,
        deliverTo: [...rule.deliverTo],
        ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
      };
    }
    return undefined;
  }
}
