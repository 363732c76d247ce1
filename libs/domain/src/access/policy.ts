import type { Actor } from '../shared/actor.js';
import { ForbiddenError, type GrantRequirement } from '../shared/errors.js';
import type { Grant } from './access.js';

/** A partnership and the partnerships above it, nearest first: a grant on any of them covers it. */
export type LineageOf = (partnershipId: string) => readonly string[];

/** Whether `grant` meets `requirement`: same role, and held for its scope or (partnerships) one above it. */
export function satisfies(grant: Grant, requirement: GrantRequirement, lineageOf: LineageOf): boolean {
  if (grant.role !== requirement.role) return false;
  if (requirement.personId !== undefined && grant.personId !== requirement.personId) return false;
  if (requirement.organisationId !== undefined) return grant.organisationId === requirement.organisationId;
  if (requirement.partnershipId !== undefined) {
    // A platform-wide auditor reads every partnership.
    if (grant.partnershipId === null) return grant.role === 'AUDITOR';
    return lineageOf(requirement.partnershipId).includes(grant.partnershipId);
  }
  return grant.partnershipId === null && grant.organisationId === null;
}

export function describeRequirement({ role, partnershipId, organisationId, personId }: GrantRequirement): string {
  const held = personId ? ` held by person ${personId}` : '';
  if (partnershipId) return `${role} of partnership ${partnershipId} (or a partnership above it)${held}`;
  if (organisationId) return `${role} for organisation ${organisationId}${held}`;
  return `${role} of the platform${held}`;
}

/**
 * The actor a person acts as when one of their grants meets one of `anyOf` (tried in order, so list
 * the broadest role first); otherwise a ForbiddenError naming every grant that would have allowed it.
 */
export function authorise(personId: string, grants: readonly Grant[], anyOf: readonly GrantRequirement[], lineageOf: LineageOf, what: string): Actor {
  for (const requirement of anyOf) {
    const grant = grants.find((candidate) => satisfies(candidate, requirement, lineageOf));
    if (grant) return { personId, grantId: grant.grantId, role: grant.role, organisationId: grant.organisationId };
  }
  const needed = anyOf.length === 0 ? 'a grant no role holds' : anyOf.map(describeRequirement).join(', or ');
  throw new ForbiddenError(`You may not ${what}: this needs ${needed}`, anyOf);
}
