import type { GrantRequirement, PairingSide } from '@ledger/domain';
import { LedgerCommand } from '../ledger/ledger-command.js';
import type { Written } from '../ledger/written.js';
import { pairingParty, secretariatOf, type PairingParties, type Scopes } from './scopes.js';

type Keyed = { clientMutationId?: string | null };

/**
 * The access rules most commands share, as bases to extend: a command names what it does (`what`)
 * and inherits who may do it. Commands with rules of their own implement `requires` themselves.
 */

/** Its partnership's secretariat (or one above it), once the partnership is known to be formed. */
export abstract class PartnershipSecretariatCommand<Input extends Keyed & { partnershipId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return scopes.secretariatOfFormed(this.input.partnershipId);
  }
}

/** The secretariat of the commitment's partnership. */
export abstract class CommitmentSecretariatCommand<Input extends Keyed & { commitmentId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return [secretariatOf(await scopes.partnershipOfCommitment(this.input.commitmentId))];
  }
}

/** The secretariat of the action's partnership: the board's decisions on an action. */
export abstract class ActionSecretariatCommand<Input extends Keyed & { actionId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return [secretariatOf((await scopes.action(this.input.actionId)).partnershipId)];
  }
}

/** The secretariat of the pairing's partnership: the board's decisions on a pairing. */
export abstract class PairingSecretariatCommand<Input extends Keyed & { pairingId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return [secretariatOf((await scopes.pairing(this.input.pairingId)).partnershipId)];
  }
}

/**
 * Check-ins and answers: the secretariat, or either person named in the pairing under their PARTNER
 * grant for their own organisation. Which of them acted is the side the event records.
 */
export abstract class PairingPartyCommand<Input extends Keyed & { pairingId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  private parties?: PairingParties;

  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    const parties = (this.parties = await scopes.pairing(this.input.pairingId));
    return [secretariatOf(parties.partnershipId), pairingParty(parties.ally), ...(parties.boardMember ? [pairingParty(parties.boardMember)] : [])];
  }

  /** The side the caller was authorised as: the secretariat, else the person they are in the pairing. */
  get side(): PairingSide {
    const { role, personId } = this.actor;
    if (role === 'SECRETARIAT' || !this.parties) return 'SECRETARIAT';
    return personId === this.parties.ally.personId ? 'ALLY' : 'BOARD_MEMBER';
  }
}

/** The secretariat of the meeting's partnership: the board's minutes are its secretariat's to keep. */
export abstract class MeetingSecretariatCommand<Input extends Keyed & { meetingId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return [secretariatOf(await scopes.partnershipOfMeeting(this.input.meetingId))];
  }
}

/** The secretariat of the partnership the webhook was registered for: a webhook never crosses partnerships. */
export abstract class WebhookSecretariatCommand<Input extends Keyed & { webhookId: string }, Result = Written> extends LedgerCommand<Input, Result> {
  async requires(scopes: Scopes): Promise<GrantRequirement[]> {
    return [secretariatOf(await scopes.partnershipOfWebhook(this.input.webhookId))];
  }
}
