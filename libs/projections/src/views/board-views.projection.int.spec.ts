import { describe, it } from '@jest/globals';
import {
  actionStreamId,
  commitmentStreamId,
  partnershipStreamId,
  type ActionEvent,
  type ActionStatus,
  type RaisedAtMeeting,
} from '@ledger/domain';
import type { ReadModelDatabase } from '../read-model-database.js';
import { inStream, ProjectionSpecification, type GivenEvent } from '../testing/index.js';
import { boardViewsProjection } from './board-views.projection.js';
import { BoardViewsQueries } from './board-views.queries.js';

const partnershipId = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const [council, charity] = ['0190a1b2-0000-7000-8000-0000000000c1', '0190a1b2-0000-7000-8000-0000000000c2'];
const [p1, p2] = ['0190a1b2-0000-7000-8000-0000000000f1', '0190a1b2-0000-7000-8000-0000000000f2'];
const ids = [1, 2, 3, 4, 5].map((n) => `0190a1b2-0000-7000-8000-0000000000b${n}`) as [string, string, string, string, string];
const meetingId = '0190a1b2-0000-7000-8000-0000000000e1';
const at = '2026-06-30T10:00:00.000Z';
/** Noon in London on 24 November 2026: the "today" every figure below is judged on. */
const now = new Date('2026-11-24T12:00:00.000Z');

const plan = (actionId: string, owner: { organisation?: string; partnership?: string }, dueDate: string, raisedAt: RaisedAtMeeting | null = null): ActionEvent => ({
  type: 'ActionPlanned',
  data: {
    actionId,
    commitmentId,
    partnershipId,
    owningOrganisationId: owner.organisation ?? council,
    owningPartnershipId: owner.partnership ?? null,
    title: `Action ${actionId.slice(-2)}`,
    dueDate,
    leadMemberId: null,
    planId: null,
    plannedAt: at,
    raisedAt,
  },
});
const update = (actionId: string, status: ActionStatus, submittedAt: string, reportedOn?: string): ActionEvent => ({
  type: 'ActionUpdateSubmitted',
  data: {
    actionId,
    updateId: `${actionId.slice(0, -4)}ffff`,
    status,
    previousStatus: 'NOT_STARTED',
    percentComplete: null,
    whatHasHappened: 'Progress',
    whatMoreIsToBeDone: null,
    evidenceLinks: [],
    submittedAt,
    ...(reportedOn ? { reportedOn } : {}),
  },
});

