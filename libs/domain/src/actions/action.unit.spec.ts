import { describe, it, expect } from '@jest/globals';
import { DeciderSpecification } from '../testing/decider-specification.js';
import type { Actor } from '../shared/actor.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { actionDecider } from './action.js';
import { percentCompleteAfter } from './action.events.js';
import type { ActionEvent, ActionPlanned, ActionUpdateSubmitted, CommitmentFacts, PlanAction, SubmitActionUpdate } from './action.events.js';

const spec = DeciderSpecification.for(actionDecider);
const plannedAt = new Date('2021-03-25T10:00:00.000Z');
const now = new Date('2021-09-15T09:00:00.000Z');

const llr = '0190a1b2-0000-7000-8000-000000000002';
const commitmentId = '0190a1b2-0000-7000-8000-0000000000a7';
const actionId = '0190a1b2-0000-7000-8000-00000000007a';
const planId = '0190a1b2-0000-7000-8000-0000000000b7';
const council = '0190a1b2-0000-7000-8000-0000000000c1';
const hospitals = '0190a1b2-0000-7000-8000-0000000000c2';
const outsider = '0190a1b2-0000-7000-8000-0000000000c9';
const directorOfPublicHealth = '0190a1b2-0000-7000-8000-0000000000d1';
const someoneElse = '0190a1b2-0000-7000-8000-0000000000d9';
const updateId = '0190a1b2-0000-7000-8000-0000000000e1';
const secondUpdateId = '0190a1b2-0000-7000-8000-0000000000e2';

const secretariat: Actor = { personId: 'secretariat-1', grantId: 'grant-s', role: 'SECRETARIAT', organisationId: null };
const councilPartner: Actor = { personId: 'partner-council', grantId: 'grant-c', role: 'PARTNER', organisationId: council };
const hospitalsPartner: Actor = { personId: 'partner-uhl', grantId: 'grant-h', role: 'PARTNER', organisationId: hospitals };

const activeCommitment: CommitmentFacts = { exists: true, status: 'ACTIVE', partnershipId: llr };
const partnership: PartnershipFacts = {
  formed: true,
  parentPartnershipId: null,
  timeZone: 'Europe/London',
  organisationIds: [council, hospitals],
  memberIds: [directorOfPublicHealth],
  activePriorityIds: [],
};

// LLR framework Action 7a, owned by "each organisation": one action per organisation, sharing a plan id.
const title = 'Standard Health Equity Audit tool adopted at project planning';
const plan = (data: Partial<PlanAction['data']> = {}, at = plannedAt): PlanAction => ({
  type: 'PlanAction',
  data: { actionId, commitmentId, owningOrganisationId: council, title, dueDate: '2021-10-30', commitment: activeCommitment, partnership, ...data },
  metadata: { now: at, actor: secretariat },
});
const planned: ActionPlanned = {
  type: 'ActionPlanned',
  data: {
    actionId,
    commitmentId,
    partnershipId: llr,
    owningOrganisationId: council,
    title,
    dueDate: '2021-10-30',
    leadMemberId: null,
    planId: null,
    plannedAt: plannedAt.toISOString(),
    plannedOn: '2021-03-25',
  },
};

const update = (data: Partial<SubmitActionUpdate['data']> = {}, actor: Actor = councilPartner): SubmitActionUpdate => ({
  type: 'SubmitActionUpdate',
  data: { actionId, updateId, status: 'ON_TRACK', whatHasHappened: 'HEA tool piloted on two capital projects', commitment: activeCommitment, partnership, ...data },
  metadata: { now, actor },
});
const updated = (data: Partial<ActionUpdateSubmitted['data']> = {}): ActionUpdateSubmitted => ({
  type: 'ActionUpdateSubmitted',
  data: {
    actionId,
    updateId,
    status: 'ON_TRACK',
    previousStatus: 'NOT_STARTED',
    percentComplete: null,
    whatHasHappened: 'HEA tool piloted on two capital projects',
    whatMoreIsToBeDone: null,
    evidenceLinks: [],
    submittedAt: now.toISOString(),
    reportedOn: '2021-09-15',
    ...data,
  },
});
const completed = updated({ status: 'COMPLETED', percentComplete: 100, whatHasHappened: 'HEA tool adopted for all new projects' });
const cancelled = updated({ status: 'CANCELLED', whatHasHappened: 'Superseded by the ICS-wide HEA policy' });

const expectField = (field: string, rule: string) => (error: ValidationError) => {
  expect(error.field).toBe(field);
  expect(error.rule).toBe(rule);
};
const expectActionNotFound = (error: NotFoundError) => expect([error.entity, error.id, error.field]).toEqual(['Action', actionId, 'actionId']);

