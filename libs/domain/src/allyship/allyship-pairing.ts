import type { CommandMetadata, Decider } from '../shared/decider.js';
import { calendarDateIn, requireCalendarDate, requireNotAfterToday } from '../shared/dates.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireLongText, requireName, requireOneOf, requireUuid } from '../shared/rules.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import { CLOSED_COMMITMENT_STATUSES } from '../commitments/commitment.js';
import type { Sector } from '../organisations/organisation.js';
import {
  ALLY_SECTORS,
  PAIRING_SIDES,
  type ActionFactsById,
  type AllyshipPairingCommand,
  type AllyshipPairingEvent,
  type AllyshipPairingFacts,
  type AllyshipPairingStatus,
  type Challenge,
  type CommitmentFactsById,
  type LogAllyshipCheckIn,
  type ProposeAllyshipPairing,
  type SectorException,
} from './allyship-pairing.events.js';
import { allyshipPairingStreamId } from './allyship-pairing.events.js';

export * from './allyship-pairing.events.js';

const REASON_MAX_LENGTH = 1000;
const FOCUS_MAX_LENGTH = 1000;
const CHALLENGE_MAX_LENGTH = 500;
const FOLLOW_UP_MAX_LENGTH = 500;
const LINKED_COMMITMENTS_MAX_ITEMS = 20;
const CHALLENGES_MAX_ITEMS = 20;
const FOLLOW_UPS_MAX_ITEMS = 20;

export type AllyshipPairing =
  | { status: 'NotProposed' }
  | {
      status: AllyshipPairingStatus;
      pairingId: string;
      partnershipId: string;
      boardMemberId: string;
      allyPersonId: string;
      allyOrganisationId: string;
      commitmentIds: readonly string[];
      proposedOn: string;
      /** The day it first became active: check-ins are dated from then. */
      firstActivatedOn: string | null;
      /** The business date of the latest move (proposed, activated, paused, ended). */
      lastMovedOn: string;
      /** The latest check-in date, whatever order check-ins were logged in: "quiet for days" counts from it. */
      lastCheckInOn: string | null;
      /** Every check-in by id, with the day it was held; a retried check-in is refused rather than logged twice. */
      checkIns: ReadonlyMap<string, string>;
      /** Every challenge ever raised, with the day it was raised: ids are never reused. */
      challengesRaisedOn: ReadonlyMap<string, string>;
      /** Challenges not yet answered, in the order they were raised. */
      openChallengeIds: readonly string[];
    };

type ProposedPairing = Exclude<AllyshipPairing, { status: 'NotProposed' }>;

/** What the API's access checks and the next proposal's "same two people" check need; built from the loaded state. */
export function allyshipPairingFacts(state: AllyshipPairing): AllyshipPairingFacts {
  if (state.status === 'NotProposed') {
    return { exists: false, status: null, partnershipId: null, boardMemberId: null, allyPersonId: null, allyOrganisationId: null, openChallengeIds: [] };
  }
  const { status, partnershipId, boardMemberId, allyPersonId, allyOrganisationId, openChallengeIds } = state;
  return { exists: true, status, partnershipId, boardMemberId, allyPersonId, allyOrganisationId, openChallengeIds };
}

function requireProposed(state: AllyshipPairing, pairingId: string): ProposedPairing {
  if (state.status === 'NotProposed') throw new NotFoundError('Allyship pairing', pairingId, 'pairingId');
  return state;
}

/** A business date that has begun where the partnership is. */
function requireDateUpToToday(field: string, value: string, partnership: PartnershipFacts, metadata: CommandMetadata): string {
  return requireNotAfterToday(field, requireCalendarDate(field, value), calendarDateIn(partnership.timeZone, metadata.now));
}

function requireNotBefore(field: string, date: string, earliest: string, rule: string, when: string): string {
  if (date < earliest) throw new ValidationError(field, rule, `${field} may not precede ${earliest}, when ${when}`);
  return date;
}

