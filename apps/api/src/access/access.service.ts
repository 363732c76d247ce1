import { Injectable } from '@nestjs/common';
import { accessStream, activeGrants, type Actor, authorise, type Grant, type GrantRequirement } from '@ledger/domain';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { Ledger } from '../ledger/ledger.service.js';
import { Scopes } from './scopes.js';

/**
 * What a person may do, from their grants as the log holds them now. Grants are read from the
 * person's access stream on every request, never from a read model, so a revocation binds every
 * API instance as soon as it is appended.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly ledger: Ledger,
    private readonly scopes: Scopes,
    private readonly directory: PartnershipDirectoryQueries,
  ) {}

  async grantsOf(personId: string): Promise<Grant[]> {
    return activeGrants(await this.ledger.state(accessStream, personId));
  }

  /** The actor the person acts as under one of `anyOf`, or a ForbiddenError naming them. */
  async authorise(personId: string, grants: readonly Grant[], anyOf: readonly GrantRequirement[], what: string): Promise<Actor> {
    const partnershipIds = [...new Set(anyOf.flatMap((requirement) => (requirement.partnershipId ? [requirement.partnershipId] : [])))];
    const lineages = new Map(await Promise.all(partnershipIds.map(async (id) => [id, await this.scopes.lineageOf(id)] as const)));
    return authorise(personId, grants, anyOf, (id) => lineages.get(id) ?? [id], what);
  }

  /** The partnerships these grants let a person read; null for every one (administrators and platform auditors). */
  visiblePartnershipIds(grants: readonly Grant[]): string[] | null {
    if (grants.some((grant) => grant.role === 'PLATFORM_ADMIN' || (grant.role === 'AUDITOR' && grant.partnershipId === null))) return null;
    const held = grants.flatMap((grant) => (grant.role !== 'PARTNER' && grant.partnershipId ? [grant.partnershipId] : []));
    const partnerFor = grants.flatMap((grant) => (grant.role === 'PARTNER' && grant.organisationId ? [grant.organisationId] : []));
    return this.directory.partnershipIdsVisible(held, partnerFor);
  }
}
