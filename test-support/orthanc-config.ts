/**
 * The configuration and Lua routing script for a test Orthanc playing "the hospital PACS".
 * Keys and values follow shared/TESTBED.md ("Orthanc as the hospital PACS"), checked on Orthanc 1.10.1.
 */
import { existsSync } from 'node:fs';

export const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

export interface Modality {
  aet: string;
  host: string;
  port: number;
}

/**
 * When the PACS forwards what it receives:
 * - 'instance': one asynchronous store job per stored instance, so one association per instance
 *   (what a naive OnStoredInstance rule does; the receiver sees many short associations);
 * - 'stable-series': one job per series once it has been quiet for StableAge seconds, so one
 *   association per series.
 */
export type RouteTrigger = 'instance' | 'stable-series';

export interface OrthancConfigInput {
  dir: string;
  aet: string;
  dicomPort: number;
  httpPort: number;
  modalities: Record<string, Modality>;
  /** Only modalities listed above may C-STORE in (Orthanc answers others with an association reject). */
  knownCallersOnly: boolean;
  overwriteInstances: boolean;
  dicomWeb: boolean;
  stableAgeSeconds: number;
  luaScript?: string;
}

export function orthancConfig(c: OrthancConfigInput): Record<string, unknown> {
  if (c.dicomWeb && !existsSync(DICOMWEB_PLUGIN)) throw new Error(`DICOMweb plugin not installed: ${DICOMWEB_PLUGIN}`);
  return {
    Name: 'delineo-test-pacs',
    StorageDirectory: `${c.dir}/storage`,
    IndexDirectory: `${c.dir}/index`,
    TemporaryDirectory: `${c.dir}/tmp`,
    DicomAet: c.aet,
    DicomPort: c.dicomPort,
    HttpPort: c.httpPort,
    // Orthanc 1.10 cannot bind 127.0.0.1 only; tests only ever talk to it over loopback.
    RemoteAccessAllowed: true,
    AuthenticationEnabled: false,
    // A real PACS refuses associations addressed to another AE title; so do we.
    DicomCheckCalledAet: true,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: !c.knownCallersOnly,
    DicomModalities: Object.fromEntries(
      Object.entries(c.modalities).map(([name, m]) => [name, { AET: m.aet, Host: m.host, Port: m.port }]),
    ),
    // Segmentation Storage (…66.4) is in DCMTK 3.6.7's storage SOP class list, so Orthanc accepts it
    // anyway; Label Map Segmentation (…66.7) is not and needs promiscuous mode.
    UnknownSopClassAccepted: true,
    AcceptedTransferSyntaxes: ['1.2.840.10008.1.*'],
    OverwriteInstances: c.overwriteInstances,
    StableAge: c.stableAgeSeconds,
    // Store jobs are how routing is observed (waitForForwarded); keep every one of them, and persist
    // them so that a restart resumes unfinished forwards, as a production PACS would.
    JobsHistorySize: 100_000,
    SaveJobs: true,
    ConcurrentJobs: 2,
    DicomScuTimeout: 10,
    HttpThreadsCount: 10,
    LuaScripts: c.luaScript ? [c.luaScript] : [],
    Plugins: c.dicomWeb ? [DICOMWEB_PLUGIN] : [],
    DicomWeb: { Enable: c.dicomWeb, Root: '/dicom-web/' },
  };
}

/**
 * Auto-routing that leaves results alone. Delineo sends its SEG back to this PACS; if the PACS
 * forwarded that SEG to Delineo again, Delineo would ingest its own output and the two would loop.
 * Real routers guard the same way (by Modality, and by SOP class for a SEG with an odd Modality).
 * The originals stay in the PACS: routing is a copy, not a move.
 * Forwards go through Orthanc's jobs engine (asynchronous store jobs) so tests can count them.
 */
export function routingLua(target: string, trigger: RouteTrigger): string {
  const common = `
local TARGET = ${JSON.stringify(target)}
local function isResult(tags)
  local sopClass = tags["SOPClassUID"]
  return tags["Modality"] == "SEG" or sopClass == "1.2.840.10008.5.1.4.1.1.66.4" or sopClass == "1.2.840.10008.5.1.4.1.1.66.7"
end
local function forward(resourceId)
  RestApiPost("/modalities/" .. TARGET .. "/store",
    DumpJson({ Resources = { resourceId }, Asynchronous = true, Synchronous = false }, true))
end
`;
  if (trigger === 'instance') {
    return `${common}
function OnStoredInstance(instanceId, tags, metadata, origin)
  if origin["RequestOrigin"] ~= "Lua" and not isResult(tags) then
    forward(instanceId)
  end
end
`;
  }
  // Series tags carry Modality but not SOPClassUID; results are excluded by Modality here.
  return `${common}
function OnStableSeries(seriesId, tags, metadata)
  if not isResult(tags) then
    forward(seriesId)
  end
end
`;
}
