import type { LiveSettings, RuntimeConfig } from '@delineo/config';
import type { Dataset } from '@delineo/dicom';
import type { RouteDecision, Router, RoutingContext } from './ingest.ports';
import { RuleRouter } from './router';

/**
 * The routing rules of the live settings: each version's rules are compiled into a RuleRouter once
 * (kept while that version is referenced), and work that started on an older version (an open
 * association) keeps routing with it.
 */
export class LiveRuleRouter implements Router {
  private readonly routers = new WeakMap<RuntimeConfig, RuleRouter>();

  constructor(private readonly live: Pick<LiveSettings, 'current'>) {}

  routerFor(settings: RuntimeConfig = this.live.current()): RuleRouter {
    let r = this.routers.get(settings);
    if (!r) this.routers.set(settings, (r = new RuleRouter(settings.routing, settings.disabledModels)));
    return r;
  }

  decide(original: Dataset, ctx: RoutingContext): RouteDecision | undefined {
    return this.routerFor(ctx.settings).decide(original, ctx);
  }
}
