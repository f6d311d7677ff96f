/**
 * What the DIMSE negotiation e2e specs share: a gateway per `dimse.transferSyntaxPreference`, and
 * the transfer syntax it stored an instance in.
 */
import { readFileSync } from 'node:fs';
import { parseDataset, Tag, TransferSyntax } from '@delineo/dicom';
import { pseudonymizeUid } from '@delineo/deid';
import { first, getJson } from './dicomweb-client';
import { DEFAULT_SETTINGS, randomSecrets, SCU, startTestGateway, type TestGateway } from './harness';

export type Preference = 'sender' | 'uncompressed' | 'lossless';
export const PREFERENCES: Preference[] = ['sender', 'uncompressed', 'lossless'];

/** Above dcmjs-dimse's own default (262144), so the A-ASSOCIATE-AC shows which one it states. */
export const MAX_PDU = 1048576;

export interface PreferenceGateway {
  gw: TestGateway;
  /** The transfer syntax the gateway stored `file` in (QIDO by its keyed pseudonymous SOP Instance UID). */
  storedSyntax(file: string): Promise<unknown>;
  /** RetrieveURL of the instance the gateway made of `file`. */
  retrieveUrl(file: string): Promise<string>;
}

export async function startPreferenceGateway(preference: Preference): Promise<PreferenceGateway> {
  const secrets = randomSecrets();
  const gw = await startTestGateway({
    env: secrets,
    settings: {
      ...DEFAULT_SETTINGS,
      dimse: {
        allowedCallers: [{ aeTitle: SCU, query: true }], // Q/R contexts are answered too (dimse-negotiation)
        transferSyntaxPreference: preference,
        maxPduLength: MAX_PDU,
      },
    },
  });
  const instance = async (file: string) => {
    const sop = pseudonymizeUid(Buffer.from(secrets.DELINEO_PROJECT_KEY, 'hex'), fileMeta(file).sop);
    // AvailableTransferSyntaxUID is not a default QIDO attribute (PS3.18 Table 6.7.1-2a): asked for.
    const { body } = await getJson(`${gw.http}/dicomweb/instances?SOPInstanceUID=${sop}&includefield=00083002`);
    expect(body).toHaveLength(1);
    return body[0];
  };
  return {
    gw,
    storedSyntax: async (file) => first(await instance(file), '00083002'),
    retrieveUrl: async (file) => String(first(await instance(file), '00081190')),
  };
}

/** From the file meta of a Part 10 file (always Explicit VR LE, PS3.10 §7.1, Big Endian files too). */
export function fileMeta(file: string): { ts: string; sopClass: string; sop: string } {
  const buf = readFileSync(file);
  const meta = parseDataset(buf.subarray(132, 144 + buf.readUInt32LE(140)), TransferSyntax.ExplicitVRLittleEndian);
  return {
    ts: meta.string(Tag.TransferSyntaxUID)!,
    sopClass: meta.string(Tag.MediaStorageSOPClassUID)!,
    sop: meta.string(Tag.MediaStorageSOPInstanceUID)!,
  };
}
