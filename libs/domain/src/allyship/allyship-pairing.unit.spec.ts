import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';
import { allyshipPairingDecider, allyshipPairingFacts, type AllyshipPairing } from './allyship-pairing.js';
import type {
  ActivateAllyshipPairing,
  AllyshipChallengeResponded,
  AllyshipCheckInLogged,
  AllyshipPairingCommand,
  AllyshipPairingEvent,
  AllyshipPairingProposed,
  Challenge,
  EndAllyshipPairing,
  LinkedActionFacts,
  LogAllyshipCheckIn,
  PauseAllyshipPairing,
  ProposeAllyshipPairing,
  RespondToChallenge,
} from './allyship-pairing.events.js';

const spec = DeciderSpecification.for(allyshipPairingDecider);
// The Leeds Health and Wellbeing Board, autumn 2021: every business date below is already past.
const now = new Date('2021-11-01T10:00:00.000Z');
const metadata = { now };

const leedsHwb = '0190a1b2-0000-7000-8000-000000000004';
const otherBoard = '0190a1b2-0000-7000-8000-000000000009';
const pairingId = '0190a1b2-0000-7000-8000-0000000000a1';
const earlierPairingId = '0190a1b2-0000-7000-8000-0000000000a0';
const leedsCityCouncil = '0190a1b2-0000-7000-8000-0000000000c1';
const coinGroup = '0190a1b2-0000-7000-8000-0000000000c2';
const tenantsNetwork = '0190a1b2-0000-7000-8000-0000000000c3';
const teachingHospitals = '0190a1b2-0000-7000-8000-0000000000c4';
const outsider = '0190a1b2-0000-7000-8000-0000000000c9';
/** The executive member's seat on the board (Leeds City Council). */
const councillorSeat = '0190a1b2-0000-7000-8000-0000000000d1';
const notASeat = '0190a1b2-0000-7000-8000-0000000000d9';
/** A member of the Communities of Interest Network, known here by id only. */
const ally = '0190a1b2-0000-7000-8000-0000000000e1';
const toolkit = '0190a1b2-0000-7000-8000-0000000000f1';
const hardwire = '0190a1b2-0000-7000-8000-0000000000f2';
const missed = '0190a1b2-0000-7000-8000-0000000000f3';
const elsewhere = '0190a1b2-0000-7000-8000-0000000000f9';
const toolkitAction = '0190a1b2-0000-7000-8000-0000000000b1';
const actionElsewhere = '0190a1b2-0000-7000-8000-0000000000b9';
const firstCheckIn = '0190a1b2-0000-7000-8000-000000000101';
const secondCheckIn = '0190a1b2-0000-7000-8000-000000000102';
const thirdCheckIn = '0190a1b2-0000-7000-8000-000000000103';
const toolkitChallenge = '0190a1b2-0000-7000-8000-000000000201';
const trainingChallenge = '0190a1b2-0000-7000-8000-000000000202';
const newChallenge = '0190a1b2-0000-7000-8000-000000000203';

const partnership: PartnershipFacts = {
  formed: true,
  parentPartnershipId: null,
  timeZone: 'Europe/London',
  organisationIds: [leedsCityCouncil, coinGroup, tenantsNetwork, teachingHospitals],
  memberIds: [councillorSeat],
  activePriorityIds: [],
};
const commitments: Record<string, CommitmentFacts> = {
  [toolkit]: { exists: true, status: 'ACTIVE', partnershipId: leedsHwb },
  [hardwire]: { exists: true, status: 'PROPOSED', partnershipId: leedsHwb },
  [missed]: { exists: true, status: 'MISSED', partnershipId: leedsHwb },
  [elsewhere]: { exists: true, status: 'ACTIVE', partnershipId: otherBoard },
};
const actions: Record<string, LinkedActionFacts> = {
  [toolkitAction]: { exists: true, partnershipId: leedsHwb, commitmentId: toolkit },
  [actionElsewhere]: { exists: true, partnershipId: otherBoard, commitmentId: elsewhere },
};

const focus = 'Using the Tackling Health Inequalities Toolkit beyond nationally mandated activity';

