import { Inject, Injectable } from '@nestjs/common';
import { InstanceCommitRepository } from '@delineo/db';
import type { ArchiveWriter, CommitResult, DerivedInstanceRecord, InstanceRecord } from './ingest.ports';
import { toNewInstanceInput } from './instance-row.mapper';

/**
 * The ingest port over libs/db: maps a de-identified record to its archive row; the repository
 * commits the row (and the vault record of a received instance) in one transaction, only once
 * the object is durable.
 */
@Injectable()
export class RepositoryArchiveWriter implements ArchiveWriter {
  constructor(@Inject(InstanceCommitRepository) private readonly commits: InstanceCommitRepository) {}

  commit(record: InstanceRecord, persistObject: () => Promise<void>): Promise<CommitResult> {
    const vault = { lookupKey: record.pseudonyms.sopInstanceUid, sealed: record.vaultRecord };
    return this.commits.commit(toNewInstanceInput(record), vault, persistObject);
  }

  commitDerived(record: DerivedInstanceRecord, persistObject: () => Promise<void>): Promise<CommitResult> {
    return this.commits.commit(toNewInstanceInput({ ...record, receivedVia: 'derived' }), undefined, persistObject);
  }
}