describe('planning an action', () => {
  it('plans an action under an endorsed commitment, with a lead member and a shared plan', () =>
    spec
      .given([])
      .when(plan({ title: `  ${title} `, leadMemberId: directorOfPublicHealth, planId }))
      .then([{ ...planned, data: { ...planned.data, leadMemberId: directorOfPublicHealth, planId } }]));

  it('takes the partnership from the commitment', () =>
    spec
      .given([])
      .when(plan({ leadMemberId: null, planId: undefined }))
      .then([planned]));

  it('accepts a due date already past, so 2021 framework actions can be back-filled', () =>
    spec
      .given([])
      .when(plan({}, new Date('2024-01-10T12:00:00.000Z')))
      .then([{ ...planned, data: { ...planned.data, plannedAt: '2024-01-10T12:00:00.000Z', plannedOn: '2024-01-10' } }]));

  it('refuses planning the same action twice', () => spec.given([planned]).when(plan()).thenThrows(IllegalStateError));

  it('refuses an action id that is not a UUID', () =>
    spec.given([]).when(plan({ actionId: '7a' })).thenThrows(ValidationError, expectField('actionId', 'isUuid')));

  it('refuses a commitment that does not exist', () =>
    spec
      .given([])
      .when(plan({ commitment: { exists: false, status: null, partnershipId: null } }))
      .thenThrows(NotFoundError, (error) => expect([error.entity, error.id, error.field]).toEqual(['Commitment', commitmentId, 'commitmentId'])));

  it('refuses a commitment the board has not yet endorsed', () =>
    spec
      .given([])
      .when(plan({ commitment: { ...activeCommitment, status: 'PROPOSED' } }))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/endorse/)));

  it('refuses a closed commitment', () =>
    spec
      .given([])
      .when(plan({ commitment: { ...activeCommitment, status: 'ACHIEVED' } }))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/closed commitments take no new actions/)));

  it('refuses an owner that is not a member of the partnership', () =>
    spec
      .given([])
      .when(plan({ owningOrganisationId: outsider }))
      .thenThrows(ValidationError, expectField('owningOrganisationId', 'partnershipMember')));

  it('refuses a blank title', () => spec.given([]).when(plan({ title: ' ' })).thenThrows(ValidationError, expectField('title', 'notEmpty')));

  it('refuses a title longer than 200 characters', () =>
    spec.given([]).when(plan({ title: 'x'.repeat(201) })).thenThrows(ValidationError, expectField('title', 'maxLength')));

  it('refuses a due date that is not a calendar date', () =>
    spec.given([]).when(plan({ dueDate: '30.10.21' })).thenThrows(ValidationError, expectField('dueDate', 'isDate')));

  it('refuses a lead who does not sit on the board', () =>
    spec.given([]).when(plan({ leadMemberId: someoneElse })).thenThrows(ValidationError, expectField('leadMemberId', 'boardMember')));

  it('refuses a plan id that is not a UUID', () =>
    spec.given([]).when(plan({ planId: 'each-organisation' })).thenThrows(ValidationError, expectField('planId', 'isUuid')));
});

describe('who may change an action', () => {
  const reschedule = { type: 'RescheduleAction', data: { actionId, dueDate: '2021-11-30', reason: 'Training slots', commitment: activeCommitment } } as const;
  const reassign = {
    type: 'ReassignAction',
    data: { actionId, owningOrganisationId: hospitals, reason: 'Trust leads', commitment: activeCommitment, partnership },
  } as const;
  const reopen = { type: 'ReopenAction', data: { actionId, reason: 'Audit found gaps', commitment: activeCommitment } } as const;

  it('lets a partner report on its own organisation\'s action', () =>
    spec.given([planned]).when(update({}, councilPartner)).then([updated()]));

  it("refuses a partner reporting on another organisation's action", () =>
    spec
      .given([planned])
      .when(update({}, hospitalsPartner))
      .thenThrows(ForbiddenError, (error) => expect(error.message).toBe("A partner may report only on its own organisation's actions")));

  it('checks who is acting before checking what they sent', () =>
    spec.given([planned]).when(update({ status: 'DONE', whatHasHappened: '' }, hospitalsPartner)).thenThrows(ForbiddenError));

  it('reports an unknown action before checking who is acting', () =>
    spec.given([]).when(update({}, hospitalsPartner)).thenThrows(NotFoundError, expectActionNotFound));

  it('follows the action to its new owner when it is reassigned', () =>
    spec
      .given([planned, { type: 'ActionReassigned', data: { actionId, owningOrganisationId: hospitals, previousOwningOrganisationId: council, reason: 'Trust leads', reassignedAt: now.toISOString() } }])
      .when(update({}, councilPartner))
      .thenThrows(ForbiddenError));

  it('refuses a partner rescheduling even its own action', () =>
    spec.given([planned]).when({ ...reschedule, metadata: { now, actor: councilPartner } }).thenThrows(ForbiddenError));

  it('refuses a partner reassigning even its own action', () =>
    spec.given([planned]).when({ ...reassign, metadata: { now, actor: councilPartner } }).thenThrows(ForbiddenError));

  it('refuses a partner reopening even its own action', () =>
    spec.given([planned, completed]).when({ ...reopen, metadata: { now, actor: councilPartner } }).thenThrows(ForbiddenError));
});