const propose = (data: Partial<ProposeAllyshipPairing['data']> = {}, at = metadata): ProposeAllyshipPairing => ({
  type: 'ProposeAllyshipPairing',
  data: {
    pairingId,
    partnershipId: leedsHwb,
    boardMemberId: councillorSeat,
    ally: { personId: ally, organisationId: coinGroup },
    focus,
    commitmentIds: [toolkit],
    proposedOn: '2021-04-01',
    partnership,
    allyOrganisationSector: 'VCSE',
    openPairingOfSamePeople: null,
    commitments,
    ...data,
  },
  metadata: at,
});
const proposed = (data: Partial<AllyshipPairingProposed['data']> = {}): AllyshipPairingProposed => ({
  type: 'AllyshipPairingProposed',
  data: {
    pairingId,
    partnershipId: leedsHwb,
    boardMemberId: councillorSeat,
    allyPersonId: ally,
    allyOrganisationId: coinGroup,
    allySector: 'VCSE',
    sectorException: null,
    focus,
    commitmentIds: [toolkit],
    proposedOn: '2021-04-01',
    proposedAt: now.toISOString(),
    ...data,
  },
});

const activate = (activatedOn: string, reason = 'Both agreed terms of reference'): ActivateAllyshipPairing => ({
  type: 'ActivateAllyshipPairing',
  data: { pairingId, activatedOn, reason, partnership },
  metadata,
});
const activated = (activatedOn: string, previousStatus: 'PROPOSED' | 'PAUSED' = 'PROPOSED', reason = 'Both agreed terms of reference'): AllyshipPairingEvent => ({
  type: 'AllyshipPairingActivated',
  data: { pairingId, previousStatus, activatedOn, reason, activatedAt: now.toISOString() },
});
const pause = (pausedOn: string, reason = 'Ally on leave over the summer'): PauseAllyshipPairing => ({
  type: 'PauseAllyshipPairing',
  data: { pairingId, pausedOn, reason, partnership },
  metadata,
});
const paused = (pausedOn: string, reason = 'Ally on leave over the summer'): AllyshipPairingEvent => ({
  type: 'AllyshipPairingPaused',
  data: { pairingId, pausedOn, reason, pausedAt: now.toISOString() },
});
const end = (endedOn: string, reason = 'Programme year complete'): EndAllyshipPairing => ({
  type: 'EndAllyshipPairing',
  data: { pairingId, endedOn, reason, partnership },
  metadata,
});
const ended = (endedOn: string, previousStatus: 'PROPOSED' | 'ACTIVE' | 'PAUSED', reason = 'Programme year complete'): AllyshipPairingEvent => ({
  type: 'AllyshipPairingEnded',
  data: { pairingId, previousStatus, endedOn, reason, endedAt: now.toISOString() },
});

/** The first check-in, as logged and as recorded. */
const meeting = {
  pairingId,
  checkInId: firstCheckIn,
  heldOn: '2021-05-10',
  summary: 'Walked through the Toolkit against the council’s planning cycle',
  loggedBy: 'ALLY',
} as const;
const checkIn = (data: Partial<LogAllyshipCheckIn['data']> = {}, at = metadata): LogAllyshipCheckIn => ({
  type: 'LogAllyshipCheckIn',
  data: { ...meeting, partnership, commitments, actions, ...data },
  metadata: at,
});
const checkedIn = (data: Partial<AllyshipCheckInLogged['data']> = {}): AllyshipCheckInLogged => ({
  type: 'AllyshipCheckInLogged',
  data: { ...meeting, challenges: [], followUps: [], loggedAt: now.toISOString(), ...data },
});
const toolkitQuestion = 'Which council decisions this year went through the Toolkit, and which did not?';
const raisedAboutToolkit: Challenge = { challengeId: toolkitChallenge, text: toolkitQuestion, commitmentId: toolkit, actionId: null };

/** What the board member answered, as sent and as recorded. */
const answer = {
  pairingId,
  challengeId: toolkitChallenge,
  response: 'Three of five capital decisions used it; the other two are being re-run through it',
  respondedBy: 'BOARD_MEMBER',
  respondedOn: '2021-06-14',
} as const;
const respond = (data: Partial<RespondToChallenge['data']> = {}): RespondToChallenge => ({
  type: 'RespondToChallenge',
  data: { ...answer, partnership, ...data },
  metadata,
});
const responded = (data: Partial<AllyshipChallengeResponded['data']> = {}): AllyshipChallengeResponded => ({
  type: 'AllyshipChallengeResponded',
  data: { ...answer, checkInId: null, respondedAt: now.toISOString(), ...data },
});

// Histories the tests start from.
const active = [proposed(), activated('2021-04-15')];
const challenged = [...active, checkedIn({ challenges: [raisedAboutToolkit] })];

const expectField = (field: string, rule: string) => (error: ValidationError) => expect([error.field, error.rule]).toEqual([field, rule]);
const expectNotFound = (entity: string, id: string, field: string) => (error: NotFoundError) =>
  expect([error.entity, error.id, error.field]).toEqual([entity, id, field]);
