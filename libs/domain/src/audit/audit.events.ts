import type { Event } from '../shared/decider.js';

/** One stream per partnership: every history and as-of read of its records, so an auditor's reading is itself on the record. */
export const auditStreamId = (partnershipId: string) => `audit-${partnershipId}`;

/** What was read: a commitment's, an action's or a partnership's history, or a view as it stood at a time. */
export const AUDITED_READS = ['COMMITMENT_HISTORY', 'ACTION_HISTORY', 'PARTNERSHIP_HISTORY', 'AUDIT_ACCESS_LOG', 'COMMITMENT_AS_OF', 'DASHBOARD_AS_OF', 'PROGRESS_AS_OF', 'CHANGES_BETWEEN'] as const;
export type AuditedRead = (typeof AUDITED_READS)[number];

/** A person read `what` of `subjectId` under `grantId`, at `at`. Ids only: the reader's name stays in the personal-data store. */
export type AuditRecordRead = Event<
  'AuditRecordRead',
  { partnershipId: string; personId: string; grantId: string | null; what: AuditedRead; subjectId: string; at: string }
>;
export type AuditEvent = AuditRecordRead;
