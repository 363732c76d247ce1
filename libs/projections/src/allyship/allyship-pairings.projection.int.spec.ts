import { describe, expect, it } from '@jest/globals';
import { allyshipPairingStreamId, type AllyshipPairingEvent, type Challenge } from '@ledger/domain';
import { inStream, ProjectionSpecification } from '../testing/index.js';
import { allyshipPairingsProjection } from './allyship-pairings.projection.js';
import { AllyshipPairingsQueries, daysSinceLastCheckIn } from './allyship-pairings.queries.js';

const leeds = '0190a1b2-0000-7000-8000-000000000004';
const [pairing, quiet, proposedOnly] = ['a1', 'a2', 'a3'].map((suffix) => `0190a1b2-0000-7000-8000-0000000000${suffix}`) as [string, string, string];
const seat = '0190a1b2-0000-7000-8000-0000000000d1';
const [ally, otherAlly] = ['0190a1b2-0000-7000-8000-0000000000e1', '0190a1b2-0000-7000-8000-0000000000e2'];
const coin = '0190a1b2-0000-7000-8000-0000000000c2';
const [toolkit, hardwire] = ['0190a1b2-0000-7000-8000-0000000000f1', '0190a1b2-0000-7000-8000-0000000000f2'];
const toolkitAction = '0190a1b2-0000-7000-8000-0000000000b1';
const [may, june] = ['0190a1b2-0000-7000-8000-000000000101', '0190a1b2-0000-7000-8000-000000000102'];
const [toolkitChallenge, trainingChallenge] = ['0190a1b2-0000-7000-8000-000000000201', '0190a1b2-0000-7000-8000-000000000202'];
const at = '2021-11-01T10:00:00.000Z';

const proposed = (pairingId: string, allyPersonId: string, commitmentIds: string[]): AllyshipPairingEvent => ({
  type: 'AllyshipPairingProposed',
  data: {
    pairingId,
    partnershipId: leeds,
    boardMemberId: seat,
    allyPersonId,
    allyOrganisationId: coin,
    allySector: 'VCSE',
    sectorException: null,
    focus: 'Using the Toolkit',
    commitmentIds,
    proposedOn: '2021-04-01',
    proposedAt: at,
  },
});
const activated = (pairingId: string, activatedOn: string, previousStatus: 'PROPOSED' | 'PAUSED' = 'PROPOSED'): AllyshipPairingEvent => ({
  type: 'AllyshipPairingActivated',
  data: { pairingId, previousStatus, activatedOn, reason: 'Agreed', activatedAt: at },
});
const checkedIn = (checkInId: string, heldOn: string, challenges: Challenge[] = []): AllyshipPairingEvent => ({
  type: 'AllyshipCheckInLogged',
  data: { pairingId: pairing, checkInId, heldOn, summary: `Met on ${heldOn}`, challenges, followUps: ['Share the survey'], loggedBy: 'ALLY', loggedAt: at },
});

/** A Leeds pairing through its lifecycle, another that went quiet, and one never started. */
const history = [
  ...inStream(
    allyshipPairingStreamId(pairing),
    proposed(pairing, ally, [toolkit, hardwire]),
    activated(pairing, '2021-04-15'),
    checkedIn(may, '2021-05-10', [
      { challengeId: toolkitChallenge, text: 'Which decisions used the Toolkit?', commitmentId: toolkit, actionId: null },
      { challengeId: trainingChallenge, text: 'When is the training?', commitmentId: toolkit, actionId: toolkitAction },
    ]),
    checkedIn(june, '2021-06-14'),
    {
      type: 'AllyshipChallengeResponded',
      data: { pairingId: pairing, challengeId: toolkitChallenge, response: 'Three of five', respondedBy: 'BOARD_MEMBER', respondedOn: '2021-06-14', checkInId: june, respondedAt: at },
    },
    { type: 'AllyshipPairingPaused', data: { pairingId: pairing, pausedOn: '2021-08-02', reason: 'Leave', pausedAt: at } },
    activated(pairing, '2021-09-06', 'PAUSED'),
    { type: 'AllyshipPairingEnded', data: { pairingId: pairing, previousStatus: 'ACTIVE', endedOn: '2021-10-29', reason: 'Year done', endedAt: at } },
  ),
  ...inStream(allyshipPairingStreamId(quiet), proposed(quiet, otherAlly, [toolkit]), activated(quiet, '2021-08-20')),
  ...inStream(allyshipPairingStreamId(proposedOnly), proposed(proposedOnly, ally, [])),
];