/** The pairing's history reads in date order: a move is dated no earlier than the last move or the last check-in. */
function requireMoveDate(field: string, value: string, pairing: ProposedPairing, partnership: PartnershipFacts, metadata: CommandMetadata): string {
  const date = requireDateUpToToday(field, value, partnership, metadata);
  requireNotBefore(field, date, pairing.lastMovedOn, 'notBeforeLastMove', `the pairing became ${pairing.status}`);
  if (pairing.lastCheckInOn) requireNotBefore(field, date, pairing.lastCheckInOn, 'notBeforeLastCheckIn', 'the pair last checked in');
  return date;
}

const listed = (items: readonly string[]) => (items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? ''));

/** Each move is allowed only from the statuses the lifecycle PROPOSED → ACTIVE ⇄ PAUSED → ENDED gives it; so are check-ins and answers. */
function requireStatus<From extends AllyshipPairingStatus>(pairing: ProposedPairing, allowed: readonly From[], what: string): ProposedPairing & { status: From } {
  if (!(allowed as readonly AllyshipPairingStatus[]).includes(pairing.status)) {
    throw new IllegalStateError(`Pairing is ${pairing.status}: ${what} only when it is ${listed(allowed)}`);
  }
  return pairing as ProposedPairing & { status: From };
}

/** A linked work-plan item must exist and belong to the same partnership as the pairing. */
function requireCommitmentOf(field: string, id: string, partnershipId: string, commitments: CommitmentFactsById) {
  const commitmentId = requireUuid(field, id);
  const facts = commitments[commitmentId];
  if (!facts?.exists) throw new NotFoundError('Commitment', commitmentId, field);
  if (facts.partnershipId !== partnershipId) {
    throw new ValidationError(field, 'samePartnership', `Commitment ${commitmentId} belongs to another partnership`);
  }
  return { commitmentId, status: facts.status };
}

/** Linking the same commitment twice says nothing more, so duplicates are dropped rather than refused. */
function requireLinkedCommitments(given: readonly string[], partnershipId: string, commitments: CommitmentFactsById): string[] {
  if (given.length > LINKED_COMMITMENTS_MAX_ITEMS) {
    throw new ValidationError('commitmentIds', 'maxItems', `At most ${LINKED_COMMITMENTS_MAX_ITEMS} commitments per pairing`);
  }
  const linked: string[] = [];
  for (const id of given) {
    const { commitmentId, status } = requireCommitmentOf('commitmentIds', id, partnershipId, commitments);
    // Only the live work plan: a closed commitment (achieved, missed, withdrawn) no longer needs support.
    if (status && CLOSED_COMMITMENT_STATUSES.includes(status)) {
      throw new ValidationError('commitmentIds', 'openCommitment', `Commitment ${commitmentId} is ${status}: a pairing supports open commitments only`);
    }
    if (!linked.includes(commitmentId)) linked.push(commitmentId);
  }
  return linked;
}

/**
 * Allies come from the community and voluntary sector; an ally from any other sector is an
 * exception the board records with its reason, and an exception is recorded only when it is one.
 */
function requireAllySector(data: ProposeAllyshipPairing['data'], allyOrganisationId: string): { allySector: Sector; sectorException: SectorException | null } {
  const sector = data.allyOrganisationSector;
  if (!sector) throw new NotFoundError('Organisation', allyOrganisationId, 'ally.organisationId');
  const exception = data.sectorException ?? null;
  if (ALLY_SECTORS.includes(sector)) {
    if (exception) {
      throw new ValidationError('sectorException', 'notNeeded', `The ally's organisation is ${sector}: no sector exception is needed`);
    }
    return { allySector: sector, sectorException: null };
  }
  if (!exception) {
    throw new ValidationError(
      'ally.organisationId',
      'allySector',
      `Allies come from ${ALLY_SECTORS.join(' or ')} organisations; this one is ${sector}: record a sectorException with its reason`,
    );
  }
  return { allySector: sector, sectorException: { reason: requireLongText('sectorException.reason', exception.reason, REASON_MAX_LENGTH) } };
}

