import type { Command, Decider, Event } from '../shared/decider.js';
import { ROLES, type Role } from '../shared/actor.js';
import { IllegalStateError, NotFoundError, ValidationError } from '../shared/errors.js';
import { requireLongText, requireOneOf, requireUuid } from '../shared/rules.js';

/** One stream per person: every grant and revocation of theirs, so one read tells what they may do now. */
export const accessStreamId = (personId: string) => `access-${personId}`;

const REASON_MAX_LENGTH = 1000;

/** A role held in a scope: a partnership (and those beneath it), an organisation, or (neither) the whole platform. */
export type Grant = Readonly<{
  grantId: string;
  personId: string;
  role: Role;
  partnershipId: string | null;
  organisationId: string | null;
}>;

export type RoleGranted = Event<'RoleGranted', Grant & { reason: string; grantedAt: string }>;
export type RoleRevoked = Event<'RoleRevoked', { grantId: string; personId: string; reason: string; revokedAt: string }>;
export type AccessEvent = RoleGranted | RoleRevoked;

export type GrantRole = Command<
  'GrantRole',
  {
    grantId: string;
    personId: string;
    role: string;
    partnershipId?: string | null;
    organisationId?: string | null;
    reason: string;
    /** Looked up by the handler: the partnership or organisation named exists. */
    scopeExists: boolean;
  }
>;
export type RevokeRole = Command<'RevokeRole', { grantId: string; reason: string }>;
export type AccessCommand = GrantRole | RevokeRole;

export type Access = Readonly<{
  personId: string | null;
  /** Every grant ever made to the person, by id; revoked ones stay, so a revocation is never repeated. */
  grants: ReadonlyMap<string, Grant & { revoked: boolean }>;
}>;

/** The grants a person holds now. */
export const activeGrants = (state: Access): Grant[] =>
  [...state.grants.values()].filter((grant) => !grant.revoked).map(({ revoked: _revoked, ...grant }) => grant);

/** Which scope each role is held in: exactly one of partnership or organisation, or neither. */
const SCOPE_OF: Record<Role, { partnership: 'required' | 'optional' | 'none'; organisation: 'required' | 'none' }> = {
  PLATFORM_ADMIN: { partnership: 'none', organisation: 'none' },
  SECRETARIAT: { partnership: 'required', organisation: 'none' },
  PARTNER: { partnership: 'none', organisation: 'required' },
  AUDITOR: { partnership: 'optional', organisation: 'none' },
};

function requireScope(role: Role, partnershipId: string | null, organisationId: string | null) {
  const scope = SCOPE_OF[role];
  if (scope.partnership === 'required' && !partnershipId) {
    throw new ValidationError('partnershipId', 'required', `A ${role} grant is held for a partnership: give partnershipId`);
  }
  if (scope.partnership === 'none' && partnershipId) {
    throw new ValidationError('partnershipId', 'notAllowed', `A ${role} grant is not held for a partnership: leave partnershipId out`);
  }
  if (scope.organisation === 'required' && !organisationId) {
    throw new ValidationError('organisationId', 'required', `A ${role} grant is held for an organisation: give organisationId`);
  }
  if (scope.organisation === 'none' && organisationId) {
    throw new ValidationError('organisationId', 'notAllowed', `A ${role} grant is not held for an organisation: leave organisationId out`);
  }
  return {
    partnershipId: partnershipId ? requireUuid('partnershipId', partnershipId) : null,
    organisationId: organisationId ? requireUuid('organisationId', organisationId) : null,
  };
}

export const describeScope = ({ partnershipId, organisationId }: Pick<Grant, 'partnershipId' | 'organisationId'>) =>
  partnershipId ? `of partnership ${partnershipId}` : organisationId ? `for organisation ${organisationId}` : 'of the platform';

export const accessDecider: Decider<AccessCommand, AccessEvent, Access> = {
  initialState: () => ({ personId: null, grants: new Map() }),

  decide(command, state) {
    const now = command.metadata.now.toISOString();
    const { type } = command;
    switch (type) {
      case 'GrantRole': {
        const { data } = command;
        const role = requireOneOf('role', data.role, ROLES);
        const scope = requireScope(role, data.partnershipId ?? null, data.organisationId ?? null);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        if (!data.scopeExists) {
          throw scope.partnershipId
            ? new NotFoundError('Partnership', scope.partnershipId, 'partnershipId')
            : new NotFoundError('Organisation', scope.organisationId ?? '', 'organisationId');
        }
        const held = activeGrants(state).find(
          (grant) => grant.role === role && grant.partnershipId === scope.partnershipId && grant.organisationId === scope.organisationId,
        );
        if (held) throw new IllegalStateError(`The person already holds ${role} ${describeScope(held)} (grant ${held.grantId})`);
        return [
          {
            type: 'RoleGranted',
            data: { grantId: requireUuid('grantId', data.grantId), personId: requireUuid('personId', data.personId), role, ...scope, reason, grantedAt: now },
          },
        ];
      }
      case 'RevokeRole': {
        const { data } = command;
        const grant = state.grants.get(data.grantId);
        if (!grant) throw new NotFoundError('Grant', data.grantId, 'grantId');
        if (grant.revoked) throw new IllegalStateError(`Grant ${data.grantId} is already revoked`);
        const reason = requireLongText('reason', data.reason, REASON_MAX_LENGTH);
        return [{ type: 'RoleRevoked', data: { grantId: grant.grantId, personId: grant.personId, reason, revokedAt: now } }];
      }
      default: {
        const _never: never = type;
        throw new IllegalStateError(`Unknown command ${String(_never)}`);
      }
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'RoleGranted': {
        const { reason: _reason, grantedAt: _at, ...grant } = event.data;
        return { personId: grant.personId, grants: new Map(state.grants).set(grant.grantId, { ...grant, revoked: false }) };
      }
      case 'RoleRevoked': {
        const grant = state.grants.get(event.data.grantId);
        if (!grant) return state;
        return { ...state, grants: new Map(state.grants).set(grant.grantId, { ...grant, revoked: true }) };
      }
    }
  },
};

/** Its stream kind, for the handlers: the decider and the stream an id names. */
export const accessStream = { decider: accessDecider, streamId: accessStreamId } as const;
