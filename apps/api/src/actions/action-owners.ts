import { Injectable } from '@nestjs/common';
import { type PartnershipFacts, ValidationError } from '@ledger/domain';
import { PartnershipDirectoryQueries } from '@ledger/projections';
import { CaughtUp } from '../ledger/caught-up.js';
import { Ledger } from '../ledger/ledger.service.js';
import type { ActionOwnersInput, PlanActionInput } from './dto/action.inputs.js';

/** One action's owner as the decider takes it: exactly one of the two. */
export type ActionOwner = Readonly<{ owningOrganisationId?: string; owningPartnershipId?: string }>;

/**
 * Who a plan is for: one owner, or several planned at once under one planId. `field` is the input
 * field the owners came from, so the decider's refusal of one of them names what the client sent.
 */
export type PlannedOwners = Readonly<{ owners: ActionOwner[]; distributive: boolean; field: string | null; partnership: PartnershipFacts }>;

/** The input that names a plan's owners: exactly one of these. */
type OwnersNamed = Pick<PlanActionInput, 'owningOrganisationId' | 'owningPartnershipId' | 'owners' | 'everyMemberOrganisation'>;

/** Refuses, naming every way to say who owns it, unless exactly one is given; checked before any retry is looked up. */
export function requireOneOwnerChoice(input: OwnersNamed): void {
  const given = [input.owningOrganisationId, input.owningPartnershipId, input.owners, input.everyMemberOrganisation || null].filter((value) => value != null);
  if (given.length !== 1) {
    throw new ValidationError(
      'owningOrganisationId',
      'exactlyOne',
      'Give exactly one of owningOrganisationId, owningPartnershipId or owners (everyMemberOrganisation: true is the same as owners: { everyMemberOrganisation: true })',
    );
  }
  if (input.owners) requireOneOwnersMember(input.owners);
}

function requireOneOwnersMember(owners: ActionOwnersInput): void {
  const set = [owners.everyMemberOrganisation || null, owners.everyPartnershipBeneath || null, owners.organisationIds, owners.partnershipIds].filter((value) => value != null);
  if (set.length !== 1) {
    throw new ValidationError('owners', 'exactlyOne', 'Set exactly one of everyMemberOrganisation: true, everyPartnershipBeneath: true, organisationIds or partnershipIds');
  }
  for (const field of ['organisationIds', 'partnershipIds'] as const) {
    const ids = owners[field];
    if (!ids) continue;
    if (ids.length === 0) throw new ValidationError(`owners.${field}`, 'notEmpty', `owners.${field} must name at least one owner`);
    if (new Set(ids).size !== ids.length) throw new ValidationError(`owners.${field}`, 'unique', `owners.${field} names an owner twice`);
  }
}

/**
 * Turns a plan's owners into one owner per action, with the partnership facts the decider checks
 * them against: which partnerships sit directly beneath this one, read from the named partnerships'
 * own streams, or, for "every partnership beneath", listed by the directory once it has caught up
 * with the log (so a place formed a moment ago is not missed) and then confirmed from their streams.
 */
@Injectable()
export class ActionOwners {
  constructor(
    private readonly ledger: Ledger,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly caughtUp: CaughtUp,
  ) {}

  async ofPlan(input: OwnersNamed, partnershipId: string, partnership: PartnershipFacts): Promise<PlannedOwners> {
    const { owners } = input;
    if (input.everyMemberOrganisation || owners?.everyMemberOrganisation) {
      const field = owners ? 'owners.everyMemberOrganisation' : 'everyMemberOrganisation';
      return { owners: partnership.organisationIds.map((id) => ({ owningOrganisationId: id })), distributive: true, field, partnership };
    }
    if (owners?.organisationIds) {
      return { owners: owners.organisationIds.map((id) => ({ owningOrganisationId: id })), distributive: true, field: 'owners.organisationIds', partnership };
    }
    if (owners?.everyPartnershipBeneath) {
      await this.caughtUp.withLog('the partnerships beneath it are');
      const beneath = await this.ledger.facts.partnershipsBeneath(partnershipId, this.directory.partnershipIdsBeneath(partnershipId));
      if (beneath.length === 0) throw new ValidationError('owners.everyPartnershipBeneath', 'hasPartnerships', 'No partnership sits beneath this one yet');
      const owned = beneath.map((id) => ({ owningPartnershipId: id }));
      return { owners: owned, distributive: true, field: 'owners.everyPartnershipBeneath', partnership: { ...partnership, childPartnershipIds: beneath } };
    }
    if (owners?.partnershipIds) {
      const facts = await this.withChildren(partnershipId, partnership, owners.partnershipIds);
      return { owners: owners.partnershipIds.map((id) => ({ owningPartnershipId: id })), distributive: true, field: 'owners.partnershipIds', partnership: facts };
    }
    if (input.owningPartnershipId) {
      const facts = await this.withChildren(partnershipId, partnership, [input.owningPartnershipId]);
      return { owners: [{ owningPartnershipId: input.owningPartnershipId }], distributive: false, field: null, partnership: facts };
    }
    return { owners: [{ owningOrganisationId: input.owningOrganisationId! }], distributive: false, field: null, partnership };
  }

  /** The partnership's facts knowing whether each named partnership sits directly beneath it. */
  async withChildren(partnershipId: string, partnership: PartnershipFacts, named: readonly string[]): Promise<PartnershipFacts> {
    return { ...partnership, childPartnershipIds: await this.ledger.facts.partnershipsBeneath(partnershipId, named) };
  }
}

/** The decider names the single owner fields; a refusal of one of several owners names the list the client sent instead. */
export function asOwnersField(error: unknown, field: string | null): unknown {
  if (!field || !(error instanceof ValidationError) || !['owningOrganisationId', 'owningPartnershipId'].includes(error.field)) return error;
  return new ValidationError(field, error.rule, error.message);
}
