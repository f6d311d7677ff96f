import { Inject, Injectable } from '@nestjs/common';
import { LiveSettings, type RuntimeConfig } from '@delineo/config';
import type { Dataset } from '@delineo/dicom';
import { deidentify, sealRecord, type DeidOptions, type Keyring } from '@delineo/deid';
import { CoreTokens } from '../core/core.tokens';
import type { Deidentifier, SealedVaultRecord, VaultSealer } from './ingest.ports';

/** libs/deid configured from the live settings: the profile options and burned-in policy. */
@Injectable()
export class ProfileDeidentifier implements Deidentifier {
  constructor(
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current'>,
    @Inject(CoreTokens.ProjectKey) private readonly projectKey: Buffer,
  ) {}

  deidentify(original: Dataset, settings: RuntimeConfig = this.live.current()) {
    const options: Partial<DeidOptions> = {
      ...settings.deid.options,
      burnedInAnnotation: settings.deid.burnedInAnnotation,
    };
    const r = deidentify(original, options, { projectKey: this.projectKey });
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
