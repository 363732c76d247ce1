import { Inject, Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import type { LedgerConfig } from '@ledger/config';
import { auditStreamId, type Actor, type AuditedRead, type AuditRecordRead, type GrantRequirement } from '@ledger/domain';
import { ANY, EVENT_STORE, SCHEMA_VERSION, type EventStore } from '@ledger/event-store';
import type { RequestAccess } from '../access/request-access.js';
import { secretariatOf } from '../access/scopes.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';

/** Who may read a partnership's history, its views as they stood, and who read them: its auditors (or the platform's) and its secretariat. */
export const auditorsOf = (partnershipId: string): GrantRequirement[] => [{ role: 'AUDITOR', partnershipId }, secretariatOf(partnershipId)];

const WORDS: Record<AuditedRead, string> = {
  COMMITMENT_HISTORY: 'the history of commitment',
  ACTION_HISTORY: 'the history of action',
  PARTNERSHIP_HISTORY: 'the history of partnership',
  AUDIT_ACCESS_LOG: 'the audit access log of partnership',
  COMMITMENT_AS_OF: 'as of a past time commitment',
  DASHBOARD_AS_OF: 'as of a past time the dashboard of partnership',
  PROGRESS_AS_OF: 'as of a past time the progress since meeting',
  CHANGES_BETWEEN: 'the changes between two times of partnership',
};

/**
 * The audit access log's writer: every history and as-of read is authorised here and recorded as an
 * `AuditRecordRead` on the partnership's `audit-<partnershipId>` stream, so an auditor's reading is on
 * the same tamper-evident record as what they read.
 *
 * The record is appended while the read runs, and the answer waits for both: a read whose record
 * could not be written fails (fail closed: nothing is read off the record), and the read costs one
 * append's latency at most, not an append plus a read. The record is not waited on in the read models:
 * `auditAccessLog` shows it once the projections have caught up (normally within milliseconds).
 */
@Injectable()
export class AuditReads {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  /** Refuses (FORBIDDEN, naming AUDITOR and SECRETARIAT of the partnership) unless the caller may read it, else records the read. */
  async record(access: RequestAccess, partnershipId: string, what: AuditedRead, subjectId: string): Promise<Actor> {
    const actor = await this.authorise(access, partnershipId, what, subjectId);
    await this.append(actor, access, partnershipId, what, subjectId);
    return actor;
  }

  /** Authorises, then records the read and runs it at once; answers when both are done. */
  async audited<T>(access: RequestAccess, partnershipId: string, what: AuditedRead, subjectId: string, read: () => T | Promise<T>): Promise<T> {
    const actor = await this.authorise(access, partnershipId, what, subjectId);
    const [, result] = await Promise.all([this.append(actor, access, partnershipId, what, subjectId), read()]);
    return result;
  }

  private authorise(access: RequestAccess, partnershipId: string, what: AuditedRead, subjectId: string): Promise<Actor> {
    return access.require(auditorsOf(partnershipId), `read ${WORDS[what]} ${subjectId}`);
  }

  private async append(actor: Actor, access: RequestAccess, partnershipId: string, what: AuditedRead, subjectId: string) {
    const event: AuditRecordRead = {
      type: 'AuditRecordRead',
      data: { partnershipId, personId: access.caller.personId, grantId: actor.grantId, what, subjectId, at: this.config.clock().toISOString() },
    };
    const id = uuidv7();
    // Reads are not commands: any number may be recorded at once, so no expected revision is asked for.
    await this.store.appendToStream(auditStreamId(partnershipId), [{ id, ...event, metadata: { actor, correlationId: id, causationId: id, schemaVersion: SCHEMA_VERSION } }], {
      expectedRevision: ANY,
    });
  }
}
