/**
 * The yardsticks: dcmtk's storescp (writes files, no fsync, no database) and Orthanc (SQLite index
 * plus storage area), each on fresh temp directories and its own ports. Settings follow
 * shared/TESTBED.md; TCP_NODELAY=1 comes from baseEnv().
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countFiles } from './dataset';
import { baseEnv, type Peer } from './peer';
import { freePort, startServer, waitForPort, waitUntil } from './procs';

export const STORESCP = '/usr/bin/storescp';
export const ORTHANC = '/usr/sbin/Orthanc';
const DICOMWEB_PLUGIN = '/usr/share/orthanc/plugins/libOrthancDicomWeb.so';

/** storescp; `fork` runs one process per association (needed for parallel associations). */
export async function startStorescp(dir: string, fork: boolean): Promise<Peer> {
  const out = join(dir, 'received');
  mkdirSync(out, { recursive: true });
  const port = await freePort();
  const args = [...(fork ? ['--fork'] : []), '-aet', 'FWDSCP', '+xa', '-pm', '-od', out, '-fe', '.dcm', String(port)];
  const server = startServer('storescp', STORESCP, args, baseEnv(), join(dir, 'storescp.log'));
  await waitForPort(server, port);
  return {
    label: 'storescp',
    aeTitle: 'FWDSCP',
    dimsePort: port,
    logPath: server.logPath,
    async verify(expected) {
      const n = countFiles(out, '.dcm');
      return n === expected ? [] : [`storescp wrote ${n} files, expected ${expected}`];
    },
    stop: () => server.stop(),
  };
}

export function orthancAvailable(): boolean {
  return existsSync(ORTHANC);
}

export async function startOrthanc(dir: string): Promise<Peer> {
  mkdirSync(dir, { recursive: true });
  const [dicomPort, httpPort] = [await freePort(), await freePort()];
  const withDicomWeb = existsSync(DICOMWEB_PLUGIN);
  const config = {
    Name: 'delineo-bench',
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'index'),
    DicomAet: 'ORTHANC',
    DicomPort: dicomPort,
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomCheckCalledAet: false,
    DicomAlwaysAllowStore: true,
    UnknownSopClassAccepted: true,
    SaveJobs: false,
    Plugins: withDicomWeb ? [DICOMWEB_PLUGIN] : [],
    DicomWeb: { Enable: withDicomWeb, Root: '/dicom-web/' },
  };
  const configPath = join(dir, 'orthanc.json');
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const server = startServer('Orthanc', ORTHANC, [configPath], baseEnv(), join(dir, 'orthanc.log'));
  const http = `http://127.0.0.1:${httpPort}`;
  await waitUntil(server, 'its REST API', async () => (await fetch(`${http}/system`)).ok);
  await waitForPort(server, dicomPort);
  return {
    label: 'Orthanc',
    aeTitle: 'ORTHANC',
    dimsePort: dicomPort,
    logPath: server.logPath,
    stowUrl: withDicomWeb ? `${http}/dicom-web/studies` : undefined,
    async verify(expected) {
      const res = await fetch(`${http}/statistics`);
      const n = res.ok ? ((await res.json()) as { CountInstances: number }).CountInstances : -1;
      return n === expected ? [] : [`Orthanc reports ${n} instances, expected ${expected}`];
    },
    stop: () => server.stop(),
  };
}
