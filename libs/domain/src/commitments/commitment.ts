import type { Decider } from '../shared/decider.js';
import { calendarDateIn, DEFAULT_TIME_ZONE, requireBusinessDate, requireCalendarDate, requireNotAfterToday } from '../shared/dates.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { optionalName, requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import { CLOSED_ACTION_STATUSES, type CommitmentFacts } from '../actions/action.events.js';
import {
  COMMITMENT_OUTCOMES,
  FINAL_ACTION_STATUSES,
  type ClosedAction,
  type CloseCommitment,
  type CommitmentActionFacts,
  type CommitmentCommand,
  type CommitmentEvent,
  type CommitmentStatus,
  type CommitmentTerms,
  type PartnershipFacts,
} from './commitment.events.js';
import { commitmentStreamId } from './commitment.events.js';
import { requirePublicPages } from '../publication/publication.js';

const REASON_MAX_LENGTH = 1000;
const SOURCE_REFERENCE_MAX_LENGTH = 200;

/** Once achieved, missed or withdrawn, a commitment's terms are part of the record and no longer change. */
export const CLOSED_COMMITMENT_STATUSES: readonly CommitmentStatus[] = ['ACHIEVED', 'MISSED', 'WITHDRAWN'];

export type Commitment =
  | { status: 'NotMade' }
  | {
      status: CommitmentStatus;
      commitmentId: string;
      partnershipId: string;
      owningOrganisationId: string;
      title: string;
      description: string;
      targetDate: string | null;
      /** The calendar date the commitment entered the ledger: target dates are measured against it. */
      madeOn: string;
      /** When the secretariat published it to the partnership's public pages; null: not public. */
      publishedAt: string | null;
    };

type MadeCommitment = Exclude<Commitment, { status: 'NotMade' }>;

/** What actions and indicators need to know about a commitment; a handler builds it from the loaded state. */
export function commitmentFacts(state: Commitment): CommitmentFacts {
  if (state.status === 'NotMade') return { exists: false, status: null, partnershipId: null };
  return { exists: true, status: state.status, partnershipId: state.partnershipId, madeOn: state.madeOn };
}

function requireMade(state: Commitment, commitmentId: string): MadeCommitment {
  if (state.status === 'NotMade') throw new NotFoundError('Commitment', commitmentId, 'commitmentId');
  return state;
}

function requirePartnershipMember(field: string, organisationId: string, partnership: PartnershipFacts): string {
  const id = requireUuid(field, organisationId);
  if (!partnership.organisationIds.includes(id)) {
    throw new ValidationError(field, 'partnershipMember', `Organisation ${id} is not a member of the partnership`);
  }
  return id;
}

/** A target date set on or after the day the commitment was made: a pledge cannot be due before it existed. */
function requireTargetDate(value: string, madeOn: string): string {
  const targetDate = requireCalendarDate('targetDate', value);
  if (targetDate < madeOn) {
    throw new ValidationError('targetDate', 'notBeforeCreation', `targetDate may not precede ${madeOn}, when the commitment was made`);
  }
  return targetDate;
}

const ACTIONS_LISTED_IN_A_MESSAGE = 20;

const describeActions = (actions: readonly CommitmentActionFacts[]) =>
  actions
    .slice(0, ACTIONS_LISTED_IN_A_MESSAGE)
    .map(({ actionId, title, status }) => `${actionId} "${title}" (${status})`)
    .join('; ') + (actions.length > ACTIONS_LISTED_IN_A_MESSAGE ? `; and ${actions.length - ACTIONS_LISTED_IN_A_MESSAGE} more` : '');

/**
 * "Achieved" says the work is done, so the board says what became of each action still open: it was
 * COMPLETED, or it is CANCELLED. The list names exactly the open actions, each once. Missed and
 * withdrawn commitments leave their actions' statuses as they were (closed to updates all the same).
 */
function finalStatusesOfOpenActions(
  outcome: string,
  actions: readonly CommitmentActionFacts[],
  given: CloseCommitment['data']['openActions'],
): ClosedAction[] {
  const listed = given ?? [];
  if (outcome !== 'ACHIEVED') {
    if (listed.length > 0) {
      throw new ValidationError('openActions', 'onlyWhenAchieved', `openActions applies only when closing as ACHIEVED; a ${outcome} commitment keeps its actions' statuses`);
    }
    return [];
  }
  const open = actions.filter((action) => !CLOSED_ACTION_STATUSES.includes(action.status));
  if (open.length > 0 && !given) {
    throw new ValidationError(
      'openActions',
      'required',
      `Closing as ACHIEVED with actions still open needs openActions, saying for each whether it was COMPLETED or CANCELLED. Open actions: ${describeActions(open)}`,
    );
  }
  const closed: ClosedAction[] = [];
  listed.forEach((item, index) => {
    const actionId = requireUuid(`openActions.${index}.actionId`, item?.actionId);
    if (!open.some((action) => action.actionId === actionId)) {
      throw new ValidationError(`openActions.${index}.actionId`, 'openAction', `Action ${actionId} is not an open action of this commitment`);
    }
    if (closed.some((action) => action.actionId === actionId)) {
      throw new ValidationError(`openActions.${index}.actionId`, 'distinct', `Action ${actionId} is listed twice in openActions`);
    }
    closed.push({ actionId, finalStatus: requireOneOf(`openActions.${index}.finalStatus`, item.finalStatus, FINAL_ACTION_STATUSES) });
  });
  const missing = open.filter((action) => !closed.some(({ actionId }) => actionId === action.actionId));
  if (missing.length > 0) {
    throw new ValidationError('openActions', 'everyOpenAction', `openActions must name every open action; missing: ${describeActions(missing)}`);
  }
  return closed;
}