describe('allyship pairings read model', () => {
  const spec = ProjectionSpecification.for(allyshipPairingsProjection).given(history);
  const queries = (query: (q: AllyshipPairingsQueries) => unknown) => (db: ConstructorParameters<typeof AllyshipPairingsQueries>[0]) => query(new AllyshipPairingsQueries(db));

  it('keeps each pairing with its dates, status, linked commitments and revision', () =>
    spec.then(
      queries((q) => q.pairingsById([pairing, quiet])),
      expect.arrayContaining([
        expect.objectContaining({
          id: pairing,
          status: 'ENDED',
          commitmentIds: [toolkit, hardwire],
          proposedOn: '2021-04-01',
          // The first activation, not the resume.
          activatedOn: '2021-04-15',
          endedOn: '2021-10-29',
          lastCheckInOn: '2021-06-14',
          revision: 7,
        }),
        expect.objectContaining({ id: quiet, status: 'ACTIVE', commitmentIds: [toolkit], activatedOn: '2021-08-20', lastCheckInOn: null, revision: 1 }),
      ]),
    ));

  it('lists a partnership’s pairings by status, and those quiet for at least so many days', async () => {
    const page = { afterSequence: 0, limit: 10 };
    const ids = (status: 'ACTIVE' | 'ENDED' | null, quietForDays: number | null) => (q: AllyshipPairingsQueries) => ({
      ids: q.pairingsOf(leeds, { status, quietForDays, today: '2021-10-19' }, page).map((row) => row.id),
      count: q.pairingCount(leeds, { status, quietForDays, today: '2021-10-19' }),
    });
    await spec.then(queries(ids(null, null)), { ids: [pairing, quiet, proposedOnly], count: 3 });
    await spec.then(queries(ids('ACTIVE', null)), { ids: [quiet], count: 1 });
    // 20 August to 19 October is 60 days without a check-in; a pairing not yet started, or ended, is never "quiet".
    await spec.then(queries(ids(null, 60)), { ids: [quiet], count: 1 });
    await spec.then(queries(ids(null, 61)), { ids: [], count: 0 });
    await spec.then(queries(ids('ENDED', 0)), { ids: [], count: 0 });
  });

  it('counts days since the last check-in, or since the start without one', () => {
    expect(daysSinceLastCheckIn({ lastCheckInOn: null, activatedOn: '2021-08-20' }, '2021-10-19')).toBe(60);
    expect(daysSinceLastCheckIn({ lastCheckInOn: '2021-06-14', activatedOn: '2021-04-15' }, '2021-06-15')).toBe(1);
    expect(daysSinceLastCheckIn({ lastCheckInOn: null, activatedOn: null }, '2021-06-15')).toBeNull();
  });

  it('keeps check-ins, and challenges open until answered, with their links', async () => {
    const page = { afterSequence: 0, limit: 10 };
    await spec.then(
      queries((q) => ({
        checkIns: q.checkInsOfEach([pairing], page).map(({ id, heldOn, followUps, loggedBy }) => ({ id, heldOn, followUps, loggedBy })),
        checkInCount: q.checkInCountOfEach([pairing]).get(pairing),
        open: q.openChallengesOfEach([pairing], page).map(({ id }) => id),
        openCount: q.openChallengeCountOfEach([pairing]).get(pairing),
        answered: q.challenge(toolkitChallenge),
      })),
      {
        checkIns: [
          { id: may, heldOn: '2021-05-10', followUps: ['Share the survey'], loggedBy: 'ALLY' },
          { id: june, heldOn: '2021-06-14', followUps: ['Share the survey'], loggedBy: 'ALLY' },
        ],
        checkInCount: 2,
        open: [trainingChallenge],
        openCount: 1,
        answered: {
          id: toolkitChallenge,
          pairingId: pairing,
          partnershipId: leeds,
          checkInId: may,
          raisedOn: '2021-05-10',
          text: 'Which decisions used the Toolkit?',
          commitmentId: toolkit,
          actionId: null,
          response: 'Three of five',
          respondedBy: 'BOARD_MEMBER',
          respondedOn: '2021-06-14',
          responseCheckInId: june,
        },
      },
    );
  });

  it('shows a commitment its pairings and the challenges raised about it', () =>
    spec.then(
      queries((q) => {
        const page = { afterSequence: 0, limit: 10 };
        return {
          pairings: q.pairingsOfEachCommitment([toolkit, hardwire], page).map(({ ownerId, id, sequence }) => [ownerId, id, sequence]),
          pairingCounts: Object.fromEntries(q.pairingCountOfEachCommitment([toolkit, hardwire])),
          challenges: q.challengesOfEachCommitment([toolkit], page).map(({ id, actionId }) => [id, actionId]),
          challengeCounts: Object.fromEntries(q.challengeCountOfEachCommitment([toolkit, hardwire])),
        };
      }),
      {
        pairings: [
          [hardwire, pairing, 1],
          [toolkit, pairing, 1],
          [toolkit, quiet, 2],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
        pairingCounts: { [toolkit]: 2, [hardwire]: 1 },
        challenges: [
          [toolkitChallenge, null],
          [trainingChallenge, toolkitAction],
        ],
        challengeCounts: { [toolkit]: 2 },
      },
    ));

  it('finds the open pairing of the same two people, and none once it has ended', () =>
    spec.then(queries((q) => [q.openPairingOf(seat, ally), q.openPairingOf(seat, otherAlly), q.openPairingOf(seat, '0190a1b2-0000-7000-8000-0000000000e9')]), [
      proposedOnly,
      quiet,
      null,
    ]));
});
