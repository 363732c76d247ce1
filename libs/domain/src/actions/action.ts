import type { CommandMetadata, Decider } from '../shared/decider.js';
import { calendarDateIn, requireBusinessDate, requireCalendarDate } from '../shared/dates.js';
import { ForbiddenError, IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { GrowOnlySet } from '../shared/grow-only-set.js';
import { optionalText, requireHttpUrl, requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import { CLOSED_COMMITMENT_STATUSES } from '../commitments/commitment.js';
import {
  ACTION_STATUSES,
  CLOSED_ACTION_STATUSES,
  percentCompleteAfter,
  type ActionCommand,
  type ActionEvent,
  type ActionStatus,
  type CommitmentFacts,
  type PlanAction,
} from './action.events.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { RaisedAtMeeting } from '../meetings/meeting.events.js';
import { actionStreamId } from './action.events.js';
import { publishesAutomatically, requirePublicPages } from '../publication/publication.js';

const REASON_MAX_LENGTH = 1000;
const EVIDENCE_LINKS_MAX_ITEMS = 20;

export type Action =
  | { status: 'NotPlanned' }
  | {
      status: ActionStatus;
      actionId: string;
      /** Null for an action raised at a meeting without a commitment. */
      commitmentId: string | null;
      partnershipId: string;
      /** Exactly one of these two owns it: an organisation, or a partnership ("ICS", a place). */
      owningOrganisationId: string | null;
      owningPartnershipId: string | null;
      title: string;
      /** YYYY-MM-DD */
      dueDate: string;
      plannedAt: string;
      /** The business date it was agreed: updates report as of it or later. Null in older events (see plannedOnOf). */
      plannedOn: string | null;
      percentComplete: number | null;
      /** The figure of the last update with an open status: a reopened action resumes from it. */
      openPercentComplete: number | null;
      /**
       * Every update id used on this action, so a retried submission is refused rather than recorded
       * twice. Grows by one per update without copying: an action may hold thousands.
       */
      updateIds: GrowOnlySet<string>;
      /** The updates published to the partnership's public pages: each once. */
      publishedUpdateIds: GrowOnlySet<string>;
    };

type PlannedAction = Exclude<Action, { status: 'NotPlanned' }>;

function requirePlanned(state: Action, actionId: string): PlannedAction {
  if (state.status === 'NotPlanned') throw new NotFoundError('Action', actionId, 'actionId');
  return state;
}

/**
 * A partner organisation says what it has done on its own actions, and nothing more: rescheduling,
 * reassigning, reopening and cancelling are the board's (secretariat's) decisions. The API checks
 * grants before a command runs; this checks them again against the action as it is appended to, so
 * a reassignment that lands in between cannot let the old owner report.
 */
/** Called again with the status once it is known, for the one status a partner may not report. */
function authorize(type: ActionCommand['type'], metadata: CommandMetadata, action: PlannedAction, status?: ActionStatus) {
  const actor = metadata.actor;
  if (actor?.role !== 'PARTNER') return;
  const secretariat = { role: 'SECRETARIAT', partnershipId: action.partnershipId };
  if (type !== 'SubmitActionUpdate') {
    throw new ForbiddenError('A partner may only submit updates on actions; the board reschedules, reassigns and reopens them', [secretariat]);
  }
  if (action.owningPartnershipId !== null) {
    // A partnership's actions are reported by its secretariat (a place's for the place), never by a partner.
    const owner = { role: 'SECRETARIAT', partnershipId: action.owningPartnershipId };
    throw new ForbiddenError("A partnership's actions are reported by its secretariat, not by a partner", action.owningPartnershipId === action.partnershipId ? [secretariat] : [secretariat, owner]);
  }
  if (actor.organisationId !== action.owningOrganisationId) {
    throw new ForbiddenError("A partner may report only on its own organisation's actions", [
      secretariat,
      { role: 'PARTNER', organisationId: action.owningOrganisationId! },
    ]);
  }
  if (status === 'CANCELLED') {
    throw new ForbiddenError('Only the board secretariat may set an action to CANCELLED; a partner may report any other status', [secretariat]);
  }
}

/**
 * The commitment (or, for an action raised at a meeting without one, the meeting) the action is
 * planned under, and the partnership that gives it.
 */
function requirePlannedUnder(data: PlanAction['data']): { commitmentId: string | null; partnershipId: string; raisedAt: RaisedAtMeeting | null } {
  const raisedAt = data.raisedAt
    ? {
        meetingId: requireUuid('raisedAt.meetingId', data.raisedAt.meetingId),
        itemNumber: requireName('raisedAt.itemNumber', data.raisedAt.itemNumber),
        actionRef: requireName('raisedAt.actionRef', data.raisedAt.actionRef),
      }
    : null;
  if (data.commitmentId === null) {
    if (!raisedAt) throw new ValidationError('commitmentId', 'required', 'commitmentId is required unless the action is raised at a meeting (raisedAt)');
    if (!data.meeting?.exists || !data.meeting.partnershipId) throw new NotFoundError('Meeting', raisedAt.meetingId, 'raisedAt.meetingId');
    return { commitmentId: null, partnershipId: data.meeting.partnershipId, raisedAt };
  }
  const commitmentId = requireUuid('commitmentId', data.commitmentId);
  const { commitment } = data;
  if (!commitment.exists || !commitment.partnershipId) throw new NotFoundError('Commitment', commitmentId, 'commitmentId');
  if (commitment.status === 'PROPOSED') {
    throw new IllegalStateError('Commitment is PROPOSED: the board must endorse it before actions are planned');
  }
  if (commitment.status !== 'ACTIVE') {
    throw new IllegalStateError(`Commitment is ${commitment.status}: closed commitments take no new actions`);
  }
  return { commitmentId, partnershipId: commitment.partnershipId, raisedAt };
}

type Owner = { owningOrganisationId: string | null; owningPartnershipId: string | null };

/**
 * Who owns an action, as the frameworks write it: a member organisation, the partnership itself
 * ("ICS"), or a partnership directly beneath it ("each Place"). Exactly one is named.
 */
function requireOwner(data: { owningOrganisationId?: string | null; owningPartnershipId?: string | null }, partnershipId: string, partnership: PartnershipFacts): Owner {
  const { owningOrganisationId, owningPartnershipId } = data;
  if (Boolean(owningOrganisationId) === Boolean(owningPartnershipId)) {
    throw new ValidationError('owningOrganisationId', 'exactlyOne', 'Name exactly one owner: an owningOrganisationId or an owningPartnershipId');
  }
  if (owningOrganisationId) {
    const organisationId = requireUuid('owningOrganisationId', owningOrganisationId);
    if (!partnership.organisationIds.includes(organisationId)) {
      throw new ValidationError('owningOrganisationId', 'partnershipMember', `Organisation ${organisationId} is not a member of the partnership`);
    }
    return { owningOrganisationId: organisationId, owningPartnershipId: null };
  }
  const ownerId = requireUuid('owningPartnershipId', owningPartnershipId!);
  if (ownerId !== partnershipId && !(partnership.childPartnershipIds ?? []).includes(ownerId)) {
    throw new ValidationError(
      'owningPartnershipId',
      'thisOrBeneath',
      `Partnership ${ownerId} is neither this partnership nor one directly beneath it, so it cannot own its actions`,
    );
  }
  return { owningOrganisationId: null, owningPartnershipId: ownerId };
}

/**
 * The business date the action was agreed: the partnership's today unless the board says when, never
 * a day still to come, and not before the commitment it serves was made.
 */
function requirePlannedOn(data: PlanAction['data'], now: string): string {
  const plannedOn = requireBusinessDate('plannedOn', data.plannedOn, calendarDateIn(data.partnership.timeZone, now));
  const madeOn = data.commitmentId === null ? null : data.commitment.madeOn;
  if (madeOn && plannedOn < madeOn) {
    throw new ValidationError('plannedOn', 'notBeforeCommitment', `plannedOn may not precede ${madeOn}, when the commitment was made`);
  }
  return plannedOn;
}

/** The business date an action was agreed; an older event without one reads as the partnership's date of plannedAt. */
export function plannedOnOf(action: Readonly<{ plannedOn: string | null; plannedAt: string }>, timeZone: string): string {
  return action.plannedOn ?? calendarDateIn(timeZone, action.plannedAt);
}

/** A closed commitment is part of the record: its actions take no more updates, dates, owners or reopenings. */
function requireCommitmentOpen(commitment: CommitmentFacts) {
  if (commitment.status && CLOSED_COMMITMENT_STATUSES.includes(commitment.status)) {
    throw new IllegalStateError(`The action's commitment is ${commitment.status}: its actions are closed to changes`);
  }
}

function requireOpen(action: PlannedAction, hint = '') {
  if (CLOSED_ACTION_STATUSES.includes(action.status)) {
    throw new IllegalStateError(`Action is ${action.status}${hint}`);
  }
}

/** The figure reported, checked against the status; NOT_STARTED and COMPLETED say theirs (0, 100) even when the update does not. */
function requirePercentComplete(status: ActionStatus, value: number | null | undefined): number | null {
  if (value === null || value === undefined) return percentCompleteAfter(status, null, null);
  if (!Number.isInteger(value) || value < 0 || value > 100) {
    throw new ValidationError('percentComplete', 'range', 'percentComplete must be a whole number from 0 to 100');
  }
  if (status === 'COMPLETED' && value !== 100) {
    throw new ValidationError('percentComplete', 'completeIs100', 'A completed action is 100 percent complete');
  }
  if (status === 'NOT_STARTED' && value !== 0) {
    throw new ValidationError('percentComplete', 'notStartedIs0', 'An action not started is 0 percent complete');
  }
  return value;
}

function requireEvidenceLinks(links: readonly string[]): string[] {
  if (links.length > EVIDENCE_LINKS_MAX_ITEMS) {
    throw new ValidationError('evidenceLinks', 'maxItems', `At most ${EVIDENCE_LINKS_MAX_ITEMS} evidence links per update`);
  }
  return links.map((link) => requireHttpUrl('evidenceLinks', link));
}

export const actionDecider: Decider<ActionCommand, ActionEvent, Action> = {
  initialState: () => ({ status: 'NotPlanned' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'PlanAction': {
        const { data } = command;
        if (state.status !== 'NotPlanned') throw new IllegalStateError(`Action ${data.actionId} is already planned`);
        const actionId = requireUuid('actionId', data.actionId);
        const { commitmentId, partnershipId, raisedAt } = requirePlannedUnder(data);
        const { partnership } = data;
        const { owningOrganisationId, owningPartnershipId } = requireOwner(data, partnershipId, partnership);
        const reportsTo = data.reportsTo ? requireName('reportsTo', data.reportsTo) : null;
        const title = requireName('title', data.title);
        // Past due dates are allowed: boards back-fill actions agreed before the ledger existed (e.g. 2021 framework actions).
        const dueDate = requireCalendarDate('dueDate', data.dueDate);
        const leadMemberId = data.leadMemberId ? requireUuid('leadMemberId', data.leadMemberId) : null;
        if (leadMemberId && !partnership.memberIds.includes(leadMemberId)) {
          throw new ValidationError('leadMemberId', 'boardMember', `Member ${leadMemberId} does not sit on the partnership's board`);
        }
        const planId = data.planId ? requireUuid('planId', data.planId) : null;
        const plannedOn = requirePlannedOn(data, now);
        return [
          {
            type: 'ActionPlanned',
            data: {
              actionId,
              commitmentId,
              partnershipId,
              owningOrganisationId,
              title,
              dueDate,
              leadMemberId,
              planId,
              // Written only when there is one, so actions planned as before keep their event shape.
              ...(raisedAt ? { raisedAt } : {}),
              ...(owningPartnershipId ? { owningPartnershipId } : {}),
              ...(reportsTo ? { reportsTo } : {}),
              plannedAt: now,
              plannedOn,
            },
          },
        ];
      }
      case 'RescheduleAction': {
        const { data } = command;
        const action = requirePlanned(state, data.actionId);
        authorize(type, command.metadata, action);
        requireCommitmentOpen(data.commitment);
        requireOpen(action);
        const dueDate = requireCalendarDate('dueDate', data.dueDate);
        if (dueDate === action.dueDate) throw new ValidationError('dueDate', 'changed', `The action is already due on ${dueDate}`);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [
          { type: 'ActionRescheduled', data: { actionId: action.actionId, dueDate, previousDueDate: action.dueDate, reason, rescheduledAt: now } },
        ];
      }
      case 'ReassignAction': {
        const { data } = command;
        const action = requirePlanned(state, data.actionId);
        authorize(type, command.metadata, action);
        requireCommitmentOpen(data.commitment);
        requireOpen(action);
        const owner = requireOwner(data, action.partnershipId, data.partnership);
        if (owner.owningOrganisationId === action.owningOrganisationId && owner.owningPartnershipId === action.owningPartnershipId) {
          const field = owner.owningPartnershipId ? 'owningPartnershipId' : 'owningOrganisationId';
          throw new ValidationError(field, 'changed', 'The action is already owned by this owner');
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        const partnershipOwned = owner.owningPartnershipId !== null || action.owningPartnershipId !== null;
        return [
          {
            type: 'ActionReassigned',
            data: {
              actionId: action.actionId,
              owningOrganisationId: owner.owningOrganisationId,
              previousOwningOrganisationId: action.owningOrganisationId,
              // Written only when a partnership is involved, so reassignments between organisations keep their event shape.
              ...(partnershipOwned ? { owningPartnershipId: owner.owningPartnershipId, previousOwningPartnershipId: action.owningPartnershipId } : {}),
              reason,
              reassignedAt: now,
            },
          },
        ];
      }
      case 'SubmitActionUpdate': {
        const { data } = command;
        const action = requirePlanned(state, data.actionId);
        authorize(type, command.metadata, action);
        const updateId = requireUuid('updateId', data.updateId);
        // Checked before "closed" so a retried final update is reported as the duplicate it is.
        if (action.updateIds.has(updateId)) throw new IllegalStateError(`Update ${updateId} is already recorded on this action`);
        const status = requireOneOf('status', data.status, ACTION_STATUSES);
        authorize(type, command.metadata, action, status);
        requireCommitmentOpen(data.commitment);
        requireOpen(action, '; reopen it with a reason first');
        const reportedOn = requireBusinessDate('reportedOn', data.reportedOn, calendarDateIn(data.partnership.timeZone, now));
        const plannedOn = plannedOnOf(action, data.partnership.timeZone);
        if (reportedOn < plannedOn) {
          throw new ValidationError('reportedOn', 'notBeforePlanned', `reportedOn may not precede ${plannedOn}, when the action was planned`);
        }
        // With publishUpdatesAutomatically the update is public as it is recorded, in the same append.
        const published: ActionEvent[] = publishesAutomatically(data.partnership, 'publishUpdatesAutomatically')
          ? [{ type: 'ActionUpdatePublished', data: { actionId: action.actionId, updateId, automatically: true, publishedAt: now } }]
          : [];
        return [
          {
            type: 'ActionUpdateSubmitted',
            data: {
              actionId: action.actionId,
              updateId,
              status,
              previousStatus: action.status,
              percentComplete: requirePercentComplete(status, data.percentComplete),
              // "Publicly say what has happened and what more is to be done" (Leeds HWB).
              whatHasHappened: requireLongText('whatHasHappened', data.whatHasHappened),
              whatMoreIsToBeDone: optionalText('whatMoreIsToBeDone', data.whatMoreIsToBeDone),
              evidenceLinks: requireEvidenceLinks(data.evidenceLinks ?? []),
              submittedAt: now,
              reportedOn,
            },
          },
          ...published,
        ];
      }
      case 'ReopenAction': {
        const { data } = command;
        const action = requirePlanned(state, data.actionId);
        authorize(type, command.metadata, action);
        requireCommitmentOpen(data.commitment);
        if (!CLOSED_ACTION_STATUSES.includes(action.status)) {
          throw new IllegalStateError(`Action is ${action.status}, only a completed or cancelled action can be reopened`);
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [
          {
            type: 'ActionReopened',
            data: {
              actionId: action.actionId,
              status: 'ON_TRACK',
              previousStatus: action.status,
              percentComplete: action.openPercentComplete,
              reason,
              reopenedAt: now,
            },
          },
        ];
      }
      case 'PublishActionUpdate': {
        const { data } = command;
        const action = requirePlanned(state, data.actionId);
        authorize(type, command.metadata, action);
        const updateId = requireUuid('updateId', data.updateId);
        if (!action.updateIds.has(updateId)) throw new NotFoundError('Update', updateId, 'updateId');
        requirePublicPages(data.partnership, 'an update');
        // Once: a second publication would say nothing new, so it is refused rather than recorded again.
        if (action.publishedUpdateIds.has(updateId)) throw new IllegalStateError(`Update ${updateId} is already published`);
        return [{ type: 'ActionUpdatePublished', data: { actionId: action.actionId, updateId, automatically: false, publishedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'ActionPlanned': {
        const { data } = event;
        return {
          status: 'NOT_STARTED',
          actionId: data.actionId,
          commitmentId: data.commitmentId,
          partnershipId: data.partnershipId,
          owningOrganisationId: data.owningOrganisationId,
          owningPartnershipId: data.owningPartnershipId ?? null,
          title: data.title,
          dueDate: data.dueDate,
          plannedAt: data.plannedAt,
          plannedOn: data.plannedOn ?? null,
          percentComplete: null,
          openPercentComplete: null,
          updateIds: GrowOnlySet.empty(),
          publishedUpdateIds: GrowOnlySet.empty(),
        };
      }
      case 'ActionRescheduled':
        if (state.status === 'NotPlanned') return state;
        return { ...state, dueDate: event.data.dueDate };
      case 'ActionReassigned':
        if (state.status === 'NotPlanned') return state;
        return { ...state, owningOrganisationId: event.data.owningOrganisationId, owningPartnershipId: event.data.owningPartnershipId ?? null };
      case 'ActionUpdateSubmitted': {
        if (state.status === 'NotPlanned') return state;
        const { status, updateId } = event.data;
        const percentComplete = percentCompleteAfter(status, event.data.percentComplete, state.percentComplete);
        const openPercentComplete = CLOSED_ACTION_STATUSES.includes(status) ? state.openPercentComplete : percentComplete;
        return { ...state, status, percentComplete, openPercentComplete, updateIds: state.updateIds.with(updateId) };
      }
      case 'ActionUpdatePublished':
        if (state.status === 'NotPlanned') return state;
        return { ...state, publishedUpdateIds: state.publishedUpdateIds.with(event.data.updateId) };
      case 'ActionReopened': {
        if (state.status === 'NotPlanned') return state;
        const percentComplete = event.data.percentComplete ?? null;
        return { ...state, status: event.data.status, percentComplete, openPercentComplete: percentComplete };
      }
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const actionStream = { decider: actionDecider, streamId: actionStreamId } as const;
