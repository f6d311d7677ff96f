import type { Dataset } from '@delineo/dicom';
import { createKeyring, deidentify, sealRecord, type DeidOptions, type Keyring } from '@delineo/deid';
import type { AppConfig, LoadedSecrets } from '@delineo/config';
import type { Deidentifier, SealedVaultRecord, VaultSealer } from './ingest.ports';

/** libs/deid configured from the settings file: the profile options and burned-in policy. */
export class ProfileDeidentifier implements Deidentifier {
  private readonly options: Partial<DeidOptions>;

  constructor(
    config: Pick<AppConfig, 'deid'>,
    private readonly projectKey: Buffer,
  ) {
    this.options = { ...config.deid.options, burnedInAnnotation: config.deid.burnedInAnnotation };
  }

  deidentify(original: Dataset) {
    const r = deidentify(original, this.options, { projectKey: this.projectKey });
    return { dataset: r.dataset, identifiers: r.identifiers, pseudonyms: r.pseudonyms };
  }
}

/** Envelope-encrypts the identifiers, bound (AAD) to the row's lookup key. */
export class EnvelopeVaultSealer implements VaultSealer {
  constructor(private readonly keyring: Keyring) {}

  seal(identifiers: unknown, lookupKey: string): SealedVaultRecord {
    const s = sealRecord(identifiers, this.keyring, lookupKey);
    return {
      keyId: s.keyId,
      wrappedKey: Buffer.from(s.wrappedKey, 'base64'),
      iv: Buffer.from(s.iv, 'base64'),
      tag: Buffer.from(s.tag, 'base64'),
      ciphertext: Buffer.from(s.ciphertext, 'base64'),
    };
  }
}

export function keyringFrom(secrets: LoadedSecrets): Keyring {
  const keys: Record<string, Buffer> = {};
  for (const [id, key] of secrets.vault.keys) keys[id] = key.reveal();
  return createKeyring(keys, secrets.vault.activeKeyId);
}
