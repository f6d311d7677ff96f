import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@delineo/config';
import type { Dataset } from '@delineo/dicom';
import { deidentify, sealRecord, type DeidOptions, type Keyring } from '@delineo/deid';
import { CoreTokens } from '../core/core.tokens';
import type { Deidentifier, SealedVaultRecord, VaultSealer } from './ingest.ports';

/** libs/deid configured from the settings file: the profile options and burned-in policy. */
@Injectable()
export class ProfileDeidentifier implements Deidentifier {
  private readonly options: Partial<DeidOptions>;

  constructor(
    @Inject(CoreTokens.Config) config: Pick<AppConfig, 'deid'>,
    @Inject(CoreTokens.ProjectKey) private readonly projectKey: Buffer,
  ) {
    this.options = { ...config.deid.options, burnedInAnnotation: config.deid.burnedInAnnotation };
  }

  deidentify(original: Dataset) {
    const r = deidentify(original, this.options, { projectKey: this.projectKey });
    return { dataset: r.dataset, identifiers: r.identifiers, pseudonyms: r.pseudonyms };
  }
}

/** Envelope-encrypts the identifiers, bound (AAD) to the row's lookup key. */
@Injectable()
export class EnvelopeVaultSealer implements VaultSealer {
  constructor(@Inject(CoreTokens.Keyring) private readonly keyring: Keyring) {}

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