const stateAfter = (events: readonly AllyshipPairingEvent[]): AllyshipPairing => events.reduce(allyshipPairingDecider.evolve, allyshipPairingDecider.initialState());

describe('a Leeds pairing through its whole lifecycle', () => {
  it('is proposed, starts, raises a challenge, answers it at the next check-in, pauses, resumes and ends', () => {
    const history: AllyshipPairingEvent[] = [];
    const step = (command: AllyshipPairingCommand, event: AllyshipPairingEvent) => {
      spec.given(history).when(command).then([event]);
      history.push(event);
    };
    const trainingQuestion = 'When will every executive director have done the health inequalities training?';

    step(propose(), proposed());
    step(activate('2021-04-15'), activated('2021-04-15'));
    step(
      checkIn({
        challenges: [
          { challengeId: toolkitChallenge, text: toolkitQuestion, commitmentId: toolkit },
          { challengeId: trainingChallenge, text: trainingQuestion, actionId: toolkitAction },
        ],
        followUps: ['Board member to list this year’s capital decisions', 'Ally to share the CoIN survey'],
      }),
      checkedIn({
        challenges: [raisedAboutToolkit, { challengeId: trainingChallenge, text: trainingQuestion, commitmentId: toolkit, actionId: toolkitAction }],
        followUps: ['Board member to list this year’s capital decisions', 'Ally to share the CoIN survey'],
      }),
    );
    step(
      checkIn({ checkInId: secondCheckIn, heldOn: '2021-06-14', summary: 'Went through the list of capital decisions', loggedBy: 'BOARD_MEMBER' }),
      checkedIn({ checkInId: secondCheckIn, heldOn: '2021-06-14', summary: 'Went through the list of capital decisions', loggedBy: 'BOARD_MEMBER' }),
    );
    step(respond({ checkInId: secondCheckIn }), responded({ checkInId: secondCheckIn }));
    step(pause('2021-08-02'), paused('2021-08-02'));
    step(activate('2021-09-06', 'Ally back from leave'), activated('2021-09-06', 'PAUSED', 'Ally back from leave'));
    step(end('2021-10-29'), ended('2021-10-29', 'ACTIVE'));

    expect(allyshipPairingFacts(stateAfter(history))).toEqual({
      exists: true,
      status: 'ENDED',
      partnershipId: leedsHwb,
      boardMemberId: councillorSeat,
      allyPersonId: ally,
      allyOrganisationId: coinGroup,
      // The training challenge was never answered: it stays visible.
      openChallengeIds: [trainingChallenge],
    });
  });
});

describe('a pairing that was never proposed', () => {
  it.each([activate('2021-04-15'), pause('2021-08-02'), end('2021-10-29'), checkIn(), respond()])('refuses $type', (command) =>
    spec.given([]).when(command).thenThrows(NotFoundError, expectNotFound('Allyship pairing', pairingId, 'pairingId')));
});

