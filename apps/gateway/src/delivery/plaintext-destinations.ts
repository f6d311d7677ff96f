import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { AppConfig, DestinationSettings } from '@delineo/config';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';

/**
 * Whether results to `d` leave unencrypted: a DIMSE destination without DICOM TLS (PS3.15
 * Annex B.1), or an http:// STOW-RS or FHIR base. The settings refuse both without `allowPlaintext`.
 */
export function isPlaintext(d: DestinationSettings): boolean {
  return d.type === 'dimse' ? !d.tls : !d.url.startsWith('https://');
}

/**
 * At boot, one warning per destination that opted out of TLS, so the opt-out shows in every start's
 * log and not only in the settings file. The log names the destination only: a URL may hold
 * credentials (user info becomes Basic auth in the senders).
 */
@Injectable()
export class PlaintextDestinations implements OnApplicationBootstrap {
  constructor(
    @Inject(CoreTokens.Config) private readonly config: Pick<AppConfig, 'destinations'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn'>,
  ) {}

  onApplicationBootstrap(): void {
    for (const d of this.config.destinations.filter(isPlaintext)) {
      this.log.warn(
        { event: 'destination-plaintext', destination: d.name },
        'results to this destination are sent unencrypted (allowPlaintext: true)',
      );
    }
  }
}
