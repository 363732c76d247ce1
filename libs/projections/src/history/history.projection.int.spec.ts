import { describe, expect, it } from '@jest/globals';
import { actionStreamId, allyshipPairingStreamId, auditStreamId, commitmentStreamId, indicatorStreamId, meetingStreamId, partnershipStreamId, type ActionPlanned } from '@ledger/domain';
import type { ReadModelDatabase } from '../read-model-database.js';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { historyProjection, historySubject } from './history.projection.js';
import { HistoryQueries } from './history.queries.js';

const id = (suffix: string) => `0190a1b2-0000-7000-8000-0000000000${suffix}`;
const [llr, action7, other, a1, a2, indicator, meeting, pairing] = ['01', 'c7', 'c8', 'a1', 'a2', 'i1', 'm1', 'p1'].map(id) as [string, string, string, string, string, string, string, string];
const at = '2021-11-01T10:00:00.000Z';

const planned = (actionId: string, commitmentId: string | null): ActionPlanned => ({
  type: 'ActionPlanned',
  data: { actionId, commitmentId, partnershipId: llr, owningOrganisationId: id('o1'), title: `Action ${actionId}`, dueDate: '2021-10-30', leadMemberId: null, planId: null, plannedAt: at, plannedOn: '2021-03-25' },
});

/** Action 7 and its action, indicator, minute item and challenge; another commitment's events interleaved, which must not show. */
const log = [
  ...inStream(partnershipStreamId(llr), { type: 'PartnershipFormed', data: { partnershipId: llr, name: 'LLR', level: 'SYSTEM', parentPartnershipId: null, formedAt: at } }),
  ...inStream(commitmentStreamId(action7), {
    type: 'CommitmentMade',
    data: { commitmentId: action7, partnershipId: llr, owningOrganisationId: id('o1'), contributingOrganisationIds: [], title: 'Action 7', description: 'd', priorityIds: [], targetDate: null, sourceReference: null, madeAt: at, madeOn: '2021-03-25' },
  }),
  ...inStream(actionStreamId(a1), planned(a1, action7)),
  ...inStream(actionStreamId(a2), planned(a2, other)),
  ...inStream(
    actionStreamId(a1),
    { type: 'ActionUpdateSubmitted', data: { actionId: a1, updateId: id('u1'), status: 'ON_TRACK', previousStatus: 'NOT_STARTED', percentComplete: 30, whatHasHappened: 'Begun', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at } },
    { type: 'ActionUpdateSubmitted', data: { actionId: a1, updateId: id('u2'), status: 'AT_RISK', previousStatus: 'ON_TRACK', percentComplete: 45, whatHasHappened: 'Slipping', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at } },
    { type: 'ActionRescheduled', data: { actionId: a1, dueDate: '2027-03-31', previousDueDate: '2021-10-30', reason: 'Tool not procured', rescheduledAt: at } },
  ),
  ...inStream(
    indicatorStreamId(indicator),
    { type: 'IndicatorDefined', data: { indicatorId: indicator, commitmentId: action7, partnershipId: llr, name: 'Audits', unit: 'count', direction: 'HIGHER_IS_BETTER', baseline: { value: 0, date: '2021-03-01' }, target: { value: 10, date: '2022-03-01' }, owningOrganisationId: id('o1'), definedAt: at } },
    { type: 'IndicatorReadingRecorded', data: { indicatorId: indicator, readingId: id('r1'), value: 30, periodDate: '2021-06-30', source: 'Return', recordedAt: at } },
    { type: 'IndicatorReadingCorrected', data: { indicatorId: indicator, readingId: id('r2'), correctsReadingId: id('r1'), value: 3, periodDate: '2021-06-30', source: 'Return', reason: 'Typo', correctedAt: at } },
  ),
  ...inStream(meetingStreamId(meeting), {
    type: 'MinuteItemRecorded',
    data: { meetingId: meeting, number: '9', position: 1, title: 'Equity', presenter: { memberId: null, role: 'DPH' }, visibility: 'PUBLIC', text: 't', resolution: { kind: 'ENDORSE_COMMITMENT', commitmentId: action7 }, actionsRaised: [], recordedAt: at },
  }),
  ...inStream(
    allyshipPairingStreamId(pairing),
    { type: 'AllyshipPairingProposed', data: { pairingId: pairing, partnershipId: llr, boardMemberId: id('s1'), allyPersonId: id('e1'), allyOrganisationId: id('o2'), allySector: 'VCSE', sectorException: null, focus: 'Equity', commitmentIds: [action7], proposedOn: '2021-04-01', proposedAt: at } },
    { type: 'AllyshipCheckInLogged', data: { pairingId: pairing, checkInId: id('k1'), heldOn: '2021-05-01', summary: 'Met', challenges: [{ challengeId: id('h1'), text: 'Why late?', commitmentId: null, actionId: null }], followUps: [], loggedBy: 'ALLY', loggedAt: at } },
    { type: 'AllyshipCheckInLogged', data: { pairingId: pairing, checkInId: id('k2'), heldOn: '2021-06-01', summary: 'Quiet', challenges: [], followUps: [], loggedBy: 'ALLY', loggedAt: at } },
    { type: 'AllyshipChallengeResponded', data: { pairingId: pairing, challengeId: id('h1'), response: 'Procurement', respondedBy: 'BOARD_MEMBER', respondedOn: '2021-06-01', checkInId: null, respondedAt: at } },
  ),
  ...inStream(auditStreamId(llr), { type: 'AuditRecordRead', data: { partnershipId: llr, personId: id('e9'), grantId: id('g9'), what: 'COMMITMENT_HISTORY', subjectId: action7, at } }),
];