describe('proposing a pairing', () => {
  it('pairs a board member with a CoIN ally, trimming the focus and linking each commitment once', () =>
    spec
      .given([])
      .when(propose({ focus: `  ${focus} `, commitmentIds: [toolkit, hardwire, toolkit.toUpperCase()] }))
      .then([proposed({ commitmentIds: [toolkit, hardwire] })]));

  it('dates the proposal today where the partnership is when no date is given', () =>
    // 23:30 UTC on 31 March 2021 is already 1 April in Leeds (British Summer Time).
    spec
      .given([])
      .when(propose({ proposedOn: null, commitmentIds: null }, { now: new Date('2021-03-31T23:30:00.000Z') }))
      .then([proposed({ proposedOn: '2021-04-01', commitmentIds: [], proposedAt: '2021-03-31T23:30:00.000Z' })]));

  it('accepts an ally from a COMMUNITY organisation without an exception', () =>
    spec
      .given([])
      .when(propose({ ally: { personId: ally, organisationId: tenantsNetwork }, allyOrganisationSector: 'COMMUNITY' }))
      .then([proposed({ allyOrganisationId: tenantsNetwork, allySector: 'COMMUNITY' })]));

  it('refuses an ally from another sector without a recorded exception', () =>
    spec
      .given([])
      .when(propose({ ally: { personId: ally, organisationId: teachingHospitals }, allyOrganisationSector: 'HEALTH' }))
      .thenThrows(ValidationError, (error) => {
        expectField('ally.organisationId', 'allySector')(error);
        expect(error.message).toMatch(/VCSE or COMMUNITY.*HEALTH.*sectorException/);
      }));

  it('accepts an ally from another sector with an exception and its reason', () =>
    spec
      .given([])
      .when(
        propose({
          ally: { personId: ally, organisationId: teachingHospitals },
          allyOrganisationSector: 'HEALTH',
          sectorException: { reason: ' Peer supporter employed by the trust, nominated by CoIN ' },
        }),
      )
      .then([
        proposed({
          allyOrganisationId: teachingHospitals,
          allySector: 'HEALTH',
          sectorException: { reason: 'Peer supporter employed by the trust, nominated by CoIN' },
        }),
      ]));

  it('refuses an exception without a reason', () =>
    spec
      .given([])
      .when(propose({ ally: { personId: ally, organisationId: teachingHospitals }, allyOrganisationSector: 'HEALTH', sectorException: { reason: ' ' } }))
      .thenThrows(ValidationError, expectField('sectorException.reason', 'notEmpty')));

  it('refuses an exception for an ally who needs none', () =>
    spec
      .given([])
      .when(propose({ sectorException: { reason: 'Just in case' } }))
      .thenThrows(ValidationError, expectField('sectorException', 'notNeeded')));

  it('refuses a second open pairing of the same two people', () =>
    spec
      .given([])
      .when(propose({ openPairingOfSamePeople: earlierPairingId }))
      .thenThrows(ValidationError, (error) => {
        expectField('ally.personId', 'noSecondOpenPairing')(error);
        expect(error.message).toContain(earlierPairingId);
      }));

  it('lets a board member hold another pairing with a different ally', () => {
    const anotherAlly = '0190a1b2-0000-7000-8000-0000000000e2';
    spec
      .given([])
      .when(propose({ ally: { personId: anotherAlly, organisationId: tenantsNetwork }, allyOrganisationSector: 'COMMUNITY' }))
      .then([proposed({ allyPersonId: anotherAlly, allyOrganisationId: tenantsNetwork, allySector: 'COMMUNITY' })]);
  });

  it('refuses proposing the same pairing twice', () => spec.given([proposed()]).when(propose()).thenThrows(IllegalStateError));

  it('refuses a partnership that was never formed', () =>
    spec
      .given([])
      .when(propose({ partnership: { ...partnership, formed: false } }))
      .thenThrows(NotFoundError, expectNotFound('Partnership', leedsHwb, 'partnershipId')));

  it('refuses a board member who does not sit on the board', () =>
    spec.given([]).when(propose({ boardMemberId: notASeat })).thenThrows(ValidationError, expectField('boardMemberId', 'boardMember')));

  it('refuses an ally organisation outside the partnership', () =>
    spec
      .given([])
      .when(propose({ ally: { personId: ally, organisationId: outsider } }))
      .thenThrows(ValidationError, expectField('ally.organisationId', 'partnershipMember')));

  it('refuses an ally organisation that is not registered', () =>
    spec
      .given([])
      .when(propose({ allyOrganisationSector: null }))
      .thenThrows(NotFoundError, expectNotFound('Organisation', coinGroup, 'ally.organisationId')));

  it.each([
    ['pairingId', { pairingId: 'pairing-1' }],
    ['partnershipId', { partnershipId: 'leeds' }],
    ['boardMemberId', { boardMemberId: 'councillor' }],
    ['ally.personId', { ally: { personId: 'Jo Bloggs', organisationId: coinGroup } }],
    ['ally.organisationId', { ally: { personId: ally, organisationId: 'coin' } }],
  ] as const)('refuses %s that is not a UUID', (field, data) =>
    spec.given([]).when(propose(data)).thenThrows(ValidationError, expectField(field, 'isUuid')));

  it('refuses a blank focus', () => spec.given([]).when(propose({ focus: ' \n ' })).thenThrows(ValidationError, expectField('focus', 'notEmpty')));

  it('refuses a focus longer than 1000 characters', () =>
    spec.given([]).when(propose({ focus: 'x'.repeat(1001) })).thenThrows(ValidationError, expectField('focus', 'maxLength')));

  it('refuses a commitment that does not exist', () => {
    const unknown = '0190a1b2-0000-7000-8000-0000000000f0';
    spec.given([]).when(propose({ commitmentIds: [unknown] })).thenThrows(NotFoundError, expectNotFound('Commitment', unknown, 'commitmentIds'));
  });

  it("refuses another partnership's commitment", () =>
    spec.given([]).when(propose({ commitmentIds: [elsewhere] })).thenThrows(ValidationError, expectField('commitmentIds', 'samePartnership')));

  it('refuses a closed commitment: a pairing supports the live work plan', () =>
    spec.given([]).when(propose({ commitmentIds: [missed] })).thenThrows(ValidationError, expectField('commitmentIds', 'openCommitment')));

  it('refuses more than 20 commitments', () => {
    const many = Array.from({ length: 21 }, (_, index) => `0190a1b2-0000-7000-8000-${String(index).padStart(12, '0')}`);
    const facts = Object.fromEntries(many.map((id) => [id, commitments[toolkit]!]));
    spec.given([]).when(propose({ commitmentIds: many, commitments: facts })).thenThrows(ValidationError, expectField('commitmentIds', 'maxItems'));
  });

  it('refuses a proposal date in the future of the partnership', () =>
    spec.given([]).when(propose({ proposedOn: '2021-11-02' })).thenThrows(ValidationError, expectField('proposedOn', 'notInFuture')));

  it('refuses a proposal date that is not a calendar date', () =>
    spec.given([]).when(propose({ proposedOn: '2021-02-30' })).thenThrows(ValidationError, expectField('proposedOn', 'isDate')));
});

