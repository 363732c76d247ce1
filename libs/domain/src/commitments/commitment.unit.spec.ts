import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { commitmentDecider, commitmentFacts } from './commitment.js';
import type { AmendCommitment, CloseCommitment, ClosedAction, CommitmentEvent, CommitmentMade, MakeCommitment, PartnershipFacts } from './commitment.events.js';

const spec = DeciderSpecification.for(commitmentDecider);
// The Leicester HWB meeting that was asked to COMMENT on and ENDORSE the LLR framework.
const now = new Date('2021-03-25T10:00:00.000Z');
const metadata = { now };
const later = { now: new Date('2021-06-01T09:00:00.000Z') };

const llr = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const hospitals = '0190a1b2-0000-7000-8000-0000000000c2';
const ccg = '0190a1b2-0000-7000-8000-0000000000c3';
const outsider = '0190a1b2-0000-7000-8000-0000000000c9';
const principle1 = '0190a1b2-0000-7000-8000-0000000000f1';
const principle7 = '0190a1b2-0000-7000-8000-0000000000f7';
const retiredPrinciple = '0190a1b2-0000-7000-8000-0000000000f0';
const meetingId = '0190a1b2-0000-7000-8000-0000000000b1';

const partnership: PartnershipFacts = {
  formed: true,
  parentPartnershipId: null,
  timeZone: 'Europe/London',
  organisationIds: [council, hospitals, ccg],
  memberIds: [],
  activePriorityIds: [principle1, principle7],
};

const title = 'Health Equity Audit at project planning';
const description = 'Each organisation adopts the standard Health Equity Audit tool at the planning stage of every project.';

const make = (data: Partial<MakeCommitment['data']> = {}): MakeCommitment => ({
  type: 'MakeCommitment',
  data: { commitmentId, partnershipId: llr, owningOrganisationId: council, title, description, partnership, ...data },
  metadata,
});

const made: CommitmentMade = {
  type: 'CommitmentMade',
  data: {
    commitmentId,
    partnershipId: llr,
    owningOrganisationId: council,
    contributingOrganisationIds: [],
    title,
    description,
    priorityIds: [],
    targetDate: '2021-10-30',
    sourceReference: null,
    madeAt: now.toISOString(),
    madeOn: '2021-03-25',
  },
};
const endorsed: CommitmentEvent = {
  type: 'CommitmentEndorsed',
  data: { commitmentId, endorsedOn: '2021-03-25', meetingId: null, endorsedAt: now.toISOString() },
};
const achieved: CommitmentEvent = {
  type: 'CommitmentClosed',
  data: {
    commitmentId,
    outcome: 'ACHIEVED',
    reason: 'Every organisation confirmed adoption to the System Executive',
    closedActions: [],
    closedAt: later.now.toISOString(),
  },
};

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};
const expectNotFound = (entity: string, id: string, field: string) => (error: NotFoundError) =>
  expect([error.entity, error.id, error.field]).toEqual([entity, id, field]);

