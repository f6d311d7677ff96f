/**
 * The few Orthanc REST calls that e2e tests assert on (Orthanc 1.10 REST API, shared/TESTBED.md).
 * Plain fetch over loopback; a non-2xx answer throws with its body, so a failing assertion says why.
 */

export interface PacsInstance {
  /** Orthanc's own resource id (for instanceFile). */
  id: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
  modality: string;
  patientId: string;
  patientName: string;
  /** Every tag in Orthanc's "simplified" form (keyword → string, sequences as arrays). */
  tags: Record<string, unknown>;
}

export interface PacsCounts {
  patients: number;
  studies: number;
  series: number;
  instances: number;
}

/** What the auto-routing store jobs have done so far (one job per instance or per series). */
export interface ForwardProgress {
  /** Store jobs created so far: one per routed instance, or one per routed series. */
  jobs: number;
  /** Instances inside store jobs that finished with State "Success". */
  instancesSent: number;
  /** Jobs still Pending, Running or Retry. */
  pendingJobs: number;
  /** Jobs that ended in "Failure", with Orthanc's error description. */
  failures: string[];
}

export async function orthancJson<T>(url: string, init?: RequestInit): Promise<T> {
  return (await orthancFetch(url, init)).json() as Promise<T>;
}

async function orthancFetch(url: string, init?: RequestInit): Promise<Response> {
  const res = await fetch(url, init);
  if (!res.ok) throw new Error(`Orthanc ${init?.method ?? 'GET'} ${url}: HTTP ${res.status} ${await res.text()}`);
  return res;
}

export async function instancesOfStudy(base: string, studyInstanceUid: string): Promise<PacsInstance[]> {
  const studies = await orthancJson<string[]>(`${base}/tools/find`, {
    method: 'POST',
    body: JSON.stringify({ Level: 'Study', Query: { StudyInstanceUID: studyInstanceUid } }),
  });
  if (studies.length === 0) return [];
  const ids = (await orthancJson<Array<{ ID: string }>>(`${base}/studies/${studies[0]}/instances`)).map((i) => i.ID);
  const out: PacsInstance[] = [];
  // A few requests at a time: Orthanc answers each in about a millisecond, the CPU is shared.
  for (let i = 0; i < ids.length; i += 8) {
    out.push(...(await Promise.all(ids.slice(i, i + 8).map((id) => instance(base, id)))));
  }
  return out.sort((a, b) => a.sopInstanceUid.localeCompare(b.sopInstanceUid));
}

async function instance(base: string, id: string): Promise<PacsInstance> {
  const tags = await orthancJson<Record<string, unknown>>(`${base}/instances/${id}/simplified-tags`);
  const s = (k: string): string => (typeof tags[k] === 'string' ? (tags[k] as string) : '');
  return {
    id,
    sopClassUid: s('SOPClassUID'),
    sopInstanceUid: s('SOPInstanceUID'),
    seriesInstanceUid: s('SeriesInstanceUID'),
    modality: s('Modality'),
    patientId: s('PatientID'),
    patientName: s('PatientName'),
    tags,
  };
}

export async function instanceFile(base: string, orthancId: string): Promise<Buffer> {
  return Buffer.from(await (await orthancFetch(`${base}/instances/${orthancId}/file`)).arrayBuffer());
}

export async function counts(base: string): Promise<PacsCounts> {
  const s = await orthancJson<Record<string, number>>(`${base}/statistics`);
  return { patients: s.CountPatients, studies: s.CountStudies, series: s.CountSeries, instances: s.CountInstances };
}

interface Job {
  Type: string;
  State: string;
  ErrorDescription?: string;
  ErrorDetails?: string;
  Content?: { InstancesCount?: number; FailedInstancesCount?: number };
}

export async function forwardProgress(base: string): Promise<ForwardProgress> {
  const jobs = (await orthancJson<Job[]>(`${base}/jobs?expand`)).filter((j) => j.Type === 'DicomModalityStore');
  const progress: ForwardProgress = { jobs: jobs.length, instancesSent: 0, pendingJobs: 0, failures: [] };
  for (const j of jobs) {
    if (j.State === 'Success')
      progress.instancesSent += (j.Content?.InstancesCount ?? 0) - (j.Content?.FailedInstancesCount ?? 0);
    else if (j.State === 'Failure')
      progress.failures.push(`${j.ErrorDescription ?? ''} ${j.ErrorDetails ?? ''}`.trim());
    else progress.pendingJobs += 1;
  }
  return progress;
}