describe('rescheduling an action', () => {
  const reschedule = (dueDate: string, reason = 'Training slots not available until November') =>
    ({ type: 'RescheduleAction', data: { actionId, dueDate, reason, commitment: activeCommitment }, metadata: { now, actor: secretariat } }) as const;

  it('moves the due date, keeping the previous one', () =>
    spec
      .given([planned])
      .when(reschedule('2021-11-30', ' Training slots not available until November '))
      .then([
        {
          type: 'ActionRescheduled',
          data: { actionId, dueDate: '2021-11-30', previousDueDate: '2021-10-30', reason: 'Training slots not available until November', rescheduledAt: now.toISOString() },
        },
      ]));

  it('refuses an action that was never planned', () => spec.given([]).when(reschedule('2021-11-30')).thenThrows(NotFoundError, expectActionNotFound));

  it('refuses a closed action', () => spec.given([planned, completed]).when(reschedule('2021-11-30')).thenThrows(IllegalStateError));

  it('refuses a due date that is not a calendar date', () =>
    spec.given([planned]).when(reschedule('2021-11-31')).thenThrows(ValidationError, expectField('dueDate', 'isDate')));

  it('refuses the date the action is already due', () =>
    spec.given([planned]).when(reschedule('2021-10-30')).thenThrows(ValidationError, expectField('dueDate', 'changed')));

  it('refuses a blank reason', () =>
    spec.given([planned]).when(reschedule('2021-11-30', ' ')).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses a reason longer than 1000 characters', () =>
    spec.given([planned]).when(reschedule('2021-11-30', 'x'.repeat(1001))).thenThrows(ValidationError, expectField('reason', 'maxLength')));
});

describe('reassigning an action', () => {
  const reassign = (owningOrganisationId: string, reason = 'The trust leads HEA training for the system') =>
    ({ type: 'ReassignAction', data: { actionId, owningOrganisationId, reason, commitment: activeCommitment, partnership }, metadata: { now, actor: secretariat } }) as const;

  it('hands the action to another partner organisation', () =>
    spec
      .given([planned])
      .when(reassign(hospitals))
      .then([
        {
          type: 'ActionReassigned',
          data: { actionId, owningOrganisationId: hospitals, previousOwningOrganisationId: council, reason: 'The trust leads HEA training for the system', reassignedAt: now.toISOString() },
        },
      ]));

  it('refuses an action that was never planned', () => spec.given([]).when(reassign(hospitals)).thenThrows(NotFoundError, expectActionNotFound));

  it('refuses a closed action', () => spec.given([planned, cancelled]).when(reassign(hospitals)).thenThrows(IllegalStateError));

  it('refuses an organisation outside the partnership', () =>
    spec.given([planned]).when(reassign(outsider)).thenThrows(ValidationError, expectField('owningOrganisationId', 'partnershipMember')));

  it('refuses the organisation that already owns it', () =>
    spec.given([planned]).when(reassign(council)).thenThrows(ValidationError, expectField('owningOrganisationId', 'changed')));

  it('refuses a blank reason', () => spec.given([planned]).when(reassign(hospitals, '')).thenThrows(ValidationError, expectField('reason', 'notEmpty')));
});

describe('submitting an update', () => {
  it('records what has happened, what more is to be done and the evidence, trimmed', () =>
    spec
      .given([planned])
      .when(
        update({
          status: 'AT_RISK',
          percentComplete: 40,
          whatHasHappened: '  HEA tool piloted on two capital projects ',
          whatMoreIsToBeDone: ' Roll out to all project boards ',
          evidenceLinks: [' https://example.org/hwb/2021-09-16/item-7.pdf '],
        }),
      )
      .then([
        updated({
          status: 'AT_RISK',
          percentComplete: 40,
          whatMoreIsToBeDone: 'Roll out to all project boards',
          evidenceLinks: ['https://example.org/hwb/2021-09-16/item-7.pdf'],
        }),
      ]));

  it('completes an action at 100 percent, recording the status it leaves', () =>
    spec
      .given([planned, updated()])
      .when(update({ updateId: secondUpdateId, status: 'COMPLETED', percentComplete: 100, whatHasHappened: 'HEA tool adopted for all new projects' }))
      .then([{ ...completed, data: { ...completed.data, updateId: secondUpdateId, previousStatus: 'ON_TRACK' } }]));

  it('completes an action without a percentage at 100 percent', () =>
    spec
      .given([planned])
      .when(update({ status: 'COMPLETED', percentComplete: null, whatHasHappened: 'HEA tool adopted for all new projects' }))
      .then([updated({ status: 'COMPLETED', percentComplete: 100, whatHasHappened: 'HEA tool adopted for all new projects' })]));

  it('refuses an action that was never planned', () => spec.given([]).when(update()).thenThrows(NotFoundError, expectActionNotFound));

  it('refuses a closed action until it is reopened', () =>
    spec
      .given([planned, completed])
      .when(update({ updateId: secondUpdateId }))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/reopen it with a reason first/)));

  it('refuses an update id already used on this action', () =>
    spec.given([planned, updated()]).when(update({ status: 'AT_RISK' })).thenThrows(IllegalStateError));

  it('refuses an update id that is not a UUID', () =>
    spec.given([planned]).when(update({ updateId: 'update-1' })).thenThrows(ValidationError, expectField('updateId', 'isUuid')));

  it('refuses an unknown status', () =>
    spec.given([planned]).when(update({ status: 'DONE' })).thenThrows(ValidationError, expectField('status', 'isEnum')));

  it('refuses a percentage above 100', () =>
    spec.given([planned]).when(update({ percentComplete: 101 })).thenThrows(ValidationError, expectField('percentComplete', 'range')));

  it('refuses a negative percentage', () =>
    spec.given([planned]).when(update({ percentComplete: -1 })).thenThrows(ValidationError, expectField('percentComplete', 'range')));

  it('refuses a fractional percentage', () =>
    spec.given([planned]).when(update({ percentComplete: 42.5 })).thenThrows(ValidationError, expectField('percentComplete', 'range')));

  it('refuses a completed action that is not 100 percent complete', () =>
    spec
      .given([planned])
      .when(update({ status: 'COMPLETED', percentComplete: 90 }))
      .thenThrows(ValidationError, expectField('percentComplete', 'completeIs100')));

  it('refuses an update that does not say what has happened', () =>
    spec.given([planned]).when(update({ whatHasHappened: '  ' })).thenThrows(ValidationError, expectField('whatHasHappened', 'notEmpty')));

  it('refuses a what-has-happened longer than 4000 characters', () =>
    spec.given([planned]).when(update({ whatHasHappened: 'x'.repeat(4001) })).thenThrows(ValidationError, expectField('whatHasHappened', 'maxLength')));

  it('refuses a what-more-is-to-be-done longer than 4000 characters', () =>
    spec
      .given([planned])
      .when(update({ whatMoreIsToBeDone: 'x'.repeat(4001) }))
      .thenThrows(ValidationError, expectField('whatMoreIsToBeDone', 'maxLength')));

  it('refuses evidence that is not a web address', () =>
    spec
      .given([planned])
      .when(update({ evidenceLinks: ['https://example.org/ok', 'file:///C:/HEA/tool.docx'] }))
      .thenThrows(ValidationError, expectField('evidenceLinks', 'httpUrl')));

  it('refuses more than 20 evidence links', () =>
    spec
      .given([planned])
      .when(update({ evidenceLinks: Array.from({ length: 21 }, (_, i) => `https://example.org/evidence/${i}`) }))
      .thenThrows(ValidationError, expectField('evidenceLinks', 'maxItems')));
});

