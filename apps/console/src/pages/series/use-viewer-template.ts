import { api } from '../../api/client';
import { useResource } from '../../components/use-resource';

/**
 * The OHIF (or other) viewer URL template, e.g. `https://ohif.example/viewer?StudyInstanceUIDs={StudyInstanceUID}`.
 * Read from the settings when the user may read them (admins, operators); radiologists cannot, and
 * without a template the link is not shown. Only http(s) templates: never a `javascript:` link.
 */
export function useViewerTemplate(enabled: boolean): string | undefined {
  const r = useResource(async () => {
    if (!enabled) return undefined;
    const doc = await api.get('/api/v1/settings').catch(() => undefined);
    return doc?.viewerUrlTemplate ?? doc?.settings?.viewer?.urlTemplate;
  }, `viewer:${enabled}`);
  return typeof r.data === 'string' && /^https?:\/\//i.test(r.data) ? r.data : undefined;
}

/**
 * Fills the template with the pseudonymized UIDs the archive serves over QIDO-RS/WADO-RS (the API
 * answers no other), each URI-encoded.
 */
export const viewerUrl = (template: string, uids: { study?: string; series: string }): string | undefined =>
  !uids.study
    ? undefined
    : template
        .replaceAll('{StudyInstanceUID}', encodeURIComponent(uids.study))
        .replaceAll('{SeriesInstanceUID}', encodeURIComponent(uids.series));