const board: GivenEvent[] = [
  ...inStream(
    partnershipStreamId(partnershipId),
    { type: 'PartnershipFormed', data: { partnershipId, name: 'Leicester City HWB', level: 'PLACE', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at } },
    { type: 'PriorityAdopted', data: { partnershipId, priorityId: p1, code: 'P1', title: 'Equity', description: null, adoptedAt: at } },
    { type: 'PriorityAdopted', data: { partnershipId, priorityId: p2, code: 'P2', title: 'Prevention', description: null, adoptedAt: at } },
    { type: 'PartnershipSettingsChanged', data: { partnershipId, amberWithinDays: 10, silentAfterDays: 30, dueSoonDays: 14, changedAt: at } },
  ),
  ...inStream(`organisation-${council}`, { type: 'OrganisationRegistered', data: { organisationId: council, name: 'Council', sector: 'LOCAL_GOVERNMENT', registeredAt: at } }),
  ...inStream(`organisation-${charity}`, { type: 'OrganisationRegistered', data: { organisationId: charity, name: 'Charity', sector: 'VCSE', registeredAt: at } }),
  ...inStream(
    commitmentStreamId(commitmentId),
    {
      type: 'CommitmentMade',
      data: {
        commitmentId, partnershipId, owningOrganisationId: council, contributingOrganisationIds: [charity], title: 'Audit', description: 'Audit.',
        priorityIds: [p1], targetDate: '2027-03-31', sourceReference: null, madeAt: at,
      },
    },
    { type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2026-07-01', meetingId: null, endorsedAt: at } },
  ),
  // ON_TRACK, reported on 1 November: green, not silent.
  ...inStream(actionStreamId(ids[0]), plan(ids[0], { organisation: council }, '2026-12-31'), update(ids[0], 'ON_TRACK', '2026-11-20T09:00:00.000Z', '2026-11-01')),
  // Raised at a board meeting, never updated and past due: red, overdue, silent since planned.
  ...inStream(actionStreamId(ids[1]), plan(ids[1], { organisation: council }, '2026-11-01', { meetingId, itemNumber: '5', actionRef: '5.1' })),
  // Not started, due in 7 days (within the partnership's 10): amber and due soon.
  ...inStream(actionStreamId(ids[2]), plan(ids[2], { organisation: charity }, '2026-12-01')),
  // Completed at 23:30 UTC on 5 October, which is 6 October in London: a day late, so amber.
  ...inStream(actionStreamId(ids[3]), plan(ids[3], { organisation: charity }, '2026-10-05'), update(ids[3], 'COMPLETED', '2026-10-05T23:30:00.000Z')),
  // Owned by the partnership itself, not due for months: grey.
  ...inStream(actionStreamId(ids[4]), plan(ids[4], { partnership: partnershipId }, '2027-03-01')),
];

const figures = (db: ReadModelDatabase) => new BoardViewsQueries(db).actionFigures({ partnershipId }, now);

describe('the board-views read model', () => {
  it('keeps the date facts of each action, business dates read in the partnership’s calendar', () =>
    ProjectionSpecification.for(boardViewsProjection)
      .given(board)
      .then(
        `SELECT id, owning_organisation_id AS organisation, owning_partnership_id AS partnership, status, due_date AS due, completed_on AS completedOn,
           planned_on AS plannedOn, last_reported_on AS lastReportedOn FROM board_actions ORDER BY id`,
        [
          { id: ids[0], organisation: council, partnership: null, status: 'ON_TRACK', due: '2026-12-31', completedOn: null, plannedOn: '2026-06-30', lastReportedOn: '2026-11-01' },
          { id: ids[1], organisation: council, partnership: null, status: 'NOT_STARTED', due: '2026-11-01', completedOn: null, plannedOn: '2026-06-30', lastReportedOn: null },
          { id: ids[2], organisation: charity, partnership: null, status: 'NOT_STARTED', due: '2026-12-01', completedOn: null, plannedOn: '2026-06-30', lastReportedOn: null },
          { id: ids[3], organisation: charity, partnership: null, status: 'COMPLETED', due: '2026-10-05', completedOn: '2026-10-06', plannedOn: '2026-06-30', lastReportedOn: '2026-10-06' },
          { id: ids[4], organisation: null, partnership: partnershipId, status: 'NOT_STARTED', due: '2027-03-01', completedOn: null, plannedOn: '2026-06-30', lastReportedOn: null },
        ],
      ));

  it('judges RAG, overdue, due soon and silent against today with the partnership’s thresholds', () =>
    ProjectionSpecification.for(boardViewsProjection)
      .given(board)
      .then(figures, {
        byStatus: [
          { status: 'NOT_STARTED', count: 3 },
          { status: 'ON_TRACK', count: 1 },
          { status: 'AT_RISK', count: 0 },
          { status: 'OFF_TRACK', count: 0 },
          { status: 'COMPLETED', count: 1 },
          { status: 'CANCELLED', count: 0 },
        ],
        byRag: { GREEN: 1, AMBER: 2, RED: 1, GREY: 1, none: 0 },
        total: 5,
        overdue: 1,
        dueSoon: 1,
        silent: 3,
        completed: 1,
        completedOnTime: 0,
        lastReportedOn: '2026-11-01',
      }));

  it('a reassignment to a partnership names the partnership and no organisation', () =>
    ProjectionSpecification.for(boardViewsProjection)
      .given([
        ...board,
        ...inStream(actionStreamId(ids[0]), {
          type: 'ActionReassigned',
          data: { actionId: ids[0], owningOrganisationId: null, previousOwningOrganisationId: council, owningPartnershipId: partnershipId, reason: 'The board owns it', reassignedAt: at },
        } as ActionEvent),
      ])
      .then(`SELECT owning_organisation_id AS organisation, owning_partnership_id AS partnership FROM board_actions WHERE id = '${ids[0]}'`, [
        { organisation: null, partnership: partnershipId },
      ]));

  it('reopening clears the completion date, and a reassignment moves the action to an organisation', () =>
    ProjectionSpecification.for(boardViewsProjection)
      .given([
        ...board,
        ...inStream(
          actionStreamId(ids[3]),
          { type: 'ActionReopened', data: { actionId: ids[3], status: 'ON_TRACK', previousStatus: 'COMPLETED', reason: 'Gaps', reopenedAt: at } } as ActionEvent,
        ),
        ...inStream(actionStreamId(ids[4]), {
          type: 'ActionReassigned',
          data: { actionId: ids[4], owningOrganisationId: charity, previousOwningOrganisationId: council, reason: 'Charity leads', reassignedAt: at },
        }),
      ])
      .then(`SELECT id, status, completed_on AS completedOn, owning_organisation_id AS organisation, owning_partnership_id AS partnership FROM board_actions WHERE id IN ('${ids[3]}', '${ids[4]}') ORDER BY id`, [
        { id: ids[3], status: 'ON_TRACK', completedOn: null, organisation: charity, partnership: null },
        { id: ids[4], status: 'NOT_STARTED', completedOn: null, organisation: charity, partnership: null },
      ]));

  it('pages actions by due date with keyset cursors, in both orders, and filters by RAG and owner', () =>
    ProjectionSpecification.for(boardViewsProjection)
      .given(board)
      .then(
        (db: ReadModelDatabase) => {
          const views = new BoardViewsQueries(db);
          const first = views.actions({ partnershipId }, null, now, 'DUE_DATE_ASC', null, 2);
          const rest = views.actions({ partnershipId }, null, now, 'DUE_DATE_ASC', first.at(-1)!, 10);
          const descending = views.actions({}, [partnershipId], now, 'DUE_DATE_DESC', null, 10);
          return {
            ascending: [...first, ...rest].map((row) => row.id),
            descending: descending.map((row) => row.id),
            amber: views.actions({ rag: 'AMBER' }, null, now, 'DUE_DATE_ASC', null, 10).map((row) => row.id),
            charity: views.actionCount({ owningOrganisationId: charity }, null, now),
            partnershipOwned: views.actionCount({ owningPartnershipId: partnershipId }, null, now),
            invisible: views.actionCount({}, [], now),
            raisedAtMeeting: views.actions({ meetingId }, null, now, 'DUE_DATE_ASC', null, 10).map((row) => row.id),
            silentForSixtyDays: views.actions({ silentForDays: 60 }, null, now, 'DUE_DATE_ASC', null, 10).map((row) => row.id),
            dueWithinWeek: views.actions({ dueWithinDays: 7 }, null, now, 'DUE_DATE_ASC', null, 10).map((row) => row.id),
            byOwner: views.actionFiguresByOwner(partnershipId, now).map((o) => [o.owningOrganisationId, o.owningPartnershipId, o.figures.total]),
            bySector: Object.fromEntries([...views.actionFiguresBySector(partnershipId, now)].map(([sector, f]) => [String(sector), f.total])),
            coverage: views.priorityCoverage(partnershipId, now).map((row) => [row.priorityId, row.activeCommitments, row.actions.total]),
          };
        },
        {
          ascending: [ids[3], ids[1], ids[2], ids[0], ids[4]],
          descending: [ids[4], ids[0], ids[2], ids[1], ids[3]],
          amber: [ids[3], ids[2]],
          charity: 2,
          partnershipOwned: 1,
          invisible: 0,
          raisedAtMeeting: [ids[1]],
          // Last heard of on or before 25 September: planned 30 June and never updated.
          silentForSixtyDays: [ids[1], ids[2], ids[4]],
          dueWithinWeek: [ids[2]],
          byOwner: [
            [council, null, 2],
            [charity, null, 2],
            [null, partnershipId, 1],
          ],
          bySector: { LOCAL_GOVERNMENT: 2, VCSE: 2, null: 1 },
          coverage: [
            [p1, 1, 5],
            [p2, 0, 0],
          ],
        },
      ));
});