describe('reopening an action', () => {
  const reopen = (reason = 'Audit found projects planned without the HEA tool') =>
    ({ type: 'ReopenAction', data: { actionId, reason, commitment: activeCommitment }, metadata: { now, actor: secretariat } }) as const;
  const reopened = (previousStatus: 'COMPLETED' | 'CANCELLED', percentComplete: number | null = null): ActionEvent => ({
    type: 'ActionReopened',
    data: { actionId, status: 'ON_TRACK', previousStatus, percentComplete, reason: 'Audit found projects planned without the HEA tool', reopenedAt: now.toISOString() },
  });

  it('reopens a completed action as on track', () => spec.given([planned, completed]).when(reopen()).then([reopened('COMPLETED')]));

  it('reopens a cancelled action', () => spec.given([planned, cancelled]).when(reopen()).then([reopened('CANCELLED')]));

  it('takes updates again once reopened', () =>
    spec
      .given([planned, completed, reopened('COMPLETED')])
      .when(update({ updateId: secondUpdateId }))
      .then([updated({ updateId: secondUpdateId, previousStatus: 'ON_TRACK' })]));

  it('refuses an action that is still open', () => spec.given([planned, updated()]).when(reopen()).thenThrows(IllegalStateError));

  it('refuses a blank reason', () => spec.given([planned, completed]).when(reopen(' ')).thenThrows(ValidationError, expectField('reason', 'notEmpty')));

  it('refuses an action that was never planned', () => spec.given([]).when(reopen()).thenThrows(NotFoundError, expectActionNotFound));
});

describe('cancelling an action', () => {
  it('lets the secretariat cancel an action', () =>
    spec
      .given([planned])
      .when(update({ status: 'CANCELLED', whatHasHappened: 'Superseded by the ICS-wide HEA policy' }, secretariat))
      .then([cancelled]));

  it('refuses a partner cancelling even its own action, naming who may', () =>
    spec
      .given([planned])
      .when(update({ status: 'CANCELLED', whatHasHappened: 'We have stopped' }, councilPartner))
      .thenThrows(ForbiddenError, (error) => expect(error.message).toMatch(/Only the board secretariat may set an action to CANCELLED/)));

  it('lets the secretariat reopen an action it cancelled, which then takes updates again', () => {
    const reopen = { type: 'ReopenAction', data: { actionId, reason: 'The ICS policy was withdrawn', commitment: activeCommitment }, metadata: { now, actor: secretariat } } as const;
    const reopened: ActionEvent = {
      type: 'ActionReopened',
      data: { actionId, status: 'ON_TRACK', previousStatus: 'CANCELLED', percentComplete: null, reason: 'The ICS policy was withdrawn', reopenedAt: now.toISOString() },
    };
    spec.given([planned, cancelled]).when(reopen).then([reopened]);
    spec.given([planned, cancelled, reopened]).when(update({ updateId: secondUpdateId })).then([updated({ updateId: secondUpdateId, previousStatus: 'ON_TRACK' })]);
  });
});

