import { Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AppConfig } from '@delineo/config';
import { CoreTokens } from '../core/core.tokens';

/**
 * The DICOMweb base URL that Retrieve URLs and BulkDataURIs are built on (PS3.18 §8.2: they are
 * absolute). `http.publicUrl` wins when set: behind a TLS-terminating proxy only the operator knows
 * the scheme, host and port users reach. Otherwise Express takes the scheme and host from
 * X-Forwarded-Proto/-Host only when the peer is a trusted proxy (`http.trustedProxies`, set at
 * bootstrap), and from the Host header, port included, from anyone else.
 */
@Injectable()
export class DicomwebBase {
  private readonly configured?: string;

  constructor(@Inject(CoreTokens.Config) config: Pick<AppConfig, 'http'>) {
    this.configured = config.http.publicUrl ? `${config.http.publicUrl}/dicomweb` : undefined;
  }

  of(req: Request): string {
    return this.configured ?? `${req.protocol}://${req.host}/dicomweb`;
  }
}
