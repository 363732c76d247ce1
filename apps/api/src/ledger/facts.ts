import {
  type Action,
  actionStream,
  commitmentFacts,
  type CommitmentFacts,
  commitmentStream,
  indicatorStream,
  type LinkedActionFacts,
  organisationStream,
  type PartnershipFacts,
  partnershipFacts,
  partnershipStream,
  type Sector,
} from '@ledger/domain';
import type { Ledger } from './ledger.service.js';

/** A commitment's facts with those of its partnership: most decisions under a commitment need both. */
export type UnderCommitment = Readonly<{ commitment: CommitmentFacts; partnership: PartnershipFacts }>;

/**
 * What a decision on one stream needs to know about others, read from their own streams, never
 * from a read model that may lag. An id that names nothing reads as that stream's initial state,
 * which the decider refuses in its own words.
 */
export class Facts {
  constructor(private readonly ledger: Pick<Ledger, 'state'>) {}

  async partnership(partnershipId: string): Promise<PartnershipFacts> {
    return partnershipFacts(await this.ledger.state(partnershipStream, partnershipId));
  }

  async commitment(commitmentId: string): Promise<CommitmentFacts> {
    return commitmentFacts(await this.ledger.state(commitmentStream, commitmentId));
  }

  async organisationIsRegistered(organisationId: string): Promise<boolean> {
    return (await this.ledger.state(organisationStream, organisationId)).status === 'Registered';
  }

  /** Its sector, or null when it is not registered. */
  async organisationSector(organisationId: string): Promise<Sector | null> {
    const organisation = await this.ledger.state(organisationStream, organisationId);
    return organisation.status === 'Registered' ? organisation.sector : null;
  }

  /** Those of `candidateIds` that sit directly beneath the partnership, as their own streams say (a partnership's parent never changes). */
  async partnershipsBeneath(partnershipId: string, candidateIds: readonly string[]): Promise<string[]> {
    const parents = await Promise.all(candidateIds.map(async (id) => partnershipFacts(await this.ledger.state(partnershipStream, id))));
    return candidateIds.filter((_id, index) => parents[index]!.formed && parents[index]!.parentPartnershipId === partnershipId);
  }

  /** What a challenge that names an action needs: that it exists, its partnership and its commitment. */
  async linkedAction(actionId: string): Promise<LinkedActionFacts> {
    const action = await this.ledger.state(actionStream, actionId);
    if (action.status === 'NotPlanned') return { exists: false, partnershipId: null, commitmentId: null };
    return { exists: true, partnershipId: action.partnershipId, commitmentId: action.commitmentId };
  }

  async underCommitment(commitmentId: string): Promise<UnderCommitment> {
    return this.withPartnership(await this.commitment(commitmentId));
  }

  /**
   * The commitment an action serves, read from the action's stream: a closed one closes the action to
   * changes. An action raised at a meeting without a commitment has none, which the rules read as open.
   */
  async commitmentOfAction(actionId: string): Promise<CommitmentFacts> {
    return this.commitmentOf(await this.ledger.state(actionStream, actionId));
  }

  private commitmentOf(action: Action): Promise<CommitmentFacts> | CommitmentFacts {
    if (action.status === 'NotPlanned') return this.commitment('');
    if (action.commitmentId === null) return { exists: false, status: null, partnershipId: null };
    return this.commitment(action.commitmentId);
  }

  /** The action's partnership is the one its stream carries, so a commitment-less action has one too. */
  async underAction(actionId: string): Promise<UnderCommitment> {
    // One load of the action's stream serves both (every command on an action asks this).
    const action = await this.ledger.state(actionStream, actionId);
    const commitment = await this.commitmentOf(action);
    const partnershipId = action.status === 'NotPlanned' ? commitment.partnershipId : action.partnershipId;
    return { commitment, partnership: await this.partnership(partnershipId ?? '') };
  }

  /** The indicator's commitment (closed: no more readings) and partnership (its "today"). */
  async underIndicator(indicatorId: string): Promise<UnderCommitment> {
    const indicator = await this.ledger.state(indicatorStream, indicatorId);
    return this.underCommitment('commitmentId' in indicator ? indicator.commitmentId : '');
  }

  private async withPartnership(commitment: CommitmentFacts): Promise<UnderCommitment> {
    return { commitment, partnership: await this.partnership(commitment.partnershipId ?? '') };
  }
}