describe('actions of a closed commitment', () => {
  const closedCommitments = (['ACHIEVED', 'MISSED', 'WITHDRAWN'] as const).map((status): CommitmentFacts => ({ ...activeCommitment, status }));
  const changes = (commitment: CommitmentFacts) =>
    [
      ['an update', update({ updateId: secondUpdateId, commitment })],
      ['a reschedule', { type: 'RescheduleAction', data: { actionId, dueDate: '2021-12-31', reason: 'Later', commitment }, metadata: { now, actor: secretariat } }],
      ['a reassignment', { type: 'ReassignAction', data: { actionId, owningOrganisationId: hospitals, reason: 'Trust', commitment, partnership }, metadata: { now, actor: secretariat } }],
    ] as const;

  for (const commitment of closedCommitments) {
    for (const [what, command] of changes(commitment)) {
      it(`refuses ${what} once the commitment is ${commitment.status}`, () =>
        spec
          .given([planned, updated()])
          .when(command)
          .thenThrows(IllegalStateError, (error) => expect(error.message).toBe(`The action's commitment is ${commitment.status}: its actions are closed to changes`)));
    }

    it(`refuses reopening a completed action once the commitment is ${commitment.status}`, () =>
      spec
        .given([planned, completed])
        .when({ type: 'ReopenAction', data: { actionId, reason: 'Audit found gaps', commitment }, metadata: { now, actor: secretariat } })
        .thenThrows(IllegalStateError));
  }

  it('still tells a partner first that the action is not theirs', () =>
    spec.given([planned]).when(update({ commitment: closedCommitments[0]! }, hospitalsPartner)).thenThrows(ForbiddenError));
});

describe('percentComplete follows status', () => {
  const at = (status: string, percentComplete: number | null, id: string) => update({ updateId: id, status, percentComplete });
  const state = (events: ActionEvent[]) => {
    const action = events.reduce(actionDecider.evolve, actionDecider.initialState());
    return action.status === 'NotPlanned' ? null : { status: action.status, percentComplete: action.percentComplete };
  };
  const thirdUpdateId = '0190a1b2-0000-7000-8000-0000000000e3';
  const reopen = { type: 'ReopenAction', data: { actionId, reason: 'Audit found gaps', commitment: activeCommitment }, metadata: { now, actor: secretariat } } as const;
  const reopenedAt = (previousStatus: 'COMPLETED' | 'CANCELLED', percentComplete: number | null): ActionEvent => ({
    type: 'ActionReopened',
    data: { actionId, status: 'ON_TRACK', previousStatus, percentComplete, reason: 'Audit found gaps', reopenedAt: now.toISOString() },
  });
  const onTrackAt40 = updated({ percentComplete: 40 });

  it('records 0 for an update that says the action has not started', () =>
    spec
      .given([planned, onTrackAt40])
      .when(at('NOT_STARTED', null, secondUpdateId))
      .then([updated({ updateId: secondUpdateId, status: 'NOT_STARTED', previousStatus: 'ON_TRACK', percentComplete: 0 })]));

  it('refuses a percentage other than 0 for an action not started', () =>
    spec.given([planned, onTrackAt40]).when(at('NOT_STARTED', 40, secondUpdateId)).thenThrows(ValidationError, expectField('percentComplete', 'notStartedIs0')));

  it('is 0 after NOT_STARTED and 100 after COMPLETED, whatever came before', () => {
    expect(state([planned, onTrackAt40, updated({ updateId: secondUpdateId, status: 'NOT_STARTED', percentComplete: null })])).toEqual({ status: 'NOT_STARTED', percentComplete: 0 });
    expect(state([planned, onTrackAt40, updated({ updateId: secondUpdateId, status: 'COMPLETED', percentComplete: null })])).toEqual({ status: 'COMPLETED', percentComplete: 100 });
  });

  it('keeps the last figure when an open update gives none', () =>
    expect(state([planned, onTrackAt40, updated({ updateId: secondUpdateId, status: 'AT_RISK', percentComplete: null })])).toEqual({ status: 'AT_RISK', percentComplete: 40 }));

  it('reopens a completed action at the figure of its last open update, never at 100', () => {
    const completedAfter40 = updated({ updateId: secondUpdateId, status: 'COMPLETED', previousStatus: 'ON_TRACK', percentComplete: 100 });
    spec.given([planned, onTrackAt40, completedAfter40]).when(reopen).then([reopenedAt('COMPLETED', 40)]);
    expect(state([planned, onTrackAt40, completedAfter40, reopenedAt('COMPLETED', 40)])).toEqual({ status: 'ON_TRACK', percentComplete: 40 });
  });

  it('reopens a cancelled action at the figure it had reached, not at a figure given when cancelling', () =>
    spec
      .given([planned, onTrackAt40, updated({ updateId: secondUpdateId, status: 'CANCELLED', percentComplete: 45 })])
      .when(reopen)
      .then([reopenedAt('CANCELLED', 40)]));

  it('reopens an action completed without any open update with no figure', () =>
    spec.given([planned, completed]).when(reopen).then([reopenedAt('COMPLETED', null)]));

  it('resets the figure of an action reopened by an older event that carried none', () => {
    const { percentComplete: _dropped, ...olderReopening } = reopenedAt('COMPLETED', 40).data as Extract<ActionEvent, { type: 'ActionReopened' }>['data'];
    const older: ActionEvent = { type: 'ActionReopened', data: olderReopening };
    expect(state([planned, onTrackAt40, completed, older])).toEqual({ status: 'ON_TRACK', percentComplete: null });
    spec.given([planned, onTrackAt40, completed, older]).when(at('AT_RISK', 50, thirdUpdateId)).then([updated({ updateId: thirdUpdateId, status: 'AT_RISK', previousStatus: 'ON_TRACK', percentComplete: 50 })]);
  });

  it('is one rule, shared by the decider and the read model', () => {
    expect(percentCompleteAfter('NOT_STARTED', null, 40)).toBe(0);
    expect(percentCompleteAfter('COMPLETED', null, 40)).toBe(100);
    expect(percentCompleteAfter('ON_TRACK', null, 40)).toBe(40);
    expect(percentCompleteAfter('OFF_TRACK', 20, 40)).toBe(20);
    expect(percentCompleteAfter('CANCELLED', null, 40)).toBe(40);
    expect(percentCompleteAfter('AT_RISK', null, null)).toBeNull();
  });
});

