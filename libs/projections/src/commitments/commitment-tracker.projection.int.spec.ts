import { describe, expect, it } from '@jest/globals';
import {
  actionStreamId,
  commitmentStreamId,
  partnershipStreamId,
  type ActionEvent,
  type ActionPlanned,
  type ActionUpdateSubmitted,
  type CommitmentEvent,
  type PartnershipEvent,
} from '@ledger/domain';
import type { ReadModelDatabase } from '../read-model-database.js';
import { inStream, ProjectionSpecification, type GivenEvent } from '../testing/index.js';
import { commitmentTrackerProjection } from './commitment-tracker.projection.js';
import { CommitmentTrackerQueries } from './commitment-tracker.queries.js';

const partnershipId = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const trust = '0190a1b2-0000-7000-8000-0000000000c2';
const [adopt, train, dashboard] = ['7a', '7b', '7c'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string];
const at = '2026-06-30T23:30:00.000Z';

const plan = (actionId: string, title: string): ActionEvent => ({
  type: 'ActionPlanned',
  data: { actionId, commitmentId, partnershipId, owningOrganisationId: council, title, dueDate: '2026-06-30', leadMemberId: null, planId: null, plannedAt: at },
});
let updates = 0;
const update = (actionId: string, status: ActionUpdateSubmitted['data']['status'], percentComplete: number | null): ActionUpdateSubmitted => ({
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
const formIn = (timeZone?: string): GivenEvent[] =>
  inStream(partnershipStreamId(partnershipId), {
    type: 'PartnershipFormed',
    data: { partnershipId, name: 'Leicester City HWB', level: 'PLACE', parentPartnershipId: null, formedAt: at, ...(timeZone ? { timeZone } : {}) },
  });
const made: CommitmentEvent = {
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
};
const commit = (...more: CommitmentEvent[]): GivenEvent[] =>
  inStream(
    commitmentStreamId(commitmentId),
    made,
    { type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2026-06-30', meetingId: null, endorsedAt: at } },
    ...more,
  );
const onAction = (actionId: string, ...events: ActionEvent[]) => inStream(actionStreamId(actionId), ...events);
const closing = (data: Extract<CommitmentEvent, { type: 'CommitmentClosed' }>['data']) => inStream(commitmentStreamId(commitmentId), { type: 'CommitmentClosed', data });

const action = (id: string) => (db: ReadModelDatabase) => {
  const row = new CommitmentTrackerQueries(db).action(id)!;
  return { status: row.status, percentComplete: row.percentComplete, timeZone: row.timeZone, commitmentClosed: row.commitmentClosed };
};

/** The tracker fed events through the runner, each on its stream: rows after the events and after a rebuild. */
describe('commitment tracker read model', () => {
  const spec = ProjectionSpecification.for(commitmentTrackerProjection);

  it("keeps each action's partnership time zone, reading partnerships formed before time zones as Europe/London", async () => {
    await spec
      .given([...formIn('Asia/Karachi'), ...commit(), ...onAction(adopt, plan(adopt, '7a'))])
      .then(action(adopt), expect.objectContaining({ timeZone: 'Asia/Karachi' }));
    await spec.given([...formIn(), ...onAction(adopt, plan(adopt, '7a'))]).then(action(adopt), expect.objectContaining({ timeZone: 'Europe/London' }));
  });

  it('keeps the business dates beside the recorded times, as the events give them', async () => {
    // The LLR framework loaded in November 2026: made and planned in March 2021, reported in September 2021.
    const loaded = '2026-11-24T16:00:00.000Z';
    const madeInMarch: CommitmentEvent = { ...made, data: { ...made.data, madeAt: loaded, madeOn: '2021-03-25' } };
    const plannedInMarch = plan(adopt, '7a') as ActionPlanned;
    const reported = update(adopt, 'ON_TRACK', 40);
    await spec
      .given([
        ...formIn(),
        ...inStream(commitmentStreamId(commitmentId), madeInMarch),
        ...onAction(adopt, { ...plannedInMarch, data: { ...plannedInMarch.data, plannedAt: loaded, plannedOn: '2021-03-25' } }, {
          ...reported,
          data: { ...reported.data, submittedAt: loaded, reportedOn: '2021-09-16' },
        }),
      ])
      .then(
        (db) => {
          const queries = new CommitmentTrackerQueries(db);
          const { madeAt, madeOn } = queries.commitment(commitmentId)!;
          const { plannedAt, plannedOn, latestUpdateId } = queries.action(adopt)!;
          const { submittedAt, reportedOn } = queries.updatesById([latestUpdateId!])[0]!;
          return { madeAt, madeOn, plannedAt, plannedOn, submittedAt, reportedOn };
        },
        { madeAt: loaded, madeOn: '2021-03-25', plannedAt: loaded, plannedOn: '2021-03-25', submittedAt: loaded, reportedOn: '2021-09-16' },
      );
  });

  it("reads older events without business dates as the partnership's dates of the recorded instants", async () => {
    // 23:30 UTC on 30 June is 1 July in London and 04:30 on 1 July in Karachi, but still 30 June in UTC.
    const dates = (db: ReadModelDatabase) => {
      const queries = new CommitmentTrackerQueries(db);
      const action = queries.action(adopt)!;
      return [queries.commitment(commitmentId)!.madeOn, action.plannedOn, queries.updatesById([action.latestUpdateId!])[0]!.reportedOn];
    };
    const history = [...commit(), ...onAction(adopt, plan(adopt, '7a'), update(adopt, 'ON_TRACK', 10))];
    await spec.given([...formIn('UTC'), ...history]).then(dates, ['2026-06-30', '2026-06-30', '2026-06-30']);
    await spec.given([...formIn(), ...history]).then(dates, ['2026-07-01', '2026-07-01', '2026-07-01']);
  });

  it('keeps an action raised at a meeting without a commitment, with its meeting link, out of every commitment', async () => {
    const meetingId = '0190a1b2-0000-7000-8000-0000000000f1';
    const planned = plan(train, 'Take the conversation back') as ActionPlanned;
    const raised: ActionPlanned = { ...planned, data: { ...planned.data, commitmentId: null, raisedAt: { meetingId, itemNumber: '4', actionRef: '4.1' } } };
    await spec
      .given([...formIn(), ...commit(), ...onAction(adopt, plan(adopt, '7a')), ...onAction(train, raised, update(train, 'ON_TRACK', 20))])
      .then(
        (db) => {
          const queries = new CommitmentTrackerQueries(db);
          const row = queries.action(train)!;
          return {
            link: [row.commitmentId, row.raisedAtMeetingId, row.raisedAtItemNumber, row.raisedAtActionRef, row.status],
            ofCommitment: queries.actionIdsOf(commitmentId),
            plannedUnderCommitment: queries.action(adopt)!.raisedAtMeetingId,
          };
        },
        { link: [null, meetingId, '4', '4.1', 'ON_TRACK'], ofCommitment: [adopt], plannedUnderCommitment: null },
      );
  });

  it('records a commitment as made, endorsed and amended, each change moving its revision', async () => {
    const amended: CommitmentEvent = {
      type: 'CommitmentAmended',
      data: { commitmentId, changes: { title: 'Health equity audits', targetDate: '2027-03-31', owningOrganisationId: trust }, previous: {}, reason: 'Board', amendedAt: at },
    };
    await spec
      .given([...formIn(), ...commit(amended)])
      .then(
        `SELECT id, partnership_id, owning_organisation_id, title, description, target_date, status, endorsed_on, endorsed_at_meeting_id, revision, sequence
         FROM tracker_commitments`,
        [
          {
            id: commitmentId,
            partnership_id: partnershipId,
            owning_organisation_id: trust,
            title: 'Health equity audits',
            description: 'HEA at project planning.',
            target_date: '2027-03-31',
            status: 'ACTIVE',
            endorsed_on: '2026-06-30',
            endorsed_at_meeting_id: null,
            revision: 2,
            sequence: 1,
          },
        ],
      );
    // Amending the target date to none clears it; leaving it out of the changes keeps it.
    const cleared: CommitmentEvent = { type: 'CommitmentAmended', data: { commitmentId, changes: { targetDate: null }, previous: {}, reason: 'Open-ended', amendedAt: at } };
    const retitled: CommitmentEvent = { type: 'CommitmentAmended', data: { commitmentId, changes: { title: 'HEA' }, previous: {}, reason: 'Shorter', amendedAt: at } };
    await spec.given([...formIn(), ...commit(amended, cleared, retitled)]).then('SELECT title, target_date, owning_organisation_id FROM tracker_commitments', [
      { title: 'HEA', target_date: null, owning_organisation_id: trust },
    ]);
  });

  it('reschedules and reassigns an action, and keeps every update with who submitted it', async () => {
    const partner = { personId: 'partner-1', grantId: 'grant-2', role: 'PARTNER' as const, organisationId: trust };
    const submitted = update(adopt, 'ON_TRACK', 40);
    await spec
      .given([
        ...formIn(),
        ...commit(),
        ...onAction(
          adopt,
          plan(adopt, '7a'),
          { type: 'ActionRescheduled', data: { actionId: adopt, dueDate: '2026-09-30', previousDueDate: '2026-06-30', reason: 'Later', rescheduledAt: at } },
          { type: 'ActionReassigned', data: { actionId: adopt, owningOrganisationId: trust, previousOwningOrganisationId: council, reason: 'Trust leads', reassignedAt: at } },
        ),
        { ...submitted, streamId: actionStreamId(adopt), actor: partner },
      ])
      .then(
        (db) => ({
          action: db.prepare('SELECT due_date, owning_organisation_id, status, percent_complete, latest_update_id, revision FROM tracker_actions').all(),
          updates: db.prepare('SELECT id, action_id, revision, status, percent_complete, submitted_by_person_id, submitted_by_organisation_id FROM tracker_action_updates').all(),
        }),
        {
          action: [{ due_date: '2026-09-30', owning_organisation_id: trust, status: 'ON_TRACK', percent_complete: 40, latest_update_id: submitted.data.updateId, revision: 3 }],
          updates: [
            {
              id: submitted.data.updateId,
              action_id: adopt,
              revision: 3,
              status: 'ON_TRACK',
              percent_complete: 40,
              submitted_by_person_id: 'partner-1',
              submitted_by_organisation_id: trust,
            },
          ],
        },
      );
  });

  it('keeps the owning partnership and the body reported to, and follows a reassignment between the kinds of owner', async () => {
    const place = '0190a1b2-0000-7000-8000-0000000000f1';
    const owners = (db: ReadModelDatabase) =>
      db.prepare('SELECT id, owning_organisation_id, owning_partnership_id, reports_to FROM tracker_actions ORDER BY id').all();
    const byPlace: ActionPlanned = {
      type: 'ActionPlanned',
      data: { ...(plan(adopt, '1 Place plan') as ActionPlanned).data, owningOrganisationId: null, owningPartnershipId: place, reportsTo: 'System Executive' },
    };
    await spec
      .given([
        ...formIn(),
        ...commit(),
        ...onAction(adopt, byPlace),
        ...onAction(
          train,
          plan(train, '7b'),
          {
            type: 'ActionReassigned',
            data: { actionId: train, owningOrganisationId: null, previousOwningOrganisationId: council, owningPartnershipId: partnershipId, previousOwningPartnershipId: null, reason: 'ICS', reassignedAt: at },
          },
        ),
      ])
      .then(owners, [
        { id: adopt, owning_organisation_id: null, owning_partnership_id: place, reports_to: 'System Executive' },
        { id: train, owning_organisation_id: null, owning_partnership_id: partnershipId, reports_to: null },
      ]);
  });

  it('shows percentComplete following status: 0 when not started, 100 when completed, the last open figure after reopening', async () => {
    const history: ActionEvent[] = [
      plan(adopt, '7a'),
      update(adopt, 'ON_TRACK', 40),
      update(adopt, 'AT_RISK', null),
      // An older event: NOT_STARTED carried no figure, and the read model once kept 40.
      update(adopt, 'NOT_STARTED', null),
      update(adopt, 'ON_TRACK', 60),
      update(adopt, 'COMPLETED', null),
      { type: 'ActionReopened', data: { actionId: adopt, status: 'ON_TRACK', previousStatus: 'COMPLETED', percentComplete: 60, reason: 'Gaps', reopenedAt: at } },
      update(adopt, 'COMPLETED', 100),
      // An older reopening carried no figure: reset rather than a stale 100.
      { type: 'ActionReopened', data: { actionId: adopt, status: 'ON_TRACK', previousStatus: 'COMPLETED', reason: 'Gaps', reopenedAt: at } },
    ];
    const after = (count: number) => spec.given([...formIn(), ...commit(), ...onAction(adopt, ...history.slice(0, count))]);
    await after(1).then(action(adopt), expect.objectContaining({ percentComplete: null }));
    await after(3).then(action(adopt), expect.objectContaining({ status: 'AT_RISK', percentComplete: 40 }));
    await after(4).then(action(adopt), expect.objectContaining({ status: 'NOT_STARTED', percentComplete: 0 }));
    await after(6).then(action(adopt), expect.objectContaining({ status: 'COMPLETED', percentComplete: 100 }));
    await after(7).then(action(adopt), expect.objectContaining({ status: 'ON_TRACK', percentComplete: 60 }));
    await after(9).then(action(adopt), expect.objectContaining({ status: 'ON_TRACK', percentComplete: null }));
  });

  it('gives open actions the final status chosen when the commitment is achieved, and closes every action', async () => {
    const given = spec.given([
      ...formIn(),
      ...commit(),
      ...onAction(adopt, plan(adopt, '7a'), update(adopt, 'COMPLETED', 100)),
      ...onAction(train, plan(train, '7b'), update(train, 'ON_TRACK', 70)),
      ...onAction(dashboard, plan(dashboard, '7c'), update(dashboard, 'OFF_TRACK', 20)),
      ...closing({
        commitmentId,
        outcome: 'ACHIEVED',
        reason: 'Adopted everywhere',
        closedActions: [
          { actionId: train, finalStatus: 'COMPLETED' },
          { actionId: dashboard, finalStatus: 'CANCELLED' },
        ],
        closedAt: at,
      }),
    ]);
    await given.then((db) => new CommitmentTrackerQueries(db).commitment(commitmentId)?.status, 'ACHIEVED');
    await given.then((db) => [adopt, train, dashboard].map((id) => action(id)(db)), [
      { status: 'COMPLETED', percentComplete: 100, timeZone: 'Europe/London', commitmentClosed: 1 },
      { status: 'COMPLETED', percentComplete: 100, timeZone: 'Europe/London', commitmentClosed: 1 },
      { status: 'CANCELLED', percentComplete: 20, timeZone: 'Europe/London', commitmentClosed: 1 },
    ]);
    // The actions keep their own revisions: closing the commitment wrote nothing to their streams.
    await given.then((db) => new CommitmentTrackerQueries(db).action(train)?.revision, 1);
  });

  it('keeps the statuses of open actions when the commitment is missed, closing them all the same', async () => {
    await spec
      .given([
        ...formIn(),
        ...commit(),
        ...onAction(train, plan(train, '7b'), update(train, 'AT_RISK', 30)),
        ...closing({ commitmentId, outcome: 'MISSED', reason: 'Not adopted in time', closedAt: at }),
      ])
      .then(action(train), { status: 'AT_RISK', percentComplete: 30, timeZone: 'Europe/London', commitmentClosed: 1 });
  });
});