describe('making a commitment', () => {
  it('makes a proposed commitment, trimming its texts and linking priorities and contributors', () =>
    spec
      .given([])
      .when(
        make({
          title: `  ${title} `,
          description: ` ${description}  `,
          contributingOrganisationIds: [hospitals, ccg],
          priorityIds: [principle7, principle1],
          targetDate: '2021-10-30',
          sourceReference: ' LLR framework v10.1, Action 7 ',
        }),
      )
      .then([
        {
          ...made,
          data: { ...made.data, contributingOrganisationIds: [hospitals, ccg], priorityIds: [principle7, principle1], sourceReference: 'LLR framework v10.1, Action 7' },
        },
      ]));

  it('defaults to no contributors, no priorities, no target date and no source', () =>
    spec
      .given([])
      .when(make({ contributingOrganisationIds: null, priorityIds: undefined, targetDate: null, sourceReference: '  ' }))
      .then([{ ...made, data: { ...made.data, targetDate: null } }]));

  it('links a priority listed twice only once', () =>
    spec
      .given([])
      .when(make({ priorityIds: [principle7, principle7], targetDate: '2021-10-30' }))
      .then([{ ...made, data: { ...made.data, priorityIds: [principle7] } }]));

  it('refuses making the same commitment twice', () => spec.given([made]).when(make()).thenThrows(IllegalStateError));

  it('refuses a commitment id that is not a UUID', () =>
    spec.given([]).when(make({ commitmentId: 'action-7' })).thenThrows(ValidationError, expectField('commitmentId', 'isUuid')));

  it('refuses a partnership that was never formed', () =>
    spec
      .given([])
      .when(make({ partnership: { ...partnership, formed: false } }))
      .thenThrows(NotFoundError, expectNotFound('Partnership', llr, 'partnershipId')));

  it('refuses a blank title', () => spec.given([]).when(make({ title: '  ' })).thenThrows(ValidationError, expectField('title', 'notEmpty')));

  it('refuses a title longer than 200 characters', () =>
    spec.given([]).when(make({ title: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('title', 'maxLength')));

  it('refuses a blank description', () =>
    spec.given([]).when(make({ description: '' })).thenThrows(ValidationError, expectField('description', 'notEmpty')));

  it('refuses a description longer than 4000 characters', () =>
    spec.given([]).when(make({ description: 'x'.repeat(4001) })).thenThrows(ValidationError, expectField('description', 'maxLength')));

  it('refuses an owner that is not a member of the partnership', () =>
    spec
      .given([])
      .when(make({ owningOrganisationId: outsider }))
      .thenThrows(ValidationError, expectField('owningOrganisationId', 'partnershipMember')));

  it('refuses a contributor that is not a member of the partnership', () =>
    spec
      .given([])
      .when(make({ contributingOrganisationIds: [hospitals, outsider] }))
      .thenThrows(ValidationError, expectField('contributingOrganisationIds', 'partnershipMember')));

  it('refuses a contributor listed twice', () =>
    spec
      .given([])
      .when(make({ contributingOrganisationIds: [hospitals, hospitals] }))
      .thenThrows(ValidationError, expectField('contributingOrganisationIds', 'distinct')));

  it('refuses the owner as a contributor', () =>
    spec
      .given([])
      .when(make({ contributingOrganisationIds: [council] }))
      .thenThrows(ValidationError, expectField('contributingOrganisationIds', 'distinct')));

  it('refuses a priority the partnership has retired', () =>
    spec
      .given([])
      .when(make({ priorityIds: [principle7, retiredPrinciple] }))
      .thenThrows(ValidationError, expectField('priorityIds', 'activePriority')));

  it('refuses a target date that is not a calendar date', () =>
    spec.given([]).when(make({ targetDate: '30.10.21' })).thenThrows(ValidationError, expectField('targetDate', 'isDate')));

  it('refuses a target date before the day the commitment is made', () =>
    spec.given([]).when(make({ targetDate: '2021-03-24' })).thenThrows(ValidationError, expectField('targetDate', 'notBeforeCreation')));

  it('accepts a target date on the day the commitment is made', () =>
    spec
      .given([])
      .when(make({ targetDate: '2021-03-25' }))
      .then([{ ...made, data: { ...made.data, targetDate: '2021-03-25' } }]));

  it('refuses a source reference longer than 200 characters', () =>
    spec.given([]).when(make({ sourceReference: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('sourceReference', 'maxLength')));
});

describe('endorsing a commitment', () => {
  const endorse = (endorsedOn = '2021-03-25', meeting?: string | null) =>
    ({ type: 'EndorseCommitment', data: { commitmentId, endorsedOn, meetingId: meeting, partnership }, metadata }) as const;

  it('endorses a proposed commitment at a board meeting', () =>
    spec
      .given([made])
      .when(endorse('2021-03-25', meetingId))
      .then([{ ...endorsed, data: { ...endorsed.data, meetingId } }]));

  it('accepts an endorsement at an earlier meeting, without a meeting id', () =>
    spec
      .given([made])
      .when(endorse('2020-11-19'))
      .then([{ ...endorsed, data: { ...endorsed.data, endorsedOn: '2020-11-19' } }]));

  it('refuses a commitment that was never made', () =>
    spec.given([]).when(endorse()).thenThrows(NotFoundError, expectNotFound('Commitment', commitmentId, 'commitmentId')));

  it('refuses a commitment that is already endorsed', () =>
    spec
      .given([made, endorsed])
      .when(endorse())
      .thenThrows(IllegalStateError, (error) => expect(error.message).toBe('Commitment is ACTIVE, only a proposed commitment can be endorsed')));

  it('refuses an endorsement date that is not a calendar date', () =>
    spec.given([made]).when(endorse('2021-02-30')).thenThrows(ValidationError, expectField('endorsedOn', 'isDate')));

  it('refuses an endorsement date in the future', () =>
    spec.given([made]).when(endorse('2021-03-26')).thenThrows(ValidationError, expectField('endorsedOn', 'notInFuture')));

  it('refuses a meeting id that is not a UUID', () =>
    spec.given([made]).when(endorse('2021-03-25', 'minute-14')).thenThrows(ValidationError, expectField('meetingId', 'isUuid')));
});

describe('amending a commitment', () => {
  const reason = 'Deadline moved by the System Executive';
  const amend = (changes: AmendCommitment['data']['changes'], why = reason): AmendCommitment => ({
    type: 'AmendCommitment',
    data: { commitmentId, changes, reason: why, partnership },
    metadata: later,
  });
  const amended = (changes: object, previous: object): CommitmentEvent => ({
    type: 'CommitmentAmended',
    data: { commitmentId, changes, previous, reason, amendedAt: later.now.toISOString() },
  });

  it('records only the terms that change, with the values they replace', () =>
    spec
      .given([made, endorsed])
      .when(amend({ title: ` ${title} `, description, targetDate: '2021-11-30' }))
      .then([amended({ targetDate: '2021-11-30' }, { targetDate: '2021-10-30' })]));

  it('clears the target date when it is set to null', () =>
    spec.given([made]).when(amend({ targetDate: null })).then([amended({ targetDate: null }, { targetDate: '2021-10-30' })]));

  it('hands the commitment to another partner organisation', () =>
    spec
      .given([made, endorsed])
      .when(amend({ owningOrganisationId: hospitals }))
      .then([amended({ owningOrganisationId: hospitals }, { owningOrganisationId: council })]));

  it('measures a new target date against the day the commitment was made, not today', () =>
    spec.given([made]).when(amend({ targetDate: '2021-04-30' })).then([amended({ targetDate: '2021-04-30' }, { targetDate: '2021-10-30' })]));

  it('refuses a commitment that was never made', () =>
    spec.given([]).when(amend({ title: 'New' })).thenThrows(NotFoundError, expectNotFound('Commitment', commitmentId, 'commitmentId')));

  it('refuses a closed commitment', () => spec.given([made, endorsed, achieved]).when(amend({ title: 'New' })).thenThrows(IllegalStateError));

  it('refuses an amendment that changes nothing', () =>
    spec
      .given([made, endorsed])
      .when(amend({ title: ` ${title}`, targetDate: '2021-10-30', owningOrganisationId: council }))
      .thenThrows(ValidationError, expectField('changes', 'changesSomething')));

  it('refuses a blank reason', () =>
    spec.given([made]).when(amend({ title: 'New' }, '  ')).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given([made]).when(amend({ title: 'New' }, 'x'.repeat(1001))).thenThrows(ValidationError, expectField('reason', 'maxLength')));

  it('refuses a blank title', () => spec.given([made]).when(amend({ title: ' ' })).thenThrows(ValidationError, expectField('title', 'notEmpty')));

  it('refuses a description longer than 4000 characters', () =>
    spec.given([made]).when(amend({ description: 'x'.repeat(4001) })).thenThrows(ValidationError, expectField('description', 'maxLength')));

  it('refuses a target date that is not a calendar date', () =>
    spec.given([made]).when(amend({ targetDate: '2021-13-01' })).thenThrows(ValidationError, expectField('targetDate', 'isDate')));

  it('refuses a target date before the day the commitment was made', () =>
    spec.given([made]).when(amend({ targetDate: '2021-03-24' })).thenThrows(ValidationError, expectField('targetDate', 'notBeforeCreation')));

  it('refuses an owner that is not a member of the partnership', () =>
    spec
      .given([made])
      .when(amend({ owningOrganisationId: outsider }))
      .thenThrows(ValidationError, expectField('owningOrganisationId', 'partnershipMember')));

  it('amends the current terms, not the original ones', () =>
    spec
      .given([made, amended({ targetDate: '2021-11-30' }, { targetDate: '2021-10-30' })])
      .when(amend({ targetDate: '2021-10-30' }))
      .then([amended({ targetDate: '2021-10-30' }, { targetDate: '2021-11-30' })]));
});

describe('closing a commitment', () => {
  const close = (outcome: string, reason = 'Every organisation confirmed adoption to the System Executive') =>
    ({ type: 'CloseCommitment', data: { commitmentId, outcome, reason, actions: [] }, metadata: later }) as const;

  it('closes an endorsed commitment as achieved', () => spec.given([made, endorsed]).when(close('ACHIEVED')).then([achieved]));

  it('closes an endorsed commitment as missed', () =>
    spec
      .given([made, endorsed])
      .when(close('MISSED', ' Two organisations had not adopted the tool by 30.10.21 '))
      .then([{ ...achieved, data: { ...achieved.data, outcome: 'MISSED', reason: 'Two organisations had not adopted the tool by 30.10.21' } }]));

  it('withdraws a commitment the board never endorsed', () =>
    spec
      .given([made])
      .when(close('WITHDRAWN', 'Folded into Action 8'))
      .then([{ ...achieved, data: { ...achieved.data, outcome: 'WITHDRAWN', reason: 'Folded into Action 8' } }]));

  it('refuses to judge a commitment achieved before it is endorsed', () =>
    spec.given([made]).when(close('ACHIEVED')).thenThrows(IllegalStateError));

  it('refuses to judge a commitment missed before it is endorsed', () => spec.given([made]).when(close('MISSED')).thenThrows(IllegalStateError));

  it('refuses closing a closed commitment', () => spec.given([made, endorsed, achieved]).when(close('WITHDRAWN')).thenThrows(IllegalStateError));

  it('refuses an outcome that is not achieved, missed or withdrawn', () =>
    spec.given([made, endorsed]).when(close('ACTIVE')).thenThrows(ValidationError, expectField('outcome', 'isEnum')));

  it('refuses a blank reason', () => spec.given([made, endorsed]).when(close('ACHIEVED', '')).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given([made, endorsed]).when(close('ACHIEVED', 'x'.repeat(1001))).thenThrows(ValidationError, expectField('reason', 'maxLength')));

  it('refuses a commitment that was never made', () =>
    spec.given([]).when(close('WITHDRAWN')).thenThrows(NotFoundError, expectNotFound('Commitment', commitmentId, 'commitmentId')));
});

describe('commitment facts for actions and indicators', () => {
  const facts = (events: CommitmentEvent[]) => commitmentFacts(events.reduce(commitmentDecider.evolve, commitmentDecider.initialState()));

  it('follows the commitment through its lifecycle', () => {
    expect(facts([])).toEqual({ exists: false, status: null, partnershipId: null });
    expect(facts([made])).toEqual({ exists: true, status: 'PROPOSED', partnershipId: llr, madeOn: '2021-03-25' });
    expect(facts([made, endorsed])).toEqual({ exists: true, status: 'ACTIVE', partnershipId: llr, madeOn: '2021-03-25' });
    expect(facts([made, endorsed, achieved])).toEqual({ exists: true, status: 'ACHIEVED', partnershipId: llr, madeOn: '2021-03-25' });
  });
});

describe('recording a plan of actions', () => {
  const planned = (owningOrganisationId: string) => ({
    actionId: `0190a1b2-0000-7000-8000-0000000a${owningOrganisationId.slice(-4)}`,
    commitmentId,
    partnershipId: llr,
    owningOrganisationId,
    title: '7a Standard HEA tool adopted',
    dueDate: '2021-10-30',
    leadMemberId: null,
    planId: '0190a1b2-0000-7000-8000-0000000000ff',
    plannedAt: later.now.toISOString(),
  });
  const actions = [planned('0190a1b2-0000-7000-8000-00000000c001'), planned('0190a1b2-0000-7000-8000-00000000c002')];
  const record = (data: { commitmentId: string; planId: string | null; actions: ReturnType<typeof planned>[] }) =>
    ({ type: 'RecordActionPlan', data, metadata: later }) as const;

  it('records every action of the plan in one event on the active commitment', () =>
    spec
      .given([made, endorsed])
      .when(record({ commitmentId, planId: actions[0]!.planId, actions }))
      .then([{ type: 'ActionsPlanned', data: { commitmentId, planId: actions[0]!.planId, actions } }]));

  it('refuses a plan on a commitment not yet endorsed', () =>
    spec.given([made]).when(record({ commitmentId, planId: null, actions })).thenThrows(IllegalStateError));

  it('refuses a plan on a closed commitment', () =>
    spec.given([made, endorsed, achieved]).when(record({ commitmentId, planId: null, actions })).thenThrows(IllegalStateError));

  it('refuses a plan with no actions: the partnership has no member organisations', () =>
    spec
      .given([made, endorsed])
      .when(record({ commitmentId, planId: null, actions: [] }))
      .thenThrows(ValidationError, expectField('everyMemberOrganisation', 'hasMembers')));

  it('refuses an action that belongs to another commitment', () =>
    spec
      .given([made, endorsed])
      .when(record({ commitmentId, planId: null, actions: [{ ...actions[0]!, commitmentId: '0190a1b2-0000-7000-8000-0000000000aa' }] }))
      .thenThrows(ValidationError, expectField('commitmentId', 'sameCommitment')));

  it('leaves the commitment as it was', () => {
    const before = [made, endorsed].reduce(commitmentDecider.evolve, commitmentDecider.initialState());
    expect(commitmentDecider.evolve(before, { type: 'ActionsPlanned', data: { commitmentId, planId: null, actions } })).toEqual(before);
  });
});
describe('closing a commitment with actions still open', () => {
  const adopt = '0190a1b2-0000-7000-8000-00000000007a';
  const train = '0190a1b2-0000-7000-8000-00000000007b';
  const dashboard = '0190a1b2-0000-7000-8000-00000000007c';
  const actions: CloseCommitment['data']['actions'] = [
    { actionId: adopt, title: '7a Standard HEA tool adopted', status: 'COMPLETED' },
    { actionId: train, title: '7b Mandatory HEA training', status: 'ON_TRACK' },
    { actionId: dashboard, title: '7c Health equity dashboard', status: 'NOT_STARTED' },
  ];
  const reason = 'Every organisation confirmed adoption to the System Executive';
  const close = (outcome: string, openActions?: CloseCommitment['data']['openActions']): CloseCommitment => ({
    type: 'CloseCommitment',
    data: { commitmentId, outcome, reason, openActions, actions },
    metadata: later,
  });
  const closed = (outcome: 'ACHIEVED' | 'MISSED' | 'WITHDRAWN', closedActions: ClosedAction[]): CommitmentEvent => ({
    type: 'CommitmentClosed',
    data: { commitmentId, outcome, reason, closedActions, closedAt: later.now.toISOString() },
  });

  it('records what became of each open action when the commitment is achieved', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: dashboard, finalStatus: 'CANCELLED' }, { actionId: train.toUpperCase(), finalStatus: 'COMPLETED' }]))
      .then([closed('ACHIEVED', [{ actionId: dashboard, finalStatus: 'CANCELLED' }, { actionId: train, finalStatus: 'COMPLETED' }])]));

  it('refuses achieved without the list, naming the field and listing the open actions', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED'))
      .thenThrows(ValidationError, (error) => {
        expectField('openActions', 'required')(error);
        expect(error.message).toContain(`${train} "7b Mandatory HEA training" (ON_TRACK)`);
        expect(error.message).toContain(`${dashboard} "7c Health equity dashboard" (NOT_STARTED)`);
        expect(error.message).not.toContain(adopt);
      }));

  it('refuses a list that leaves an open action out', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: train, finalStatus: 'COMPLETED' }]))
      .thenThrows(ValidationError, (error) => {
        expectField('openActions', 'everyOpenAction')(error);
        expect(error.message).toContain(dashboard);
      }));

  it('refuses a list naming an action already closed', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: train, finalStatus: 'COMPLETED' }, { actionId: dashboard, finalStatus: 'CANCELLED' }, { actionId: adopt, finalStatus: 'COMPLETED' }]))
      .thenThrows(ValidationError, expectField('openActions.2.actionId', 'openAction')));

  it('refuses a list naming an action of another commitment', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: meetingId, finalStatus: 'COMPLETED' }]))
      .thenThrows(ValidationError, expectField('openActions.0.actionId', 'openAction')));

  it('refuses a list naming an action twice', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: train, finalStatus: 'COMPLETED' }, { actionId: train, finalStatus: 'CANCELLED' }]))
      .thenThrows(ValidationError, expectField('openActions.1.actionId', 'distinct')));

  it('refuses a final status other than completed or cancelled', () =>
    spec
      .given([made, endorsed])
      .when(close('ACHIEVED', [{ actionId: train, finalStatus: 'ON_TRACK' }, { actionId: dashboard, finalStatus: 'CANCELLED' }]))
      .thenThrows(ValidationError, expectField('openActions.0.finalStatus', 'isEnum')));

  it('needs no list when every action is completed or cancelled', () =>
    spec
      .given([made, endorsed])
      .when({ ...close('ACHIEVED'), data: { ...close('ACHIEVED').data, actions: [actions[0]!] } })
      .then([closed('ACHIEVED', [])]));

  it('leaves open actions as they were when the commitment is missed or withdrawn', () => {
    spec.given([made, endorsed]).when(close('MISSED')).then([closed('MISSED', [])]);
    spec.given([made, endorsed]).when(close('WITHDRAWN')).then([closed('WITHDRAWN', [])]);
  });

  it('refuses a list when the commitment is missed', () =>
    spec
      .given([made, endorsed])
      .when(close('MISSED', [{ actionId: train, finalStatus: 'CANCELLED' }]))
      .thenThrows(ValidationError, expectField('openActions', 'onlyWhenAchieved')));
});