/**
 * Each challenge gets a new id and a short text, and may name a commitment or an action of the
 * partnership. An action's commitment is recorded with it; naming both, they must agree.
 */
function requireChallenges(data: LogAllyshipCheckIn['data'], pairing: ProposedPairing): Challenge[] {
  const given = data.challenges ?? [];
  if (given.length > CHALLENGES_MAX_ITEMS) {
    throw new ValidationError('challenges', 'maxItems', `At most ${CHALLENGES_MAX_ITEMS} challenges per check-in`);
  }
  const challenges: Challenge[] = [];
  given.forEach((item, index) => {
    const field = `challenges.${index}`;
    const challengeId = requireUuid(`${field}.challengeId`, item?.challengeId);
    if (pairing.challengesRaisedOn.has(challengeId)) {
      throw new ValidationError(`${field}.challengeId`, 'distinct', `Challenge ${challengeId} is already raised on this pairing: each challenge has a new id`);
    }
    if (challenges.some((challenge) => challenge.challengeId === challengeId)) {
      throw new ValidationError(`${field}.challengeId`, 'distinct', `Challenge ${challengeId} is listed twice in this check-in`);
    }
    const text = requireLongText(`${field}.text`, item.text, CHALLENGE_MAX_LENGTH);
    // Any commitment of the partnership, closed ones too: a pair may challenge why one was missed.
    let commitmentId = item.commitmentId ? requireCommitmentOf(`${field}.commitmentId`, item.commitmentId, pairing.partnershipId, data.commitments).commitmentId : null;
    let actionId: string | null = null;
    if (item.actionId) {
      actionId = requireUuid(`${field}.actionId`, item.actionId);
      const action = data.actions[actionId];
      if (!action?.exists) throw new NotFoundError('Action', actionId, `${field}.actionId`);
      if (action.partnershipId !== pairing.partnershipId) {
        throw new ValidationError(`${field}.actionId`, 'samePartnership', `Action ${actionId} belongs to another partnership`);
      }
      if (commitmentId && commitmentId !== action.commitmentId) {
        throw new ValidationError(`${field}.commitmentId`, 'actionOfCommitment', `Action ${actionId} is not an action of commitment ${commitmentId}`);
      }
      commitmentId = action.commitmentId;
    }
    challenges.push({ challengeId, text, commitmentId, actionId });
  });
  return challenges;
}

function requireFollowUps(given: readonly string[]): string[] {
  if (given.length > FOLLOW_UPS_MAX_ITEMS) {
    throw new ValidationError('followUps', 'maxItems', `At most ${FOLLOW_UPS_MAX_ITEMS} follow-ups per check-in`);
  }
  return given.map((followUp, index) => requireName(`followUps.${index}`, followUp, FOLLOW_UP_MAX_LENGTH));
}