const historyOf = (subject: string) => (db: ReadModelDatabase) =>
  new HistoryQueries(db).history(subject, { afterSequence: 0, limit: 100 }).rows.map(({ streamId, revision, type, context }) => ({ streamId, revision, type, context }));

describe('history projection', () => {
  it('lists under a commitment its own events and those of its actions, indicators, minute items and linked challenges, in log order — the same after a rebuild', async () => {
    await ProjectionSpecification.for(historyProjection)
      .given(log)
      .then(historyOf(historySubject('commitment', action7)), [
        { streamId: commitmentStreamId(action7), revision: 0, type: 'CommitmentMade', context: {} },
        { streamId: actionStreamId(a1), revision: 0, type: 'ActionPlanned', context: {} },
        { streamId: actionStreamId(a1), revision: 1, type: 'ActionUpdateSubmitted', context: { percentCompleteBefore: null } },
        { streamId: actionStreamId(a1), revision: 2, type: 'ActionUpdateSubmitted', context: { percentCompleteBefore: 30 } },
        { streamId: actionStreamId(a1), revision: 3, type: 'ActionRescheduled', context: {} },
        { streamId: indicatorStreamId(indicator), revision: 0, type: 'IndicatorDefined', context: {} },
        { streamId: indicatorStreamId(indicator), revision: 1, type: 'IndicatorReadingRecorded', context: {} },
        { streamId: indicatorStreamId(indicator), revision: 2, type: 'IndicatorReadingCorrected', context: { correctedValue: 30 } },
        { streamId: meetingStreamId(meeting), revision: 0, type: 'MinuteItemRecorded', context: {} },
        { streamId: allyshipPairingStreamId(pairing), revision: 0, type: 'AllyshipPairingProposed', context: {} },
        { streamId: allyshipPairingStreamId(pairing), revision: 1, type: 'AllyshipCheckInLogged', context: {} },
        { streamId: allyshipPairingStreamId(pairing), revision: 3, type: 'AllyshipChallengeResponded', context: {} },
      ]);
  });

  it('lists an action’s own stream, and a partnership’s', async () => {
    await ProjectionSpecification.for(historyProjection)
      .given(log)
      .then((db) => ({ action: historyOf(historySubject('action', a1))(db).map((row) => row.type), partnership: historyOf(historySubject('partnership', llr))(db).map((row) => row.type) }), {
        action: ['ActionPlanned', 'ActionUpdateSubmitted', 'ActionUpdateSubmitted', 'ActionRescheduled'],
        partnership: ['PartnershipFormed'],
      });
  });

  it('pages in log order with the total, and keeps each event’s data, actor and global position', async () => {
    await ProjectionSpecification.for(historyProjection)
      .given(log)
      .then((db) => {
        const queries = new HistoryQueries(db);
        const first = queries.history(historySubject('commitment', action7), { afterSequence: 0, limit: 2 });
        const next = queries.history(historySubject('commitment', action7), { afterSequence: first.rows.at(-1)!.sequence, limit: 1 });
        return {
          totalCount: first.totalCount,
          first: first.rows.map((row) => row.type),
          next: next.rows.map((row) => ({ type: row.type, data: row.data, actor: row.metadata.actor.personId, positioned: typeof row.position === 'string' })),
        };
      }, {
        totalCount: 12,
        first: ['CommitmentMade', 'ActionPlanned'],
        next: [{ type: 'ActionUpdateSubmitted', data: expect.objectContaining({ percentComplete: 30 }), actor: 'secretariat-1', positioned: true }],
      });
  });

  it('records each audited read under its partnership', async () => {
    await ProjectionSpecification.for(historyProjection)
      .given(log)
      .then((db) => new HistoryQueries(db).auditReads(llr, { afterSequence: 0, limit: 10 }), {
        rows: [expect.objectContaining({ partnershipId: llr, personId: id('e9'), grantId: id('g9'), what: 'COMMITMENT_HISTORY', subjectId: action7, at })],
        totalCount: 1,
      });
  });
});