describe('moving a pairing through its lifecycle', () => {
  it('starts a proposed pairing on the day it was proposed', () =>
    spec.given([proposed()]).when(activate('2021-04-01')).then([activated('2021-04-01')]));

  it('ends a pairing that never started', () =>
    spec.given([proposed()]).when(end('2021-04-20', 'Ally moved away')).then([ended('2021-04-20', 'PROPOSED', 'Ally moved away')]));

  it('ends a paused pairing', () =>
    spec.given([...active, paused('2021-08-02')]).when(end('2021-09-30')).then([ended('2021-09-30', 'PAUSED')]));

  it('trims the reason', () =>
    spec.given([...active]).when(pause('2021-08-02', '  Ally on leave over the summer\n')).then([paused('2021-08-02')]));

  it('refuses activating an active pairing', () =>
    spec
      .given(active)
      .when(activate('2021-05-01'))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Pairing is ACTIVE: it can be activated only when it is PROPOSED or PAUSED')));

  it('refuses pausing a pairing that has not started', () => spec.given([proposed()]).when(pause('2021-04-20')).thenThrows(IllegalStateError));

  it('refuses pausing a paused pairing', () => spec.given([...active, paused('2021-08-02')]).when(pause('2021-08-03')).thenThrows(IllegalStateError));

  it('refuses ending an ended pairing', () =>
    spec
      .given([...active, ended('2021-10-29', 'ACTIVE')])
      .when(end('2021-10-30'))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Pairing is ENDED: it can be ended only when it is PROPOSED, ACTIVE or PAUSED')));

  it('refuses reviving an ended pairing', () =>
    spec.given([...active, ended('2021-10-29', 'ACTIVE')]).when(activate('2021-10-30')).thenThrows(IllegalStateError));

  it.each([
    ['activating', [proposed()], activate('2021-04-15', ' ')],
    ['pausing', active, pause('2021-08-02', '')],
    ['ending', active, end('2021-10-29', '\t')],
  ] as const)('refuses %s without a reason', (_what, given, command) =>
    spec.given(given).when(command).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given(active).when(end('2021-10-29', 'x'.repeat(1001))).thenThrows(ValidationError, expectField('reason', 'maxLength')));

  it('refuses starting a pairing before it was proposed', () =>
    spec
      .given([proposed()])
      .when(activate('2021-03-31'))
      .thenThrows(ValidationError, (error) => {
        expectField('activatedOn', 'notBeforeLastMove')(error);
        expect(error.message).toBe('activatedOn may not precede 2021-04-01, when the pairing became PROPOSED');
      }));

  it('refuses resuming a pairing before it was paused', () =>
    spec.given([...active, paused('2021-08-02')]).when(activate('2021-08-01')).thenThrows(ValidationError, expectField('activatedOn', 'notBeforeLastMove')));

  it('refuses pausing a pairing before its last check-in', () =>
    spec.given([...active, checkedIn({ heldOn: '2021-08-05' })]).when(pause('2021-08-02')).thenThrows(ValidationError, expectField('pausedOn', 'notBeforeLastCheckIn')));

  it('refuses an end date in the future of the partnership', () =>
    spec.given(active).when(end('2021-11-02')).thenThrows(ValidationError, expectField('endedOn', 'notInFuture')));

  it('refuses a move date that is not a calendar date', () =>
    spec.given(active).when(pause('2021-06-31')).thenThrows(ValidationError, expectField('pausedOn', 'isDate')));
});

describe('logging a check-in', () => {
  it('records who logged it, trimmed texts, and challenges linked to a commitment, an action or nothing', () =>
    spec
      .given(active)
      .when(
        checkIn({
          summary: '  Walked through the Toolkit against the council’s planning cycle\n',
          challenges: [
            { challengeId: toolkitChallenge, text: ` ${toolkitQuestion} `, commitmentId: toolkit.toUpperCase(), actionId: null },
            { challengeId: trainingChallenge, text: 'Is the training mandatory yet?', commitmentId: toolkit, actionId: toolkitAction },
            { challengeId: newChallenge, text: 'Who speaks for carers at the board?' },
          ],
          followUps: ['  Ally to share the CoIN survey '],
          loggedBy: 'SECRETARIAT',
        }),
      )
      .then([
        checkedIn({
          challenges: [
            raisedAboutToolkit,
            { challengeId: trainingChallenge, text: 'Is the training mandatory yet?', commitmentId: toolkit, actionId: toolkitAction },
            { challengeId: newChallenge, text: 'Who speaks for carers at the board?', commitmentId: null, actionId: null },
          ],
          followUps: ['Ally to share the CoIN survey'],
          loggedBy: 'SECRETARIAT',
        }),
      ]));

  it('refuses a check-in on a proposed pairing', () =>
    spec
      .given([proposed()])
      .when(checkIn())
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Pairing is PROPOSED: check-ins are logged only when it is ACTIVE')));

  it('refuses a check-in on a paused pairing', () => spec.given([...active, paused('2021-08-02')]).when(checkIn()).thenThrows(IllegalStateError));

  it('refuses a check-in on an ended pairing', () =>
    spec
      .given([...active, ended('2021-10-29', 'ACTIVE')])
      .when(checkIn())
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Pairing is ENDED: check-ins are logged only when it is ACTIVE')));

  it('refuses a retried check-in as a duplicate, even once the pairing is paused', () => {
    spec.given(challenged).when(checkIn({ heldOn: '2021-05-11' })).thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/already logged/));
    spec.given([...challenged, paused('2021-08-02')]).when(checkIn()).thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/already logged/));
  });

  it('accepts a check-in on the day the pairing started', () =>
    spec.given(active).when(checkIn({ heldOn: '2021-04-15' })).then([checkedIn({ heldOn: '2021-04-15' })]));

  it('refuses a check-in dated before the pairing started', () =>
    spec
      .given(active)
      .when(checkIn({ heldOn: '2021-04-14' }))
      .thenThrows(ValidationError, (error) => {
        expectField('heldOn', 'notBeforeActivation')(error);
        expect(error.message).toBe('heldOn may not precede 2021-04-15, when the pairing became active');
      }));

  it('accepts, once resumed, a check-in held before the pause and logged late', () =>
    spec
      .given([...active, paused('2021-08-02'), activated('2021-09-06', 'PAUSED')])
      .when(checkIn({ heldOn: '2021-07-20' }))
      .then([checkedIn({ heldOn: '2021-07-20' })]));

  it('refuses a check-in dated in the future of the partnership', () =>
    spec.given(active).when(checkIn({ heldOn: '2021-11-02' })).thenThrows(ValidationError, expectField('heldOn', 'notInFuture')));

  it("takes today from the partnership's time zone", () => {
    // 23:30 UTC on 14 June is already 15 June in Leeds, but not yet in a partnership kept in UTC.
    const lateEvening = { now: new Date('2021-06-14T23:30:00.000Z') };
    spec.given(active).when(checkIn({ heldOn: '2021-06-15' }, lateEvening)).then([checkedIn({ heldOn: '2021-06-15', loggedAt: '2021-06-14T23:30:00.000Z' })]);
    spec
      .given(active)
      .when(checkIn({ heldOn: '2021-06-15', partnership: { ...partnership, timeZone: 'UTC' } }, lateEvening))
      .thenThrows(ValidationError, expectField('heldOn', 'notInFuture'));
  });

  it.each([
    ['heldOn', 'isDate', { heldOn: '10/05/2021' }],
    ['checkInId', 'isUuid', { checkInId: 'may' }],
    ['summary', 'notEmpty', { summary: '  ' }],
    ['loggedBy', 'isEnum', { loggedBy: 'CHAIR' }],
  ] as const)('refuses a bad %s (%s)', (field, rule, data) =>
    spec.given(active).when(checkIn(data)).thenThrows(ValidationError, expectField(field, rule)));

  describe('challenges raised', () => {
    const raising = (...challenges: NonNullable<LogAllyshipCheckIn['data']['challenges']>) => checkIn({ checkInId: secondCheckIn, heldOn: '2021-06-14', challenges });

    it('accepts a challenge of 500 characters and refuses a longer one', () => {
      spec
        .given(active)
        .when(raising({ challengeId: newChallenge, text: 'x'.repeat(500) }))
        .then([checkedIn({ checkInId: secondCheckIn, heldOn: '2021-06-14', challenges: [{ challengeId: newChallenge, text: 'x'.repeat(500), commitmentId: null, actionId: null }] })]);
      spec.given(active).when(raising({ challengeId: newChallenge, text: 'x'.repeat(501) })).thenThrows(ValidationError, expectField('challenges.0.text', 'maxLength'));
    });

    it('refuses a blank challenge', () =>
      spec.given(active).when(raising({ challengeId: newChallenge, text: ' ' })).thenThrows(ValidationError, expectField('challenges.0.text', 'notEmpty')));

    it('refuses a challenge id that is not a UUID', () =>
      spec.given(active).when(raising({ challengeId: 'c1', text: toolkitQuestion })).thenThrows(ValidationError, expectField('challenges.0.challengeId', 'isUuid')));

    it('refuses a challenge id already raised on the pairing', () =>
      spec.given(challenged).when(raising({ challengeId: toolkitChallenge, text: 'Again' })).thenThrows(ValidationError, expectField('challenges.0.challengeId', 'distinct')));

    it('refuses the same challenge id twice in one check-in', () =>
      spec
        .given(active)
        .when(raising({ challengeId: newChallenge, text: 'One' }, { challengeId: newChallenge, text: 'Two' }))
        .thenThrows(ValidationError, expectField('challenges.1.challengeId', 'distinct')));

    it('accepts a closed commitment: a pair may ask why it was missed', () =>
      spec
        .given(active)
        .when(raising({ challengeId: newChallenge, text: 'Why was this missed?', commitmentId: missed }))
        .then([checkedIn({ checkInId: secondCheckIn, heldOn: '2021-06-14', challenges: [{ challengeId: newChallenge, text: 'Why was this missed?', commitmentId: missed, actionId: null }] })]));

    it.each([
      ['commitment', 'Commitment', 'commitmentId', elsewhere],
      ['action', 'Action', 'actionId', actionElsewhere],
    ] as const)('refuses a %s that does not exist or belongs to another partnership', (_what, entity, link, anotherPartnerships) => {
      const unknown = '0190a1b2-0000-7000-8000-000000000999';
      const about = (id: string) => raising({ challengeId: newChallenge, text: toolkitQuestion, [link]: id });
      spec.given(active).when(about(unknown)).thenThrows(NotFoundError, expectNotFound(entity, unknown, `challenges.0.${link}`));
      spec.given(active).when(about(anotherPartnerships)).thenThrows(ValidationError, expectField(`challenges.0.${link}`, 'samePartnership'));
    });

    it("refuses an action named with a commitment that is not the action's", () =>
      spec
        .given(active)
        .when(raising({ challengeId: newChallenge, text: toolkitQuestion, commitmentId: hardwire, actionId: toolkitAction }))
        .thenThrows(ValidationError, expectField('challenges.0.commitmentId', 'actionOfCommitment')));

    it('refuses more than 20 challenges', () => {
      const many = Array.from({ length: 21 }, (_, index) => ({ challengeId: `0190a1b2-0000-7000-8000-${String(index).padStart(12, '0')}`, text: `Question ${index}` }));
      spec.given(active).when(raising(...many)).thenThrows(ValidationError, expectField('challenges', 'maxItems'));
    });
  });

  describe('follow-ups agreed', () => {
    it('refuses more than 20 follow-ups', () =>
      spec.given(active).when(checkIn({ followUps: Array.from({ length: 21 }, (_, index) => `Follow-up ${index}`) })).thenThrows(ValidationError, expectField('followUps', 'maxItems')));

    it('refuses a blank follow-up, naming which', () =>
      spec.given(active).when(checkIn({ followUps: ['Share the survey', ' '] })).thenThrows(ValidationError, expectField('followUps.1', 'notEmpty')));

    it('refuses a follow-up of more than one line', () =>
      spec.given(active).when(checkIn({ followUps: ['Share the survey\nand the minutes'] })).thenThrows(ValidationError, expectField('followUps.0', 'noControlCharacters')));

    it('refuses a follow-up longer than 500 characters', () =>
      spec.given(active).when(checkIn({ followUps: ['x'.repeat(501)] })).thenThrows(ValidationError, expectField('followUps.0', 'maxLength')));
  });
});