describe('text in updates', () => {
  it('keeps line breaks and tabs in what has happened', () =>
    spec
      .given([planned])
      .when(update({ whatHasHappened: 'Piloted on:\n\t- the Hinckley hub\r\n\t- the Braunstone centre' }))
      .then([updated({ whatHasHappened: 'Piloted on:\n\t- the Hinckley hub\r\n\t- the Braunstone centre' })]));

  it('refuses control characters in what has happened', () =>
    spec.given([planned]).when(update({ whatHasHappened: 'Piloted\u0000' })).thenThrows(ValidationError, expectField('whatHasHappened', 'noControlCharacters')));

  it('refuses a title with a line break', () =>
    spec.given([]).when(plan({ title: 'Standard HEA tool\nadopted' })).thenThrows(ValidationError, expectField('title', 'noControlCharacters')));

  it('accepts an evidence link of 2,000 characters and refuses a longer one', () => {
    const link = (length: number) => `https://example.org/${'e'.repeat(length - 'https://example.org/'.length)}`;
    spec.given([planned]).when(update({ evidenceLinks: [link(2000)] })).then([updated({ evidenceLinks: [link(2000)] })]);
    spec.given([planned]).when(update({ evidenceLinks: [link(2001)] })).thenThrows(ValidationError, expectField('evidenceLinks', 'maxLength'));
  });

  it('refuses an evidence link with a control character the URL parser would silently drop', () =>
    spec.given([planned]).when(update({ evidenceLinks: ['https://exam\tple.org/tool'] })).thenThrows(ValidationError, expectField('evidenceLinks', 'noControlCharacters')));
});

describe('an action raised at a meeting without a commitment', () => {
  // Leicester, 25 March 2021: "All Board members to take this conversation back to their organisations".
  const meetingId = '0190a1b2-0000-7000-8000-0000000000f1';
  const raisedAt = { meetingId, itemNumber: '4', actionRef: '4.1' };
  const noCommitment: CommitmentFacts = { exists: false, status: null, partnershipId: null };
  const meetingAction = (data: Partial<PlanAction['data']> = {}) =>
    plan({ commitmentId: null, commitment: noCommitment, raisedAt, meeting: { exists: true, partnershipId: llr }, ...data });
  const plannedAtMeeting: ActionPlanned = { ...planned, data: { ...planned.data, commitmentId: null, raisedAt } };

  it('is planned with the partnership of its meeting and the item it was raised at', () =>
    spec.given([]).when(meetingAction()).then([plannedAtMeeting]));

  it('carries the meeting link alongside a commitment when both are given', () =>
    spec.given([]).when(plan({ raisedAt })).then([{ ...planned, data: { ...planned.data, raisedAt } }]));

  it('refuses a missing commitment when the action was not raised at a meeting', () =>
    spec
      .given([])
      .when(meetingAction({ raisedAt: null }))
      .thenThrows(ValidationError, expectField('commitmentId', 'required')));

  it('refuses a meeting that does not exist', () =>
    spec
      .given([])
      .when(meetingAction({ meeting: { exists: false, partnershipId: null } }))
      .thenThrows(NotFoundError, (error) => expect([error.entity, error.id, error.field]).toEqual(['Meeting', meetingId, 'raisedAt.meetingId'])));

  it('refuses a meeting id that is not a UUID', () =>
    spec
      .given([])
      .when(meetingAction({ raisedAt: { ...raisedAt, meetingId: 'f1' } }))
      .thenThrows(ValidationError, expectField('raisedAt.meetingId', 'isUuid')));

  it('takes updates, reading "no commitment" as open', () =>
    spec
      .given([plannedAtMeeting])
      .when(update({ commitment: noCommitment }))
      .then([updated()]));

  it('is rescheduled by the secretariat, reading "no commitment" as open', () =>
    spec
      .given([plannedAtMeeting])
      .when({ type: 'RescheduleAction', data: { actionId, dueDate: '2021-11-30', reason: 'Next board', commitment: noCommitment }, metadata: { now, actor: secretariat } })
      .then([{ type: 'ActionRescheduled', data: { actionId, dueDate: '2021-11-30', previousDueDate: '2021-10-30', reason: 'Next board', rescheduledAt: now.toISOString() } }]));

  it("is reassigned by the secretariat to another member of its meeting's partnership", () =>
    spec
      .given([plannedAtMeeting])
      .when({ type: 'ReassignAction', data: { actionId, owningOrganisationId: hospitals, reason: 'Trust', commitment: noCommitment, partnership }, metadata: { now, actor: secretariat } })
      .then([{ type: 'ActionReassigned', data: { actionId, owningOrganisationId: hospitals, previousOwningOrganisationId: council, reason: 'Trust', reassignedAt: now.toISOString() } }]));

  it('still refuses a partner reporting on another organisation', () =>
    spec.given([plannedAtMeeting]).when(update({ commitment: noCommitment }, hospitalsPartner)).thenThrows(ForbiddenError));

  it('still refuses an update on a completed action until it is reopened', () =>
    spec
      .given([plannedAtMeeting, completed])
      .when(update({ updateId: secondUpdateId, commitment: noCommitment }))
      .thenThrows(IllegalStateError, (error) => expect(error.message).toMatch(/reopen/)));
});

