import type { EventMetadata } from '@ledger/event-store';
import type { AuditedRead } from '@ledger/domain';
import { ReadModelQueries, type Page } from '../statements.js';
import type { DescribeContext } from './describe-event.js';

/** An event as the history index keeps it, with its place (from 1) in the subject's list. */
export type HistoryEventRow = Readonly<{
  sequence: number;
  position: string;
  streamId: string;
  revision: number;
  type: string;
  recordedAt: string;
  data: object;
  metadata: EventMetadata;
  context: DescribeContext;
}>;

export type AuditReadRow = Readonly<{
  sequence: number;
  partnershipId: string;
  personId: string;
  grantId: string | null;
  /** The role the grant gave: AUDITOR or SECRETARIAT. */
  role: string;
  what: AuditedRead;
  subjectId: string;
  at: string;
  position: string;
}>;

type Listed<Row> = Readonly<{ rows: Row[]; totalCount: number }>;

export class HistoryQueries extends ReadModelQueries {
  /** A page of the subject's events in log order (`historySubject` names it), and how many it has in all. */
  history(subject: string, { afterSequence, limit }: Page): Listed<HistoryEventRow> {
    const rows = this.sql<[string, number, number], Record<string, string | number | null>>(
      `SELECT e.sequence, e.position, e.stream_id AS streamId, e.revision, e.type, e.recorded_at AS recordedAt, e.data, e.metadata, e.context
       FROM history_subjects s JOIN history_events e ON e.sequence = s.sequence
       WHERE s.subject = ? AND s.sequence > ? ORDER BY s.sequence LIMIT ?`,
    ).all(subject, afterSequence, limit);
    const totalCount = this.sql<[string], number>('SELECT count(*) FROM history_subjects WHERE subject = ?').pluck().get(subject) ?? 0;
    return {
      rows: rows.map((row) => ({
        ...(row as unknown as HistoryEventRow),
        data: JSON.parse(row.data as string) as object,
        metadata: JSON.parse(row.metadata as string) as EventMetadata,
        context: row.context ? (JSON.parse(row.context as string) as DescribeContext) : {},
      })),
      totalCount,
    };
  }

  /** Who read what of a partnership's records, oldest first. */
  auditReads(partnershipId: string, { afterSequence, limit }: Page): Listed<AuditReadRow> {
    const rows = this.sql<[string, number, number], AuditReadRow>(
      `SELECT sequence, partnership_id AS partnershipId, person_id AS personId, grant_id AS grantId, role, what, subject_id AS subjectId, at, position
       FROM audit_reads WHERE partnership_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
    ).all(partnershipId, afterSequence, limit);
    const totalCount = this.sql<[string], number>('SELECT count(*) FROM audit_reads WHERE partnership_id = ?').pluck().get(partnershipId) ?? 0;
    return { rows, totalCount };
  }
}
