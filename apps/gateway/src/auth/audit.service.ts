import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { chainLink, type AuditDetailValue, type AuditOutcome, type AuditRecordInput } from '@delineo/auth';
import { AuditRepository } from '@delineo/db';
import type { Logger } from '@delineo/observability';
import { CoreTokens } from '../core/core.tokens';
import { actorOf, type Principal, type RequestContext } from './principal';

export interface AuditEvent {
  action: string;
  outcome: AuditOutcome;
  /** Ids only (pseudonymized UIDs, series ids, token ids, usernames): never a dataset value. */
  target?: string | null;
  details?: Record<string, AuditDetailValue>;
  /** Who: the request's principal, or an explicit actor (an AE title, the CLI, the system). */
  principal?: Principal;
  actor?: { actorType: AuditRecordInput['actorType']; actorId: string };
  context?: RequestContext;
}

/**
 * Appends to the hash-chained audit log (libs/auth computes the link, libs/db serialises appends
 * across instances). A failed write is logged with its code and never breaks the caller's work.
 */
@Injectable()
export class AuditService implements BeforeApplicationShutdown {
  /** Writes in flight: shutdown waits for them, so a record made just before a stop is kept. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    @Inject(AuditRepository) private readonly repo: Pick<AuditRepository, 'append'>,
    @Inject(CoreTokens.Logger) private readonly log: Pick<Logger, 'error'>,
  ) {}

  record(e: AuditEvent): Promise<void> {
    const p = this.write(e).finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async write(e: AuditEvent): Promise<void> {
    const input: AuditRecordInput = {
      time: new Date(),
      ...(e.actor ?? actorOf(e.principal ?? e.context?.principal)),
      action: e.action,
      target: e.target ?? null,
      outcome: e.outcome,
      sourceAddress: e.context?.sourceAddress ?? null,
      requestId: e.context?.requestId ?? null,
      details: e.details,
    };
    try {
      await this.repo.append((prev) => ({ ...input, details: input.details ?? null, ...chainLink(prev, input) }));
    } catch (err) {
      this.log.error({ err, event: 'audit-write-failed', action: e.action }, 'audit record could not be written');
    }
  }
}