describe('responding to a challenge', () => {
  it('records the answer and who gave it', () =>
    spec
      .given(challenged)
      .when(respond({ response: '  Three of five capital decisions used it; the other two are being re-run through it ', respondedBy: 'BOARD_MEMBER' }))
      .then([responded()]));

  it('answers a challenge while the pairing is paused', () =>
    spec.given([...challenged, paused('2021-08-02')]).when(respond({ respondedOn: '2021-08-20', respondedBy: 'SECRETARIAT' })).then([responded({ respondedOn: '2021-08-20', respondedBy: 'SECRETARIAT' })]));

  it('answers a challenge on the day it was raised', () =>
    spec.given(challenged).when(respond({ respondedOn: '2021-05-10' })).then([responded({ respondedOn: '2021-05-10' })]));

  it('refuses a challenge not raised on the pairing', () =>
    spec.given(challenged).when(respond({ challengeId: newChallenge })).thenThrows(NotFoundError, expectNotFound('Challenge', newChallenge, 'challengeId')));

  it('refuses a challenge already answered', () =>
    spec
      .given([...challenged, responded()])
      .when(respond({ response: 'A second answer' }))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe(`Challenge ${toolkitChallenge} is already answered`)));

  it('refuses an answer once the pairing has ended', () =>
    spec
      .given([...challenged, ended('2021-10-29', 'ACTIVE')])
      .when(respond())
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Pairing is ENDED: challenges are answered only when it is ACTIVE or PAUSED')));

  it.each([
    ['respondedOn', 'notBeforeRaised', { respondedOn: '2021-05-09' }],
    ['respondedOn', 'notInFuture', { respondedOn: '2021-11-02' }],
    ['respondedOn', 'isDate', { respondedOn: '2021-13-01' }],
    ['response', 'notEmpty', { response: '' }],
    ['respondedBy', 'isEnum', { respondedBy: 'BOARD' }],
    ['challengeId', 'isUuid', { challengeId: 'toolkit' }],
    ['checkInId', 'isUuid', { checkInId: 'june' }],
  ] as const)('refuses a bad %s (%s)', (field, rule, data) =>
    spec.given(challenged).when(respond(data)).thenThrows(ValidationError, expectField(field, rule)));

  it('refuses a check-in not logged on the pairing', () =>
    spec.given(challenged).when(respond({ checkInId: thirdCheckIn })).thenThrows(NotFoundError, expectNotFound('Check-in', thirdCheckIn, 'checkInId')));

  it('refuses an answer given at a check-in but dated another day', () =>
    spec
      .given([...challenged, checkedIn({ checkInId: secondCheckIn, heldOn: '2021-06-14' })])
      .when(respond({ checkInId: secondCheckIn, respondedOn: '2021-06-15' }))
      .thenThrows(ValidationError, expectField('respondedOn', 'checkInDate')));
});

