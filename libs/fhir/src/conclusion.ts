import type { SegmentationReportInput } from './report-input';

/** Volumes are reported to 0.1 mL in prose; the Observations carry 0.01 mL. */
export function formatMl(ml: number): string {
  return `${ml.toFixed(1)} mL`;
}

/**
 * DiagnosticReport.conclusion: one short paragraph a clinician can read in any EHR viewer, with
 * what made the numbers (software and model) and that nobody has reviewed them. Only model and
 * label names appear, never patient values. Segments are listed by segment number.
 */
export function conclusionText({
  device,
  model,
  segments,
}: Pick<SegmentationReportInput, 'device' | 'model' | 'segments'>): string {
  const volumes = [...segments]
    .sort((a, b) => a.number - b.number)
    .map((s) => (s.voxelCount === 0 ? `${s.label.name} not found (0 mL)` : `${s.label.name} ${formatMl(s.volumeMl)}`));
  return (
    `Automated segmentation by ${device.name} ${device.version} using model ${model.name}, version ${model.version}. ` +
    `Volumes: ${volumes.join('; ')}. Not reviewed by a clinician.`
  );
}

/** The conclusion as XHTML narrative (https://hl7.org/fhir/R4/narrative.html#xhtml). */
export function narrativeDiv(text: string): string {
  const escaped = text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<div xmlns="http://www.w3.org/1999/xhtml"><p>${escaped}</p></div>`;
}