export const allyshipPairingDecider: Decider<AllyshipPairingCommand, AllyshipPairingEvent, AllyshipPairing> = {
  initialState: () => ({ status: 'NotProposed' }),

  decide(command, state) {
    const { metadata } = command;
    const now = metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'ProposeAllyshipPairing': {
        const { data } = command;
        if (state.status !== 'NotProposed') throw new IllegalStateError(`Allyship pairing ${data.pairingId} is already proposed`);
        const pairingId = requireUuid('pairingId', data.pairingId);
        const partnershipId = requireUuid('partnershipId', data.partnershipId);
        const { partnership } = data;
        if (!partnership.formed) throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
        const boardMemberId = requireUuid('boardMemberId', data.boardMemberId);
        if (!partnership.memberIds.includes(boardMemberId)) {
          throw new ValidationError('boardMemberId', 'boardMember', `Member ${boardMemberId} does not sit on the partnership's board`);
        }
        const allyPersonId = requireUuid('ally.personId', data.ally?.personId);
        const allyOrganisationId = requireUuid('ally.organisationId', data.ally.organisationId);
        if (!partnership.organisationIds.includes(allyOrganisationId)) {
          throw new ValidationError('ally.organisationId', 'partnershipMember', `Organisation ${allyOrganisationId} is not a member of the partnership`);
        }
        const { allySector, sectorException } = requireAllySector(data, allyOrganisationId);
        // A board member may hold several pairings, but the same two people only one open pairing at a time.
        if (data.openPairingOfSamePeople) {
          throw new ValidationError(
            'ally.personId',
            'noSecondOpenPairing',
            `This board member and ally already have an open pairing (${data.openPairingOfSamePeople}); end it before proposing another`,
          );
        }
        const focus = requireLongText('focus', data.focus, FOCUS_MAX_LENGTH);
        const commitmentIds = requireLinkedCommitments(data.commitmentIds ?? [], partnershipId, data.commitments);
        const proposedOn = data.proposedOn
          ? requireDateUpToToday('proposedOn', data.proposedOn, partnership, metadata)
          : calendarDateIn(partnership.timeZone, now);
        return [
          {
            type: 'AllyshipPairingProposed',
            data: {
              pairingId,
              partnershipId,
              boardMemberId,
              allyPersonId,
              allyOrganisationId,
              allySector,
              sectorException,
              focus,
              commitmentIds,
              proposedOn,
              proposedAt: now,
            },
          },
        ];
      }
      case 'ActivateAllyshipPairing': {
        const { data } = command;
        const pairing = requireStatus(requireProposed(state, data.pairingId), ['PROPOSED', 'PAUSED'], 'it can be activated');
        const activatedOn = requireMoveDate('activatedOn', data.activatedOn, pairing, data.partnership, metadata);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'AllyshipPairingActivated', data: { pairingId: pairing.pairingId, previousStatus: pairing.status, activatedOn, reason, activatedAt: now } }];
      }
      case 'PauseAllyshipPairing': {
        const { data } = command;
        const pairing = requireStatus(requireProposed(state, data.pairingId), ['ACTIVE'], 'it can be paused');
        const pausedOn = requireMoveDate('pausedOn', data.pausedOn, pairing, data.partnership, metadata);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'AllyshipPairingPaused', data: { pairingId: pairing.pairingId, pausedOn, reason, pausedAt: now } }];
      }
      case 'EndAllyshipPairing': {
        const { data } = command;
        const pairing = requireStatus(requireProposed(state, data.pairingId), ['PROPOSED', 'ACTIVE', 'PAUSED'], 'it can be ended');
        const endedOn = requireMoveDate('endedOn', data.endedOn, pairing, data.partnership, metadata);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'AllyshipPairingEnded', data: { pairingId: pairing.pairingId, previousStatus: pairing.status, endedOn, reason, endedAt: now } }];
      }
      case 'LogAllyshipCheckIn': {
        const { data } = command;
        const proposed = requireProposed(state, data.pairingId);
        const checkInId = requireUuid('checkInId', data.checkInId);
        // Checked before the status, so a retried check-in is reported as the duplicate it is even once paused.
        if (proposed.checkIns.has(checkInId)) throw new IllegalStateError(`Check-in ${checkInId} is already logged on this pairing`);
        const pairing = requireStatus(proposed, ['ACTIVE'], 'check-ins are logged');
        // A check-in logged late is still dated when the pair met: any day since the pairing first became active.
        const heldOn = requireNotBefore(
          'heldOn',
          requireDateUpToToday('heldOn', data.heldOn, data.partnership, metadata),
          pairing.firstActivatedOn!,
          'notBeforeActivation',
          'the pairing became active',
        );
        return [
          {
            type: 'AllyshipCheckInLogged',
            data: {
              pairingId: pairing.pairingId,
              checkInId,
              heldOn,
              summary: requireLongText('summary', data.summary),
              challenges: requireChallenges(data, pairing),
              followUps: requireFollowUps(data.followUps ?? []),
              loggedBy: requireOneOf('loggedBy', data.loggedBy, PAIRING_SIDES),
              loggedAt: now,
            },
          },
        ];
      }
      case 'RespondToChallenge': {
        const { data } = command;
        const pairing = requireProposed(state, data.pairingId);
        const challengeId = requireUuid('challengeId', data.challengeId);
        const raisedOn = pairing.challengesRaisedOn.get(challengeId);
        if (!raisedOn) throw new NotFoundError('Challenge', challengeId, 'challengeId');
        // Checked before the status, so a retried response is reported as the duplicate it is.
        if (!pairing.openChallengeIds.includes(challengeId)) throw new IllegalStateError(`Challenge ${challengeId} is already answered`);
        // A pause does not stop an answer; an ended pairing is part of the record.
        requireStatus(pairing, ['ACTIVE', 'PAUSED'], 'challenges are answered');
        const response = requireLongText('response', data.response);
        const respondedBy = requireOneOf('respondedBy', data.respondedBy, PAIRING_SIDES);
        const respondedOn = requireNotBefore(
          'respondedOn',
          requireDateUpToToday('respondedOn', data.respondedOn, data.partnership, metadata),
          raisedOn,
          'notBeforeRaised',
          'the challenge was raised',
        );
        let checkInId: string | null = null;
        if (data.checkInId) {
          checkInId = requireUuid('checkInId', data.checkInId);
          const heldOn = pairing.checkIns.get(checkInId);
          if (!heldOn) throw new NotFoundError('Check-in', checkInId, 'checkInId');
          if (heldOn !== respondedOn) {
            throw new ValidationError('respondedOn', 'checkInDate', `An answer given at check-in ${checkInId} is dated ${heldOn}, the day it was held`);
          }
        }
        return [
          { type: 'AllyshipChallengeResponded', data: { pairingId: pairing.pairingId, challengeId, response, respondedBy, respondedOn, checkInId, respondedAt: now } },
        ];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'AllyshipPairingProposed': {
        const { data } = event;
        return {
          status: 'PROPOSED',
          pairingId: data.pairingId,
          partnershipId: data.partnershipId,
          boardMemberId: data.boardMemberId,
          allyPersonId: data.allyPersonId,
          allyOrganisationId: data.allyOrganisationId,
          commitmentIds: data.commitmentIds,
          proposedOn: data.proposedOn,
          firstActivatedOn: null,
          lastMovedOn: data.proposedOn,
          lastCheckInOn: null,
          checkIns: new Map(),
          challengesRaisedOn: new Map(),
          openChallengeIds: [],
        };
      }
      case 'AllyshipPairingActivated': {
        if (state.status === 'NotProposed') return state;
        const { activatedOn } = event.data;
        return { ...state, status: 'ACTIVE', firstActivatedOn: state.firstActivatedOn ?? activatedOn, lastMovedOn: activatedOn };
      }
      case 'AllyshipPairingPaused':
        if (state.status === 'NotProposed') return state;
        return { ...state, status: 'PAUSED', lastMovedOn: event.data.pausedOn };
      case 'AllyshipPairingEnded':
        if (state.status === 'NotProposed') return state;
        return { ...state, status: 'ENDED', lastMovedOn: event.data.endedOn };
      case 'AllyshipCheckInLogged': {
        if (state.status === 'NotProposed') return state;
        const { checkInId, heldOn, challenges } = event.data;
        return {
          ...state,
          lastCheckInOn: state.lastCheckInOn && state.lastCheckInOn > heldOn ? state.lastCheckInOn : heldOn,
          checkIns: new Map(state.checkIns).set(checkInId, heldOn),
          challengesRaisedOn: new Map([...state.challengesRaisedOn, ...challenges.map(({ challengeId }) => [challengeId, heldOn] as const)]),
          openChallengeIds: [...state.openChallengeIds, ...challenges.map(({ challengeId }) => challengeId)],
        };
      }
      case 'AllyshipChallengeResponded':
        if (state.status === 'NotProposed') return state;
        return { ...state, openChallengeIds: state.openChallengeIds.filter((id) => id !== event.data.challengeId) };
      default: {
        // Exhaustive at compile time; at run time an event type this code does not know changes nothing.
        const _never: never = event;
        return state;
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const allyshipPairingStream = { decider: allyshipPairingDecider, streamId: allyshipPairingStreamId } as const;
