import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { LiveSettings, type DestinationSettings } from '@delineo/config';
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
 * At boot, and at each settings version that adds one, a warning per destination that opted out of
 * TLS, so the opt-out shows in the log and not only in the settings. The log names the destination only: a URL may hold
 * credentials (user info becomes Basic auth in the senders).
 */
@Injectable()
export class PlaintextDestinations implements OnApplicationBootstrap {
  constructor(
    @Inject(LiveSettings) private readonly live: Pick<LiveSettings, 'current' | 'subscribe'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'warn'>,
  ) {}

  onApplicationBootstrap(): void {
    this.warn(this.live.current().destinations, []);
    this.live.subscribe((next, previous) => this.warn(next.destinations, previous.destinations));
  }

  private warn(now: readonly DestinationSettings[], before: readonly DestinationSettings[]): void {
    const was = new Set(before.filter(isPlaintext).map((d) => d.name));
    for (const d of now.filter((x) => isPlaintext(x) && !was.has(x.name))) {
      this.log.warn(
        { event: 'destination-plaintext', destination: d.name },
        'results to this destination are sent unencrypted (allowPlaintext: true)',
      );
    }
  }
}