describe('what the pairing remembers', () => {
  it('has no facts before it is proposed', () =>
    expect(allyshipPairingFacts(allyshipPairingDecider.initialState())).toEqual({
      exists: false,
      status: null,
      partnershipId: null,
      boardMemberId: null,
      allyPersonId: null,
      allyOrganisationId: null,
      openChallengeIds: [],
    }));

  it('keeps the latest check-in date whatever order check-ins are logged in', () => {
    const state = stateAfter([...active, checkedIn({ heldOn: '2021-06-14' }), checkedIn({ checkInId: secondCheckIn, heldOn: '2021-05-10' })]);
    expect(state.status !== 'NotProposed' && state.lastCheckInOn).toBe('2021-06-14');
  });

  it('keeps open challenges in the order they were raised until each is answered', () => {
    const moreChallenges = checkedIn({
      checkInId: secondCheckIn,
      heldOn: '2021-06-14',
      challenges: [{ challengeId: trainingChallenge, text: 'Training?', commitmentId: null, actionId: null }],
    });
    expect(allyshipPairingFacts(stateAfter([...challenged, moreChallenges])).openChallengeIds).toEqual([toolkitChallenge, trainingChallenge]);
    expect(allyshipPairingFacts(stateAfter([...challenged, moreChallenges, responded()])).openChallengeIds).toEqual([trainingChallenge]);
  });

  it('ignores moves on a stream that was never proposed', () =>
    expect(stateAfter([activated('2021-04-15'), paused('2021-08-02')])).toEqual({ status: 'NotProposed' }));
});
