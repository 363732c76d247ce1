import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ActionEvent,
  ActionUpdateSubmitted,
  CommitmentEvent,
  PartnershipEvent,
} from '@ledger/domain';
import type { Position, RecordedEvent } from '@ledger/event-store';
import { openReadModelDatabase, type ReadModelDatabase } from '../read-model-database.js';
import { commitmentTrackerProjection } from './commitment-tracker.projection.js';
import { CommitmentTrackerQueries } from './commitment-tracker.queries.js';

const partnershipId = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const [adopt, train, dashboard] = ['7a', '7b', '7c'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string];
const at = '2026-06-30T23:30:00.000Z';
const actor = { personId: 'secretariat-1', grantId: 'grant-1', role: 'SECRETARIAT' as const, organisationId: null };

/** The tracker fed events as the runner would: each with its stream and revision. */
describe('commitment tracker read model', () => {
  let dir: string;
  let db: ReadModelDatabase;
  let tracker: CommitmentTrackerQueries;
  const revisions = new Map<string, bigint>();
  let position = 0;

  const apply = (streamId: string, ...events: (PartnershipEvent | CommitmentEvent | ActionEvent)[]) => {
    for (const { type, data } of events) {
      const streamRevision = revisions.has(streamId) ? revisions.get(streamId)! + 1n : 0n;
      revisions.set(streamId, streamRevision);
      const recorded: RecordedEvent = {
        id: `event-${++position}`,
        streamId,
        streamRevision,
        position: String(position) as Position,
        type,
        data,
        metadata: { actor, correlationId: 'c', causationId: 'c', schemaVersion: 1 },
        recordedAt: new Date(at),
      };
      db.transaction(() => commitmentTrackerProjection.apply(db, recorded))();
    }
  };
  const plan = (actionId: string, title: string): ActionEvent => ({
    type: 'ActionPlanned',
    data: { actionId, commitmentId, partnershipId, owningOrganisationId: council, title, dueDate: '2026-06-30', leadMemberId: null, planId: null, plannedAt: at },
  });
  let updates = 0;
  const update = (actionId: string, status: ActionUpdateSubmitted['data']['status'], percentComplete: number | null): ActionEvent => ({
    type: 'ActionUpdateSubmitted',
    data: {
      actionId,
      updateId: `0190a1b2-0000-7000-8000-0000000001${String(++updates).padStart(2, '0')}`,
      status,
      previousStatus: 'NOT_STARTED',
      percentComplete,
      whatHasHappened: 'Progress',
      whatMoreIsToBeDone: null,
      evidenceLinks: [],
      submittedAt: at,
    },
  });
  const action = (id: string) => {
    const row = tracker.action(id)!;
    return { status: row.status, percentComplete: row.percentComplete, timeZone: row.timeZone, commitmentClosed: row.commitmentClosed };
  };
  const formIn = (timeZone?: string): PartnershipEvent => ({
    type: 'PartnershipFormed',
    data: { partnershipId, name: 'Leicester City HWB', level: 'PLACE', parentPartnershipId: null, formedAt: at, ...(timeZone ? { timeZone } : {}) },
  });
  const commit = (): CommitmentEvent[] => [
    {
      type: 'CommitmentMade',
      data: {
        commitmentId,
        partnershipId,
        owningOrganisationId: council,
        contributingOrganisationIds: [],
        title: 'Health equity audit',
        description: 'HEA at project planning.',
        priorityIds: [],
        targetDate: null,
        sourceReference: null,
        madeAt: at,
      },
    },
    { type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2026-06-30', meetingId: null, endorsedAt: at } },
  ];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-tracker-'));
    db = openReadModelDatabase(join(dir, 'read-models.sqlite'));
    commitmentTrackerProjection.setUp(db);
    tracker = new CommitmentTrackerQueries(db);
    revisions.clear();
  });
  afterEach(() => {
    commitmentTrackerProjection.tearDown(db);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps each action's partnership time zone, reading partnerships formed before time zones as Europe/London", () => {
    apply(`partnership-${partnershipId}`, formIn('Asia/Karachi'));
    apply(`commitment-${commitmentId}`, ...commit());
    apply(`action-${adopt}`, plan(adopt, '7a'));
    expect(action(adopt).timeZone).toBe('Asia/Karachi');

    commitmentTrackerProjection.tearDown(db);
    commitmentTrackerProjection.setUp(db);
    apply(`partnership-${partnershipId}`, formIn());
    apply(`action-${adopt}`, plan(adopt, '7a'));
    expect(action(adopt).timeZone).toBe('Europe/London');
  });

  it('shows percentComplete following status: 0 when not started, 100 when completed, the last open figure after reopening', () => {
    apply(`partnership-${partnershipId}`, formIn());
    apply(`commitment-${commitmentId}`, ...commit());
    const stream = `action-${adopt}`;
    apply(stream, plan(adopt, '7a'));
    expect(action(adopt).percentComplete).toBeNull();
    apply(stream, update(adopt, 'ON_TRACK', 40));
    apply(stream, update(adopt, 'AT_RISK', null));
    expect(action(adopt)).toMatchObject({ status: 'AT_RISK', percentComplete: 40 });
    // An older event: NOT_STARTED carried no figure, and the read model once kept 40.
    apply(stream, update(adopt, 'NOT_STARTED', null));
    expect(action(adopt)).toMatchObject({ status: 'NOT_STARTED', percentComplete: 0 });
    apply(stream, update(adopt, 'ON_TRACK', 60));
    apply(stream, update(adopt, 'COMPLETED', null));
    expect(action(adopt)).toMatchObject({ status: 'COMPLETED', percentComplete: 100 });
    apply(stream, { type: 'ActionReopened', data: { actionId: adopt, status: 'ON_TRACK', previousStatus: 'COMPLETED', percentComplete: 60, reason: 'Gaps', reopenedAt: at } });
    expect(action(adopt)).toMatchObject({ status: 'ON_TRACK', percentComplete: 60 });
    apply(stream, update(adopt, 'COMPLETED', 100));
    // An older reopening carried no figure: reset rather than a stale 100.
    apply(stream, { type: 'ActionReopened', data: { actionId: adopt, status: 'ON_TRACK', previousStatus: 'COMPLETED', reason: 'Gaps', reopenedAt: at } });
    expect(action(adopt)).toMatchObject({ status: 'ON_TRACK', percentComplete: null });
  });

  it('gives open actions the final status chosen when the commitment is achieved, and closes every action', () => {
    apply(`partnership-${partnershipId}`, formIn());
    apply(`commitment-${commitmentId}`, ...commit());
    apply(`action-${adopt}`, plan(adopt, '7a'), update(adopt, 'COMPLETED', 100));
    apply(`action-${train}`, plan(train, '7b'), update(train, 'ON_TRACK', 70));
    apply(`action-${dashboard}`, plan(dashboard, '7c'), update(dashboard, 'OFF_TRACK', 20));
    apply(`commitment-${commitmentId}`, {
      type: 'CommitmentClosed',
      data: {
        commitmentId,
        outcome: 'ACHIEVED',
        reason: 'Adopted everywhere',
        closedActions: [
          { actionId: train, finalStatus: 'COMPLETED' },
          { actionId: dashboard, finalStatus: 'CANCELLED' },
        ],
        closedAt: at,
      },
    });
    expect(tracker.commitment(commitmentId)?.status).toBe('ACHIEVED');
    expect([adopt, train, dashboard].map(action)).toEqual([
      { status: 'COMPLETED', percentComplete: 100, timeZone: 'Europe/London', commitmentClosed: 1 },
      { status: 'COMPLETED', percentComplete: 100, timeZone: 'Europe/London', commitmentClosed: 1 },
      { status: 'CANCELLED', percentComplete: 20, timeZone: 'Europe/London', commitmentClosed: 1 },
    ]);
    // The actions keep their own revisions: closing the commitment wrote nothing to their streams.
    expect(tracker.action(train)?.revision).toBe(1);
  });

  it('keeps the statuses of open actions when the commitment is missed, closing them all the same', () => {
    apply(`partnership-${partnershipId}`, formIn());
    apply(`commitment-${commitmentId}`, ...commit());
    apply(`action-${train}`, plan(train, '7b'), update(train, 'AT_RISK', 30));
    apply(`commitment-${commitmentId}`, { type: 'CommitmentClosed', data: { commitmentId, outcome: 'MISSED', reason: 'Not adopted in time', closedAt: at } });
    expect(action(train)).toEqual({ status: 'AT_RISK', percentComplete: 30, timeZone: 'Europe/London', commitmentClosed: 1 });
  });
});