describe('owners as the frameworks write them', () => {
  // LLR: "ICS" owns 3a, 8 and 9; "each Place" owns 1 and 7c; Leicester City is a place beneath the system.
  const leicesterPlace = '0190a1b2-0000-7000-8000-0000000000f1';
  const leedsSystem = '0190a1b2-0000-7000-8000-0000000000f9';
  const withPlaces: PartnershipFacts = { ...partnership, childPartnershipIds: [leicesterPlace] };
  const placeOwned: ActionPlanned = {
    ...planned,
    data: { ...planned.data, owningOrganisationId: null, owningPartnershipId: leicesterPlace, reportsTo: 'System Executive' },
  };
  const reassign = (owner: { owningOrganisationId?: string; owningPartnershipId?: string }) =>
    ({ type: 'ReassignAction', data: { actionId, ...owner, reason: 'The place leads it', commitment: activeCommitment, partnership: withPlaces }, metadata: { now, actor: secretariat } }) as const;
  const placeSecretariat: Actor = { personId: 'secretariat-place', grantId: 'grant-p', role: 'SECRETARIAT', organisationId: null };

  it('lets a place beneath the partnership own an action, reporting to a named body', () =>
    spec
      .given([])
      .when(plan({ owningOrganisationId: undefined, owningPartnershipId: leicesterPlace, reportsTo: ' System Executive ', partnership: withPlaces }))
      .then([placeOwned]));

  it('lets the partnership itself own an action ("ICS")', () =>
    spec
      .given([])
      .when(plan({ owningOrganisationId: null, owningPartnershipId: llr }))
      .then([{ ...planned, data: { ...planned.data, owningOrganisationId: null, owningPartnershipId: llr } }]));

  it('refuses a partnership that is neither this one nor directly beneath it', () =>
    spec
      .given([])
      .when(plan({ owningOrganisationId: undefined, owningPartnershipId: leedsSystem, partnership: withPlaces }))
      .thenThrows(ValidationError, expectField('owningPartnershipId', 'thisOrBeneath')));

  it('refuses both an organisation and a partnership as owner', () =>
    spec.given([]).when(plan({ owningPartnershipId: llr })).thenThrows(ValidationError, expectField('owningOrganisationId', 'exactlyOne')));

  it('refuses no owner at all', () =>
    spec.given([]).when(plan({ owningOrganisationId: undefined })).thenThrows(ValidationError, expectField('owningOrganisationId', 'exactlyOne')));

  it('refuses a blank body to report to', () =>
    spec.given([]).when(plan({ reportsTo: '  ' })).thenThrows(ValidationError, expectField('reportsTo', 'notEmpty')));

  it('refuses a partner reporting on a partnership’s action, naming the secretariats who report', () =>
    spec
      .given([placeOwned])
      .when(update({}, councilPartner))
      .thenThrows(ForbiddenError, (error) =>
        expect(error.required).toEqual([
          { role: 'SECRETARIAT', partnershipId: llr },
          { role: 'SECRETARIAT', partnershipId: leicesterPlace },
        ]),
      ));

  it('lets a secretariat report on a partnership’s action', () =>
    spec.given([placeOwned]).when(update({}, placeSecretariat)).then([updated()]));

  it('moves an action from an organisation to a place, recording both owners', () =>
    spec
      .given([planned])
      .when(reassign({ owningPartnershipId: leicesterPlace }))
      .then([
        {
          type: 'ActionReassigned',
          data: {
            actionId,
            owningOrganisationId: null,
            previousOwningOrganisationId: council,
            owningPartnershipId: leicesterPlace,
            previousOwningPartnershipId: null,
            reason: 'The place leads it',
            reassignedAt: now.toISOString(),
          },
        },
      ]));

  it('moves a place’s action back to an organisation, whose partner then reports on it', () =>
    spec
      .given([placeOwned, { type: 'ActionReassigned', data: { actionId, owningOrganisationId: council, previousOwningOrganisationId: null, owningPartnershipId: null, previousOwningPartnershipId: leicesterPlace, reason: 'Council leads', reassignedAt: now.toISOString() } }])
      .when(update({}, councilPartner))
      .then([updated()]));

  it('refuses reassigning to the place that already owns it', () =>
    spec.given([placeOwned]).when(reassign({ owningPartnershipId: leicesterPlace })).thenThrows(ValidationError, expectField('owningPartnershipId', 'changed')));

  it('refuses reassigning to a partnership of another system', () =>
    spec.given([planned]).when(reassign({ owningPartnershipId: leedsSystem })).thenThrows(ValidationError, expectField('owningPartnershipId', 'thisOrBeneath')));
});

