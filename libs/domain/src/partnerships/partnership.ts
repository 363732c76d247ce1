import type { Command, Decider, Event } from '../shared/decider.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireName, requireOneOf, requireUuid } from '../shared/rules.js';

/** System (ICS), place (upper-tier council area, led by its HWB) or neighbourhood. */
export const PARTNERSHIP_LEVELS = ['SYSTEM', 'PLACE', 'NEIGHBOURHOOD'] as const;
export type PartnershipLevel = (typeof PARTNERSHIP_LEVELS)[number];

export const partnershipStreamId = (partnershipId: string) => `partnership-${partnershipId}`;

export type PartnershipFormed = Event<
  'PartnershipFormed',
  { partnershipId: string; name: string; level: PartnershipLevel; parentPartnershipId: string | null; formedAt: string }
>;
export type OrganisationJoinedPartnership = Event<
  'OrganisationJoinedPartnership',
  { partnershipId: string; organisationId: string; joinedAt: string }
>;
/** Carries the person's id only: names and contacts live in the personal-data store so they can be erased. */
export type MemberAppointed = Event<
  'MemberAppointed',
  { partnershipId: string; memberId: string; personId: string; organisationId: string; roleTitle: string; appointedAt: string }
>;
export type PartnershipEvent = PartnershipFormed | OrganisationJoinedPartnership | MemberAppointed;

/**
 * Facts about other streams that a command depends on are looked up by the handler
 * before `decide` runs, and passed in with the command.
 */
export type FormPartnership = Command<
  'FormPartnership',
  { partnershipId: string; name: string; level: string; parentPartnershipId?: string | null; parentIsFormed?: boolean }
>;
export type JoinPartnership = Command<
  'JoinPartnership',
  { partnershipId: string; organisationId: string; organisationIsRegistered: boolean }
>;
export type AppointMember = Command<
  'AppointMember',
  { partnershipId: string; memberId: string; personId: string; organisationId: string; roleTitle: string }
>;
export type PartnershipCommand = FormPartnership | JoinPartnership | AppointMember;

export type Partnership =
  | { status: 'NotFormed' }
  | {
      status: 'Formed';
      partnershipId: string;
      level: PartnershipLevel;
      organisationIds: ReadonlySet<string>;
      memberIds: ReadonlySet<string>;
    };

function requireFormed(state: Partnership, partnershipId: string) {
  if (state.status !== 'Formed') throw new NotFoundError('Partnership', partnershipId, 'partnershipId');
  return state;
}

export const partnershipDecider: Decider<PartnershipCommand, PartnershipEvent, Partnership> = {
  initialState: () => ({ status: 'NotFormed' }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'FormPartnership': {
        const { data } = command;
        if (state.status !== 'NotFormed') {
          throw new IllegalStateError(`Partnership ${data.partnershipId} is already formed`);
        }
        const name = requireName('name', data.name);
        const level = requireOneOf('level', data.level, PARTNERSHIP_LEVELS);
        const parentPartnershipId = data.parentPartnershipId
          ? requireUuid('parentPartnershipId', data.parentPartnershipId)
          : null;
        if (parentPartnershipId && !data.parentIsFormed) {
          throw new ValidationError('parentPartnershipId', 'exists', `Parent partnership ${parentPartnershipId} does not exist`);
        }
        if (parentPartnershipId === data.partnershipId) {
          throw new ValidationError('parentPartnershipId', 'notSelf', 'A partnership cannot be its own parent');
        }
        return [
          {
            type: 'PartnershipFormed',
            data: { partnershipId: requireUuid('partnershipId', data.partnershipId), name, level, parentPartnershipId, formedAt: now },
          },
        ];
      }
      case 'JoinPartnership': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const organisationId = requireUuid('organisationId', data.organisationId);
        if (!data.organisationIsRegistered) {
          throw new ValidationError('organisationId', 'exists', `Organisation ${organisationId} is not registered`);
        }
        if (partnership.organisationIds.has(organisationId)) {
          throw new ValidationError(
            'organisationId',
            'notAlreadyJoined',
            `Organisation ${organisationId} has already joined this partnership`,
          );
        }
        return [{ type: 'OrganisationJoinedPartnership', data: { partnershipId: partnership.partnershipId, organisationId, joinedAt: now } }];
      }
      case 'AppointMember': {
        const { data } = command;
        const partnership = requireFormed(state, data.partnershipId);
        const organisationId = requireUuid('organisationId', data.organisationId);
        if (!partnership.organisationIds.has(organisationId)) {
          throw new ValidationError(
            'organisationId',
            'joinedPartnership',
            `Organisation ${organisationId} must join the partnership before its people can be appointed to the board`,
          );
        }
        if (partnership.memberIds.has(data.memberId)) {
          throw new IllegalStateError(`Member ${data.memberId} is already appointed`);
        }
        return [
          {
            type: 'MemberAppointed',
            data: {
              partnershipId: partnership.partnershipId,
              memberId: requireUuid('memberId', data.memberId),
              personId: requireUuid('personId', data.personId),
              organisationId,
              roleTitle: requireName('roleTitle', data.roleTitle),
              appointedAt: now,
            },
          },
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
      case 'PartnershipFormed':
        return {
          status: 'Formed',
          partnershipId: event.data.partnershipId,
          level: event.data.level,
          organisationIds: new Set(),
          memberIds: new Set(),
        };
      case 'OrganisationJoinedPartnership':
        if (state.status !== 'Formed') return state;
        return { ...state, organisationIds: new Set([...state.organisationIds, event.data.organisationId]) };
      case 'MemberAppointed':
        if (state.status !== 'Formed') return state;
        return { ...state, memberIds: new Set([...state.memberIds, event.data.memberId]) };
      default:
        return state;
    }
  },
};