/** Only the terms that really change go into the event, each with the value it replaces. */
function termsThatChange(state: MadeCommitment, requested: CommitmentTerms, partnership: PartnershipFacts) {
  const changes: CommitmentTerms = {};
  const previous: CommitmentTerms = {};
  if (requested.title !== undefined) {
    const title = requireName('title', requested.title);
    if (title !== state.title) [changes.title, previous.title] = [title, state.title];
  }
  if (requested.description !== undefined) {
    const description = requireLongText('description', requested.description);
    if (description !== state.description) [changes.description, previous.description] = [description, state.description];
  }
  if (requested.targetDate !== undefined) {
    // null clears the target date.
    const targetDate = requested.targetDate === null ? null : requireTargetDate(requested.targetDate, state.madeOn);
    if (targetDate !== state.targetDate) [changes.targetDate, previous.targetDate] = [targetDate, state.targetDate];
  }
  if (requested.owningOrganisationId !== undefined) {
    const owner = requirePartnershipMember('owningOrganisationId', requested.owningOrganisationId, partnership);
    if (owner !== state.owningOrganisationId) {
      [changes.owningOrganisationId, previous.owningOrganisationId] = [owner, state.owningOrganisationId];
    }
  }
  return { changes, previous };
}

export const commitmentDecider: Decider<CommitmentCommand, CommitmentEvent, Commitment> = {
  initialState: () => ({ status: 'NotMade' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'MakeCommitment': {
        const { data } = command;
        if (state.status !== 'NotMade') throw new IllegalStateError(`Commitment ${data.commitmentId} is already made`);
        const commitmentId = requireUuid('commitmentId', data.commitmentId);
        const partnershipId = requireUuid('partnershipId', data.partnershipId);
        if (!data.partnership.formed) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
        const title = requireName('title', data.title);
        const description = requireLongText('description', data.description);
        const owningOrganisationId = requirePartnershipMember('owningOrganisationId', data.owningOrganisationId, data.partnership);

        // Contributors share the work but not the accountability: each is a partner, listed once, and never the owner.
        const contributingOrganisationIds: string[] = [];
        for (const id of data.contributingOrganisationIds ?? []) {
          const contributor = requirePartnershipMember('contributingOrganisationIds', id, data.partnership);
          if (contributor === owningOrganisationId || contributingOrganisationIds.includes(contributor)) {
            throw new ValidationError(
              'contributingOrganisationIds',
              'distinct',
              `Organisation ${contributor} is listed twice: contributors are listed once and never include the owner`,
            );
          }
          contributingOrganisationIds.push(contributor);
        }

        // Linking to the same priority twice says nothing more, so duplicates are dropped rather than refused.
        const priorityIds: string[] = [];
        for (const id of data.priorityIds ?? []) {
          const priorityId = requireUuid('priorityIds', id);
          if (!data.partnership.activePriorityIds.includes(priorityId)) {
            throw new ValidationError('priorityIds', 'activePriority', `Priority ${priorityId} is not an active priority of the partnership`);
          }
          if (!priorityIds.includes(priorityId)) priorityIds.push(priorityId);
        }

        // Made "today" where the partnership is unless the board says when (a framework agreed years ago);
        // never a day still to come, so a target set for the day it was made is never already past.
        const madeOn = requireBusinessDate('madeOn', data.madeOn, calendarDateIn(data.partnership.timeZone, now));
        const targetDate = data.targetDate === null || data.targetDate === undefined ? null : requireTargetDate(data.targetDate, madeOn);
        return [
          {
            type: 'CommitmentMade',
            data: {
              commitmentId,
              partnershipId,
              owningOrganisationId,
              contributingOrganisationIds,
              title,
              description,
              priorityIds,
              targetDate,
              sourceReference: optionalName('sourceReference', data.sourceReference, SOURCE_REFERENCE_MAX_LENGTH),
              madeAt: now,
              madeOn,
            },
          },
        ];
      }
      case 'EndorseCommitment': {
        const { data } = command;
        const commitment = requireMade(state, data.commitmentId);
        if (commitment.status !== 'PROPOSED') {
          throw new IllegalStateError(`Commitment is ${commitment.status}, only a proposed commitment can be endorsed`);
        }
        // The date the board endorsed it, often a meeting already held; it cannot be one still to come.
        const endorsedOn = requireNotAfterToday(
          'endorsedOn',
          requireCalendarDate('endorsedOn', data.endorsedOn),
          calendarDateIn(data.partnership.timeZone, now),
        );
        const meetingId = data.meetingId ? requireUuid('meetingId', data.meetingId) : null;
        return [{ type: 'CommitmentEndorsed', data: { commitmentId: commitment.commitmentId, endorsedOn, meetingId, endorsedAt: now } }];
      }
      case 'AmendCommitment': {
        const { data } = command;
        const commitment = requireMade(state, data.commitmentId);
        if (CLOSED_COMMITMENT_STATUSES.includes(commitment.status)) {
          throw new IllegalStateError(`Commitment is ${commitment.status}, a closed commitment cannot be amended`);
        }
        const { changes, previous } = termsThatChange(commitment, data.changes ?? {}, data.partnership);
        if (Object.keys(changes).length === 0) {
          throw new ValidationError('changes', 'changesSomething', 'An amendment must change at least one term of the commitment');
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'CommitmentAmended', data: { commitmentId: commitment.commitmentId, changes, previous, reason, amendedAt: now } }];
      }
      case 'CloseCommitment': {
        const { data } = command;
        const commitment = requireMade(state, data.commitmentId);
        const outcome = requireOneOf('outcome', data.outcome, COMMITMENT_OUTCOMES);
        // Only an endorsed commitment can be judged achieved or missed; one not yet endorsed can only be withdrawn.
        const allowedFrom: readonly CommitmentStatus[] = outcome === 'WITHDRAWN' ? ['PROPOSED', 'ACTIVE'] : ['ACTIVE'];
        if (!allowedFrom.includes(commitment.status)) {
          throw new IllegalStateError(`Commitment is ${commitment.status}, it cannot be closed as ${outcome}`);
        }
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        const closedActions = finalStatusesOfOpenActions(outcome, data.actions, data.openActions);
        return [{ type: 'CommitmentClosed', data: { commitmentId: commitment.commitmentId, outcome, reason, closedActions, closedAt: now } }];
      }
      case 'RecordActionPlan': {
        const { data } = command;
        const commitment = requireMade(state, data.commitmentId);
        if (commitment.status !== 'ACTIVE') throw new IllegalStateError(`Commitment is ${commitment.status}: only an active commitment takes new actions`);
        if (data.actions.length === 0) throw new ValidationError('everyMemberOrganisation', 'hasMembers', 'The partnership has no member organisations yet');
        if (data.actions.some((action) => action.commitmentId !== commitment.commitmentId)) {
          throw new ValidationError('commitmentId', 'sameCommitment', 'Every planned action must belong to this commitment');
        }
        return [{ type: 'ActionsPlanned', data: { commitmentId: commitment.commitmentId, planId: data.planId, actions: data.actions } }];
      }
      case 'PublishCommitment': {
        const { data } = command;
        const commitment = requireMade(state, data.commitmentId);
        requirePublicPages(data.partnership, 'a commitment');
        // Publishing is a step taken once: a second one would say nothing new, so it is refused, naming when.
        if (commitment.publishedAt) throw new IllegalStateError(`Commitment is already published, since ${commitment.publishedAt}`);
        return [{ type: 'CommitmentPublished', data: { commitmentId: commitment.commitmentId, partnershipId: commitment.partnershipId, publishedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'CommitmentMade': {
        const { data } = event;
        return {
          status: 'PROPOSED',
          commitmentId: data.commitmentId,
          partnershipId: data.partnershipId,
          owningOrganisationId: data.owningOrganisationId,
          title: data.title,
          description: data.description,
          targetDate: data.targetDate,
          madeOn: data.madeOn ?? calendarDateIn(DEFAULT_TIME_ZONE, data.madeAt),
          publishedAt: null,
        };
      }
      case 'CommitmentEndorsed':
        if (state.status === 'NotMade') return state;
        return { ...state, status: 'ACTIVE' };
      case 'CommitmentAmended':
        if (state.status === 'NotMade') return state;
        return { ...state, ...event.data.changes };
      case 'CommitmentClosed':
        if (state.status === 'NotMade') return state;
        return { ...state, status: event.data.outcome };
      case 'ActionsPlanned':
        return state;
      case 'CommitmentPublished':
        if (state.status === 'NotMade') return state;
        return { ...state, publishedAt: event.data.publishedAt };
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const commitmentStream = { decider: commitmentDecider, streamId: commitmentStreamId } as const;
