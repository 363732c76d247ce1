import type { RecordedEvent } from '@ledger/event-store';
import { defineProjection, type ProjectionHandlers } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';
import { describeContext, type DescribeContext, type RememberedFigures } from './describe-event.js';

/** The key a history is listed under: a commitment, an action or a partnership, by kind so ids of different kinds never meet. */
export const historySubject = (kind: 'commitment' | 'action' | 'partnership', id: string) => `${kind}:${id}`;

const statements = (db: ReadModelDatabase) => ({
  event: db.prepare<[string, string, number, string, string, string, string, string | null]>(
    `INSERT INTO history_events (position, stream_id, revision, type, recorded_at, data, metadata, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  subject: db.prepare<[string, number | bigint]>('INSERT OR IGNORE INTO history_subjects (subject, sequence) VALUES (?, ?)'),
  setFact: db.prepare<[string, string]>('INSERT INTO history_facts (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  fact: db.prepare<[string], string>('SELECT value FROM history_facts WHERE key = ?').pluck(),
  read: db.prepare<[string, string, string | null, string, string, string, string, string]>(
    `INSERT INTO audit_reads (partnership_id, person_id, grant_id, role, what, subject_id, at, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
});
type Statements = ReturnType<typeof statements>;

/** Facts the index keeps to find an event's commitment (an action's, an indicator's, a pairing's) and the old values events do not carry. */
const factOf = <T>(sql: Statements, key: string): T | undefined => {
  const value = sql.fact.get(key);
  return value === undefined ? undefined : (JSON.parse(value) as T);
};
const setFact = (sql: Statements, key: string, value: unknown) => sql.setFact.run(key, JSON.stringify(value));
const commitmentsOf = (sql: Statements, key: string) => factOf<string[]>(sql, key) ?? [];

/** Keeps the event once and lists it under each subject it concerns. */
function index(sql: Statements, event: RecordedEvent, subjects: readonly string[], context: DescribeContext | null = null) {
  const { lastInsertRowid } = sql.event.run(
    event.position,
    event.streamId,
    Number(event.streamRevision),
    event.type,
    event.recordedAt.toISOString(),
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
    context ? JSON.stringify(context) : null,
  );
  for (const subject of new Set(subjects)) sql.subject.run(subject, lastInsertRowid);
}
const commitment = (id: string | null | undefined) => (id ? [historySubject('commitment', id)] : []);
const commitments = (ids: readonly string[]) => ids.map((id) => historySubject('commitment', id));
const onStream =
  (kind: 'commitment' | 'partnership', idOf: (data: never) => string) =>
  (sql: Statements, event: RecordedEvent) =>
    index(sql, event, [historySubject(kind, idOf(event.data as never))]);

const ofCommitment = onStream('commitment', (data: { commitmentId: string }) => data.commitmentId);
const ofPartnership = onStream('partnership', (data: { partnershipId: string }) => data.partnershipId);
/** An action's event: under the action, and under its commitment (remembered from its planning). */
const ofAction = (sql: Statements, event: RecordedEvent<{ actionId: string }>, context: DescribeContext | null = null) =>
  index(sql, event, [historySubject('action', event.data.actionId), ...commitments(commitmentsOf(sql, `action:${event.data.actionId}`))], context);

/** The figures `describeContext` remembers, kept in the read model so an incremental run and a rebuild see the same. */
const figures = (sql: Statements): RememberedFigures => ({ get: (key) => factOf(sql, key), set: (key, value) => setFact(sql, key, value) });
/** A reading's event: under its indicator's commitment, with the value it corrects. */
const ofIndicator = (sql: Statements, event: RecordedEvent<{ indicatorId: string }>) => {
  const context = describeContext(event, figures(sql));
  index(sql, event, commitments(commitmentsOf(sql, `indicator:${event.data.indicatorId}`)), Object.keys(context).length ? context : null);
};

const on: ProjectionHandlers<Statements> = {
  CommitmentMade: ofCommitment,
  CommitmentEndorsed: ofCommitment,
  CommitmentAmended: ofCommitment,
  CommitmentClosed: ofCommitment,
  ActionsPlanned: ofCommitment,
  ActionPlanned(sql, event) {
    setFact(sql, `action:${event.data.actionId}`, event.data.commitmentId ? [event.data.commitmentId] : []);
    ofAction(sql, event);
  },
  ActionRescheduled: (sql, event) => ofAction(sql, event),
  ActionReassigned: (sql, event) => ofAction(sql, event),
  ActionUpdateSubmitted: (sql, event) => ofAction(sql, event, describeContext(event, figures(sql))),
  ActionReopened: (sql, event) => ofAction(sql, event, describeContext(event, figures(sql))),
  IndicatorDefined(sql, event) {
    setFact(sql, `indicator:${event.data.indicatorId}`, [event.data.commitmentId]);
    index(sql, event, commitment(event.data.commitmentId));
  },
  IndicatorReadingRecorded: ofIndicator,
  IndicatorReadingCorrected: ofIndicator,
  /** A minute item that endorses a commitment or raises actions under one belongs to that commitment's history. */
  MinuteItemRecorded(sql, event) {
    const { resolution, actionsRaised } = event.data;
    const named = [...(resolution.kind === 'ENDORSE_COMMITMENT' ? [resolution.commitmentId] : []), ...actionsRaised.flatMap((raised) => (raised.commitmentId ? [raised.commitmentId] : []))];
    if (named.length > 0) index(sql, event, commitments(named));
  },
  AllyshipPairingProposed(sql, event) {
    setFact(sql, `pairing:${event.data.pairingId}`, event.data.commitmentIds);
    index(sql, event, commitments(event.data.commitmentIds));
  },
  /** Challenges belong to the commitments they name and to those their pairing is linked to; a check-in without one to none. */
  AllyshipCheckInLogged(sql, event) {
    const linked = commitmentsOf(sql, `pairing:${event.data.pairingId}`);
    const named: string[] = [];
    for (const challenge of event.data.challenges) {
      const concerned = [...new Set([...linked, ...(challenge.commitmentId ? [challenge.commitmentId] : [])])];
      setFact(sql, `challenge:${event.data.pairingId}:${challenge.challengeId}`, concerned);
      named.push(...concerned);
    }
    if (named.length > 0) index(sql, event, commitments(named));
  },
  AllyshipChallengeResponded(sql, event) {
    const concerned = commitmentsOf(sql, `challenge:${event.data.pairingId}:${event.data.challengeId}`);
    if (concerned.length > 0) index(sql, event, commitments(concerned));
  },
  PartnershipFormed: ofPartnership,
  OrganisationJoinedPartnership: ofPartnership,
  MemberAppointed: ofPartnership,
  PriorityAdopted: ofPartnership,
  PriorityRetired: ofPartnership,
  PartnershipSettingsChanged: ofPartnership,
  OrganisationLeftPartnership: ofPartnership,
  MemberVacated: ofPartnership,
  PartnershipDissolved: ofPartnership,
  AuditRecordRead(sql, { data, position, metadata }) {
    sql.read.run(data.partnershipId, data.personId, data.grantId, metadata.actor.role, data.what, data.subjectId, data.at, position);
  },
};

/**
 * The auditor's index of the log: every event of a commitment, an action or a partnership, listed
 * under each subject it concerns (an action's events under its commitment too; indicator readings,
 * minute items and allyship challenges under the commitments they name), in log order. The event
 * itself is kept here once (type, data, metadata, position), so a history page is one indexed read,
 * never a scan of the log and never a read of the store by position; and the access log of those
 * reads (`AuditRecordRead`).
 */
export const historyProjection = defineProjection({
  name: 'history',
  version: 1,
  tables: ['history_events', 'history_subjects', 'history_facts', 'audit_reads'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS history_events (
        sequence INTEGER PRIMARY KEY, position TEXT NOT NULL, stream_id TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL,
        recorded_at TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, context TEXT
      );
      CREATE TABLE IF NOT EXISTS history_subjects (subject TEXT NOT NULL, sequence INTEGER NOT NULL, PRIMARY KEY (subject, sequence)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS history_facts (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS audit_reads (
        sequence INTEGER PRIMARY KEY, partnership_id TEXT NOT NULL, person_id TEXT NOT NULL, grant_id TEXT, role TEXT NOT NULL, what TEXT NOT NULL,
        subject_id TEXT NOT NULL, at TEXT NOT NULL, position TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS audit_reads_by_partnership ON audit_reads (partnership_id, sequence);
    `);
  },

  statements,
  on,
});
