import { viewerUrl } from './use-viewer-template';

/** "Open in viewer": a new tab that gets neither a handle on this one nor its address (Referer). */
export function ViewerLink(props: {
  template: string | undefined;
  study: string | undefined;
  series: string;
  label?: string;
  className?: string;
}) {
  const href = props.template ? viewerUrl(props.template, { study: props.study, series: props.series }) : undefined;
  if (!href) return null;
  return (
    <a className={props.className} href={href} target="_blank" rel="noopener noreferrer" aria-label={props.label}>
      Open in viewer
    </a>
  );
}
