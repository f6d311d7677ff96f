import type { AllowedCaller, RoutingRule } from './app-config';
import type { ConfigIssue } from './config-error';
import { compilePattern } from './regex';
import { validateSettings } from './settings-file';
import type { DestinationSettings, Settings } from './settings.schema';

/**
 * The part of the settings that the console edits, that is versioned in PostgreSQL, and that every
 * gateway instance reloads without a restart (issue 15): the AE allow-list, destinations, routing
 * rules, de-identification options, model enablement and the viewer link. Its keys are the YAML
 * file's, so a file seeds it and an export is a valid file fragment. Everything else (ports,
 * limits, identity providers) is read at start only.
 */
export interface RuntimeDocument {
  dimse: { allowedCallers: Settings['dimse']['allowedCallers'] };
  destinations: Settings['destinations'];
  routing: Settings['routing'];
  deid: Settings['deid'];
  models: Settings['models'];
  viewer: Settings['viewer'];
}

export const RUNTIME_SECTIONS = ['dimse', 'destinations', 'routing', 'deid', 'models', 'viewer'] as const;

/** The compiled form the services read: patterns compiled, lists frozen, one version number. */
export interface RuntimeConfig {
  readonly version: number;
  readonly document: RuntimeDocument;
  readonly allowedCallers: readonly AllowedCaller[];
  /** No allowed callers: only 127.0.0.1/::1 may associate (the secure default). */
  readonly loopbackOnly: boolean;
  readonly destinations: readonly DestinationSettings[];
  readonly routing: readonly RoutingRule[];
  readonly deid: Settings['deid'];
  readonly disabledModels: ReadonlySet<string>;
  readonly viewerUrlTemplate?: string;
}

export function runtimeDocumentOf(s: Settings): RuntimeDocument {
  return structuredClone({
    dimse: { allowedCallers: s.dimse.allowedCallers },
    destinations: s.destinations,
    routing: s.routing,
    deid: s.deid,
    models: s.models,
    viewer: s.viewer,
  });
}

type Raw = Record<string, unknown>;
const isObj = (v: unknown): v is Raw => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Validates an edited document in the context of the start-up settings, with the same schema and
 * cross-checks as the file (one place: a routing rule's deliverTo must name a destination, a
 * certSubject needs DICOM TLS). Returns every issue with its path, or the normalized document.
 */
export function validateRuntimeDocument(
  raw: unknown,
  boot: Settings,
): { document?: RuntimeDocument; issues: ConfigIssue[] } {
  if (!isObj(raw)) return { issues: [{ path: '(root)', message: 'settings must be an object' }] };
  const issues: ConfigIssue[] = [];
  for (const k of Object.keys(raw))
    if (!(RUNTIME_SECTIONS as readonly string[]).includes(k))
      issues.push({ path: k, message: `not editable here (editable: ${RUNTIME_SECTIONS.join(', ')})` });
  const dimse = raw.dimse;
  if (dimse !== undefined && !isObj(dimse)) issues.push({ path: 'dimse', message: 'must be an object' });
  if (isObj(dimse))
    for (const k of Object.keys(dimse))
      if (k !== 'allowedCallers') issues.push({ path: `dimse.${k}`, message: 'read at start only: edit the file' });
  if (issues.length > 0) return { issues };

  // The boot settings are already valid, so any issue below comes from the edited sections.
  const merged: Raw = structuredClone(boot) as unknown as Raw;
  merged.dimse = { ...(merged.dimse as Raw), allowedCallers: isObj(dimse) ? dimse.allowedCallers : undefined };
  for (const k of RUNTIME_SECTIONS) if (k !== 'dimse') merged[k] = structuredClone(raw[k]);
  const out = validateSettings(merged, process.cwd());
  return out.settings ? { document: runtimeDocumentOf(out.settings), issues: [] } : { issues: out.issues };
}

export function compileRule(rule: Settings['routing'][number]): RoutingRule {
  const { seriesDescription, ...rest } = rule.match;
  return {
    name: rule.name,
    model: rule.model,
    deliverTo: rule.deliverTo,
    ...(rule.priority !== undefined ? { priority: rule.priority } : {}),
    match: {
      ...rest,
      seriesDescription: seriesDescription === undefined ? undefined : compilePattern(seriesDescription),
    },
  };
}

export function compileRuntime(document: RuntimeDocument, version: number): RuntimeConfig {
  const doc = structuredClone(document);
  return deepFreeze({
    version,
    document: doc,
    allowedCallers: doc.dimse.allowedCallers.map((c) => ({ ...c })),
    loopbackOnly: doc.dimse.allowedCallers.length === 0,
    destinations: doc.destinations,
    routing: doc.routing.map(compileRule),
    deid: doc.deid,
    disabledModels: new Set(doc.models.disabled),
    ...(doc.viewer.urlTemplate ? { viewerUrlTemplate: doc.viewer.urlTemplate } : {}),
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof RegExp) && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (!(value instanceof Set)) for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