describe("the partnership's today", () => {
  // 00:30 on 1 July in London (BST) is still 30 June in UTC.
  const halfPastMidnightBst = new Date('2026-06-30T23:30:00.000Z');
  const inUtc: PartnershipFacts = { ...partnership, timeZone: 'UTC' };
  const endorse = (facts: PartnershipFacts) =>
    ({ type: 'EndorseCommitment', data: { commitmentId, endorsedOn: '2026-07-01', partnership: facts }, metadata: { now: halfPastMidnightBst } }) as const;

  it('accepts an endorsement dated today in London at 00:30 BST', () =>
    spec
      .given([made])
      .when(endorse(partnership))
      .then([{ type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2026-07-01', meetingId: null, endorsedAt: halfPastMidnightBst.toISOString() } }]));

  it('refuses the same date as the future for a partnership keeping UTC', () =>
    spec.given([made]).when(endorse(inUtc)).thenThrows(ValidationError, (error) => {
      expectField('endorsedOn', 'notInFuture')(error);
      expect(error.message).toContain('today is 2026-06-30');
    }));

  it('makes a commitment on the partnership’s date, so a target date of today is not already past', () =>
    spec
      .given([])
      .when({ ...make({ targetDate: '2026-07-01' }), metadata: { now: halfPastMidnightBst } })
      .then([{ ...made, data: { ...made.data, targetDate: '2026-07-01', madeAt: halfPastMidnightBst.toISOString(), madeOn: '2026-07-01' } }]));

  it('reads an older commitment without a recorded date by its London date', () => {
    const { madeOn: _absent, ...older } = { ...made.data, madeAt: halfPastMidnightBst.toISOString() };
    // Made on 1 July in London, though 30 June in UTC: a target of 30 June is before it was made.
    spec
      .given([{ type: 'CommitmentMade', data: older }])
      .when(amend({ targetDate: '2026-06-30' }))
      .thenThrows(ValidationError, expectField('targetDate', 'notBeforeCreation'));
  });

  const amend = (changes: AmendCommitment['data']['changes']): AmendCommitment => ({
    type: 'AmendCommitment',
    data: { commitmentId, changes, reason: 'Moved', partnership },
    metadata: later,
  });
});

describe('the business date a commitment was made', () => {
  // The ledger is loaded in November 2026 with a framework agreed in March 2021.
  const loadingDay = { now: new Date('2026-11-24T16:00:00.000Z') };
  const makeOn = (data: Partial<MakeCommitment['data']>) => ({ ...make(data), metadata: loadingDay });

  it('records a commitment made on 2021-03-25 with target 2021-10-30 when today is 2026-11-24', () =>
    spec
      .given([])
      .when(makeOn({ madeOn: '2021-03-25', targetDate: '2021-10-30' }))
      .then([{ ...made, data: { ...made.data, madeAt: loadingDay.now.toISOString(), madeOn: '2021-03-25' } }]));

  it('defaults to the partnership’s today when no date is given', () =>
    spec
      .given([])
      .when(makeOn({ madeOn: null, targetDate: '2026-12-31' }))
      .then([{ ...made, data: { ...made.data, targetDate: '2026-12-31', madeAt: loadingDay.now.toISOString(), madeOn: '2026-11-24' } }]));

  it('refuses a target date before the business date it was made', () =>
    spec.given([]).when(makeOn({ madeOn: '2021-03-25', targetDate: '2021-03-24' })).thenThrows(ValidationError, (error) => {
      expectField('targetDate', 'notBeforeCreation')(error);
      expect(error.message).toContain('2021-03-25');
    }));

  it('refuses a commitment made tomorrow', () =>
    spec.given([]).when(makeOn({ madeOn: '2026-11-25' })).thenThrows(ValidationError, expectField('madeOn', 'notInFuture')));

  it('refuses a date that is not a calendar date', () =>
    spec.given([]).when(makeOn({ madeOn: '25/03/2021' })).thenThrows(ValidationError, expectField('madeOn', 'isDate')));

  it('refuses a date outside the ledger’s window', () =>
    spec.given([]).when(makeOn({ madeOn: '1899-12-31' })).thenThrows(ValidationError, expectField('madeOn', 'dateRange')));

  it('measures later amendments of the target against the business date, not the day it was recorded', () =>
    spec
      .given([{ ...made, data: { ...made.data, madeAt: loadingDay.now.toISOString(), madeOn: '2021-03-25' } }])
      .when({ type: 'AmendCommitment', data: { commitmentId, changes: { targetDate: '2021-04-30' }, reason: 'Moved', partnership }, metadata: loadingDay })
      .then([
        {
          type: 'CommitmentAmended',
          data: { commitmentId, changes: { targetDate: '2021-04-30' }, previous: { targetDate: '2021-10-30' }, reason: 'Moved', amendedAt: loadingDay.now.toISOString() },
        },
      ]));
});

describe('text in commitments', () => {
  it('keeps the line breaks of a description', () =>
    spec
      .given([])
      .when(make({ description: 'Each organisation:\n- adopts the tool\n- trains its staff', targetDate: '2021-10-30' }))
      .then([{ ...made, data: { ...made.data, description: 'Each organisation:\n- adopts the tool\n- trains its staff' } }]));

  it('refuses a title that is only zero-width spaces', () =>
    spec.given([]).when(make({ title: '\u200b\u200b\u200b' })).thenThrows(ValidationError, expectField('title', 'visible')));

  it('refuses a source reference with an escape character', () =>
    spec.given([]).when(make({ sourceReference: 'LLR \u001b[31mframework' })).thenThrows(ValidationError, expectField('sourceReference', 'noControlCharacters')));
});
