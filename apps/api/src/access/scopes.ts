import { Injectable } from '@nestjs/common';
import { actionStream, allyshipPairingFacts, allyshipPairingStream, commitmentStream, type GrantRequirement, indicatorStream, meetingStream, NotFoundError, partnershipStream, webhookStream } from '@ledger/domain';
import { AccessGrantsQueries, PartnershipDirectoryQueries, type GrantRow } from '@ledger/projections';
import { Ledger } from '../ledger/ledger.service.js';

/** Facts that never change once recorded are kept for the life of the process, up to this many. */
const IMMUTABLE_FACTS_KEPT = 100_000;
/** Partnerships nest system → place → neighbourhood; a deeper chain is cut here rather than followed for ever. */
const MAX_DEPTH = 16;

class ImmutableFacts {
  private readonly facts = new Map<string, string | null>();

  async get(key: string, load: () => Promise<string | null>): Promise<string | null> {
    if (this.facts.has(key)) return this.facts.get(key)!;
    const value = await load();
    // Only what exists is kept: an id that is not found yet may be created a moment later.
    if (value !== null) {
      if (this.facts.size >= IMMUTABLE_FACTS_KEPT) this.facts.clear();
      this.facts.set(key, value);
    }
    return value;
  }
}

export const secretariatOf = (partnershipId: string): GrantRequirement => ({ role: 'SECRETARIAT', partnershipId });
export const partnerFor = (organisationId: string): GrantRequirement => ({ role: 'PARTNER', organisationId });
/** A person named in a pairing, acting under their PARTNER grant for their own organisation. */
export const pairingParty = ({ personId, organisationId }: PairingPerson): GrantRequirement => ({ role: 'PARTNER', organisationId, personId });
export const PLATFORM_ADMIN: GrantRequirement = { role: 'PLATFORM_ADMIN' };

export type PairingPerson = Readonly<{ personId: string; organisationId: string }>;
export type PairingParties = Readonly<{ partnershipId: string; ally: PairingPerson; boardMember: PairingPerson | null }>;

/**
 * What a command's access rule needs to know: which partnership (and organisation) the thing it
 * names belongs to. Read from the streams themselves, like the handlers' facts, so a rule never
 * waits for a read model; what cannot change (a commitment's partnership, a partnership's parent)
 * is remembered.
 */
@Injectable()
export class Scopes {
  private readonly parents = new ImmutableFacts();
  private readonly partnershipsOfCommitments = new ImmutableFacts();
  private readonly partnershipsOfMeetings = new ImmutableFacts();

  constructor(
    private readonly ledger: Ledger,
    private readonly directory: PartnershipDirectoryQueries,
    private readonly grants: AccessGrantsQueries,
  ) {}

  /** The partnership and those above it, nearest first; just the id when it is not formed. */
  async lineageOf(partnershipId: string): Promise<string[]> {
    const lineage = [partnershipId];
    for (let parent = await this.parentOf(partnershipId); parent && lineage.length < MAX_DEPTH; parent = await this.parentOf(parent)) {
      lineage.push(parent);
    }
    return lineage;
  }

  /** '' for a top-level partnership (remembered like any parent), null when it is not formed. */
  private parentOf(partnershipId: string): Promise<string | null> {
    return this.parents.get(partnershipId, async () => {
      const state = await this.ledger.state(partnershipStream, partnershipId);
      return state.status === 'Formed' ? (state.parentPartnershipId ?? '') : null;
    });
  }

  /** Refuses with NOT_FOUND, naming the field, unless the partnership is formed. */
  async requireFormed(partnershipId: string, field = 'partnershipId'): Promise<void> {
    if ((await this.parentOf(partnershipId)) === null) throw new NotFoundError('Partnership', partnershipId, field);
  }

  /** The rule of most partnership commands: its secretariat (or one above it), once it is known to exist. */
  async secretariatOfFormed(partnershipId: string): Promise<GrantRequirement[]> {
    await this.requireFormed(partnershipId);
    return [secretariatOf(partnershipId)];
  }

  async partnershipOfCommitment(commitmentId: string, field = 'commitmentId'): Promise<string> {
    const partnershipId = await this.partnershipsOfCommitments.get(commitmentId, async () => {
      const state = await this.ledger.state(commitmentStream, commitmentId);
      return 'partnershipId' in state ? state.partnershipId : null;
    });
    if (!partnershipId) throw new NotFoundError('Commitment', commitmentId, field);
    return partnershipId;
  }

  /** Its partnership and the organisation that owns it now. */
  async partnershipOfMeeting(meetingId: string, field = 'meetingId'): Promise<string> {
    const partnershipId = await this.partnershipsOfMeetings.get(meetingId, async () => {
      const state = await this.ledger.state(meetingStream, meetingId);
      return 'partnershipId' in state ? state.partnershipId : null;
    });
    if (!partnershipId) throw new NotFoundError('Meeting', meetingId, field);
    return partnershipId;
  }

  /** The partnership a webhook was registered for: its secretariat's alone to change. */
  async partnershipOfWebhook(webhookId: string, field = 'webhookId'): Promise<string> {
    const state = await this.ledger.state(webhookStream, webhookId);
    if (!state.exists) throw new NotFoundError('Webhook', webhookId, field);
    return state.partnershipId;
  }

  /** Its partnership and its owner now: an organisation, or a partnership (then owningOrganisationId is null). */
  async action(actionId: string): Promise<{ partnershipId: string; owningOrganisationId: string | null; owningPartnershipId: string | null }> {
    const state = await this.ledger.state(actionStream, actionId);
    if (state.status === 'NotPlanned') throw new NotFoundError('Action', actionId, 'actionId');
    return { partnershipId: state.partnershipId, owningOrganisationId: state.owningOrganisationId, owningPartnershipId: state.owningPartnershipId };
  }

  async indicator(indicatorId: string): Promise<{ partnershipId: string; owningOrganisationId: string }> {
    const state = await this.ledger.state(indicatorStream, indicatorId);
    if (state.status === 'NotDefined') throw new NotFoundError('Indicator', indicatorId, 'indicatorId');
    return { partnershipId: await this.partnershipOfCommitment(state.commitmentId), owningOrganisationId: state.owningOrganisationId };
  }

  /**
   * Who is named in a pairing: its partnership, the ally, and the board member's person and
   * organisation (from the directory: a seat is appointed long before anyone is paired with it).
   */
  async pairing(pairingId: string): Promise<PairingParties> {
    const pairing = allyshipPairingFacts(await this.ledger.state(allyshipPairingStream, pairingId));
    if (!pairing.exists) throw new NotFoundError('Allyship pairing', pairingId, 'pairingId');
    const member = this.directory.member(pairing.boardMemberId!);
    return {
      partnershipId: pairing.partnershipId!,
      ally: { personId: pairing.allyPersonId!, organisationId: pairing.allyOrganisationId! },
      boardMember: member ? { personId: member.personId, organisationId: member.organisationId } : null,
    };
  }

  /** The partnerships an organisation has joined, whose secretariats may make it a PARTNER grant. */
  partnershipsOfOrganisation(organisationId: string): string[] {
    return this.directory.partnershipIdsOfOrganisation(organisationId);
  }

  grant(grantId: string): GrantRow {
    const grant = this.grants.grant(grantId);
    if (!grant) throw new NotFoundError('Grant', grantId, 'grantId');
    return grant;
  }
}
