import type { ElementDefinition, StructureDefinition } from '@medplum/fhirtypes';

/**
 * A small snapshot generator for constraint profiles
 * (https://hl7.org/fhir/R4/profiling.html#snapshot): it applies a differential to the base
 * resource's snapshot. It supports what our profiles use and refuses anything else, so an
 * element cannot silently drop out of a profile:
 * - constraining an element the base snapshot already has (cardinality, types, pattern[x],
 *   mustSupport, slicing, invariants: differential constraints are added to the base ones);
 * - a slice (`Path:name`) of an element the differential sliced before, inserted after the
 *   element's last existing slice as a copy of the element and its children (a BackboneElement's
 *   children are repeated under the slice, as the spec's snapshots do), then constrained.
 * Datatype children (e.g. Quantity.code under Observation.value[x]) are not expanded: use
 * pattern[x] on the element itself instead.
 */
export function generateSnapshot(
  base: StructureDefinition,
  differential: readonly ElementDefinition[],
): ElementDefinition[] {
  const elements: ElementDefinition[] = structuredClone(base.snapshot?.element ?? []);
  if (!elements.length) throw new Error(`base ${base.url} has no snapshot`);
  for (const diff of differential) {
    if (!diff.id || !diff.path) throw new Error('differential elements need an id and a path');
    const { id, sliceName } = diff;
    const at = elements.findIndex((e) => e.id === id);
    if (at >= 0) {
      elements[at] = merge(elements[at], diff);
    } else if (sliceName && id.endsWith(`:${sliceName}`)) {
      insertSlice(elements, diff, id.slice(0, -sliceName.length - 1));
    } else {
      throw new Error(`cannot place differential element ${diff.id}: not in the base snapshot and not a slice`);
    }
  }
  return elements;
}

function insertSlice(elements: ElementDefinition[], diff: ElementDefinition, slicedId: string): void {
  const start = elements.findIndex((e) => e.id === slicedId);
  if (start < 0 || !elements[start].slicing) throw new Error(`slice ${diff.id}: ${slicedId} is not sliced`);
  let end = start + 1;
  while (end < elements.length && isWithin(elements[end].id, slicedId)) end++;
  const children = elements.slice(start + 1, end).filter((e) => e.id?.startsWith(`${slicedId}.`));
  const { slicing: _slicing, ...sliced } = elements[start];
  const copy = [
    merge({ ...structuredClone(sliced), id: diff.id }, diff),
    ...children.map((c) => ({ ...structuredClone(c), id: `${diff.id}${(c.id as string).slice(slicedId.length)}` })),
  ];
  elements.splice(end, 0, ...copy);
}

/** Inside the sliced element: its children, its slices and their children. */
function isWithin(id: string | undefined, slicedId: string): boolean {
  return !!id && (id.startsWith(`${slicedId}.`) || id.startsWith(`${slicedId}:`));
}

function merge(base: ElementDefinition, diff: ElementDefinition): ElementDefinition {
  const merged: ElementDefinition = { ...base };
  for (const [key, value] of Object.entries(diff) as [keyof ElementDefinition, unknown][]) {
    if (key === 'constraint') {
      merged.constraint = [...(base.constraint ?? []), ...(value as ElementDefinition['constraint'] & object)];
    } else {
      (merged as unknown as Record<string, unknown>)[key] = structuredClone(value);
    }
  }
  return merged;
}

/** Element helper: the path is the id without slice names. */
export function el(id: string, props: Omit<ElementDefinition, 'id' | 'path'> = {}): ElementDefinition {
  return { id, path: id.replace(/:[^.]+/g, ''), ...props };
}