describe('business dates of actions and updates', () => {
  // Loading the LLR framework in November 2026: agreed in March 2021, reported in September 2021.
  const loadingDay = new Date('2026-11-24T16:00:00.000Z');
  const madeInMarch: CommitmentFacts = { ...activeCommitment, madeOn: '2021-03-25' };
  const plannedInMarch: ActionPlanned = { ...planned, data: { ...planned.data, plannedAt: loadingDay.toISOString(), plannedOn: '2021-03-25' } };
  const reportOn = (reportedOn: string | null | undefined): SubmitActionUpdate => ({ ...update({ reportedOn }), metadata: { now: loadingDay, actor: councilPartner } });

  it('plans an action on the business date the board agreed it, keeping the day it was recorded', () =>
    spec.given([]).when(plan({ plannedOn: '2021-03-25', commitment: madeInMarch }, loadingDay)).then([plannedInMarch]));

  it('plans on the partnership’s today when no date is given', () =>
    spec
      .given([])
      .when(plan({ commitment: madeInMarch }, loadingDay))
      .then([{ ...plannedInMarch, data: { ...plannedInMarch.data, plannedOn: '2026-11-24' } }]));

  it('refuses an action planned before its commitment was made', () =>
    spec.given([]).when(plan({ plannedOn: '2021-03-24', commitment: madeInMarch }, loadingDay)).thenThrows(ValidationError, (error) => {
      expectField('plannedOn', 'notBeforeCommitment')(error);
      expect(error.message).toContain('2021-03-25');
    }));

  it('refuses an action planned tomorrow', () =>
    spec.given([]).when(plan({ plannedOn: '2026-11-25', commitment: madeInMarch }, loadingDay)).thenThrows(ValidationError, expectField('plannedOn', 'notInFuture')));

  it('refuses a planned date that is not a calendar date', () =>
    spec.given([]).when(plan({ plannedOn: '2021-02-30' }, loadingDay)).thenThrows(ValidationError, expectField('plannedOn', 'isDate')));

  it('records an update as of the business date it reports', () =>
    spec
      .given([plannedInMarch])
      .when(reportOn('2021-09-16'))
      .then([updated({ submittedAt: loadingDay.toISOString(), reportedOn: '2021-09-16' })]));

  it('reports as of the partnership’s today when no date is given', () =>
    spec.given([plannedInMarch]).when(reportOn(null)).then([updated({ submittedAt: loadingDay.toISOString(), reportedOn: '2026-11-24' })]));

  it('refuses an update dated before its action was planned', () =>
    spec.given([plannedInMarch]).when(reportOn('2021-03-24')).thenThrows(ValidationError, (error) => {
      expectField('reportedOn', 'notBeforePlanned')(error);
      expect(error.message).toContain('2021-03-25');
    }));

  it('refuses an update dated tomorrow in the partnership’s time zone', () =>
    spec.given([plannedInMarch]).when(reportOn('2026-11-25')).thenThrows(ValidationError, expectField('reportedOn', 'notInFuture')));

  it('refuses a date outside the ledger’s window', () =>
    spec.given([plannedInMarch]).when(reportOn('9999-01-01')).thenThrows(ValidationError, expectField('reportedOn', 'dateRange')));

  describe('an older action without a planned date', () => {
    // 00:30 on 1 July in London (BST) is still 30 June in UTC.
    const { plannedOn: _absent, ...older } = { ...planned.data, plannedAt: '2026-06-30T23:30:00.000Z' };

    it("reads as planned on the partnership's date of plannedAt: 1 July in London", () =>
      spec.given([{ type: 'ActionPlanned', data: older }]).when(reportOn('2026-06-30')).thenThrows(ValidationError, expectField('reportedOn', 'notBeforePlanned')));

    it('reads as planned on 30 June for a partnership keeping UTC', () =>
      spec
        .given([{ type: 'ActionPlanned', data: older }])
        .when({ ...reportOn('2026-06-30'), data: { ...reportOn('2026-06-30').data, partnership: { ...partnership, timeZone: 'UTC' } } })
        .then([updated({ submittedAt: loadingDay.toISOString(), reportedOn: '2026-06-30' })]));
  });
});
