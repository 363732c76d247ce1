import type { Type } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  type ActionFactsById,
  type AllyshipPairingCommand,
  allyshipPairingStream,
  type CommitmentFactsById,
  NotFoundError,
  type PartnershipFacts,
  requireName,
  ValidationError,
} from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { AllyshipPairingsQueries } from '@ledger/projections';
import { PairingPartyCommand, PairingSecretariatCommand, PartnershipSecretariatCommand } from '../access/rules.js';
import { CaughtUp } from '../ledger/caught-up.js';
import { Ledger, type CommandInput } from '../ledger/ledger.service.js';
import type { Written } from '../ledger/written.js';
import type {
  ActivateAllyshipPairingInput,
  EndAllyshipPairingInput,
  LogAllyshipCheckInInput,
  PauseAllyshipPairingInput,
  ProposeAllyshipPairingInput,
  RespondToChallengeInput,
} from './dto/allyship.inputs.js';

export class ProposeAllyshipPairingCommand extends PartnershipSecretariatCommand<ProposeAllyshipPairingInput> {
  readonly what = 'propose an allyship pairing in this partnership';
}
export class ActivateAllyshipPairingCommand extends PairingSecretariatCommand<ActivateAllyshipPairingInput> {
  readonly what = 'activate this allyship pairing';
}
export class PauseAllyshipPairingCommand extends PairingSecretariatCommand<PauseAllyshipPairingInput> {
  readonly what = 'pause this allyship pairing';
}
export class EndAllyshipPairingCommand extends PairingSecretariatCommand<EndAllyshipPairingInput> {
  readonly what = 'end this allyship pairing';
}
export class LogAllyshipCheckInCommand extends PairingPartyCommand<LogAllyshipCheckInInput, Written & { checkInId: string; challengeIds: string[] }> {
  readonly what = 'log a check-in on this allyship pairing';
}
export class RespondToChallengeCommand extends PairingPartyCommand<RespondToChallengeInput> {
  readonly what = 'answer a challenge on this allyship pairing';
}

/** Ids as the decider keys them (lower case), each once; anything else it refuses by field. */
const distinctIds = (ids: readonly (string | null | undefined)[]) => [...new Set(ids.flatMap((id) => (typeof id === 'string' ? [id.toLowerCase()] : [])))];

/** The facts of each commitment named, keyed by id. */
async function commitmentsNamed(ledger: Ledger, ids: readonly (string | null | undefined)[]): Promise<CommitmentFactsById> {
  return Object.fromEntries(await Promise.all(distinctIds(ids).map(async (id) => [id, await ledger.facts.commitment(id)] as const)));
}

/** The partnership a pairing belongs to: its "today" dates every move and check-in. */
async function partnershipOfPairing(ledger: Ledger, pairingId: string): Promise<PartnershipFacts> {
  const pairing = await ledger.state(allyshipPairingStream, pairingId);
  return ledger.facts.partnership('partnershipId' in pairing ? pairing.partnershipId : '');
}

@CommandHandler(ProposeAllyshipPairingCommand)
export class ProposeAllyshipPairingHandler implements ICommandHandler<ProposeAllyshipPairingCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly personalData: PersonalDataStore,
    private readonly pairings: AllyshipPairingsQueries,
    private readonly caughtUp: CaughtUp,
  ) {}

  /** A new ally's name goes to the personal-data store; the event carries only their id. */
  async execute(command: ProposeAllyshipPairingCommand) {
    const { clientMutationId: _key, ally, ...input } = command.input;
    const pairingId = command.newId('pairingId');
    const { personId, recordedNow } = this.allyPerson(command);
    try {
      const [partnership, allyOrganisationSector, commitments] = await Promise.all([
        this.ledger.facts.partnership(input.partnershipId),
        this.ledger.facts.organisationSector(ally.organisationId),
        commitmentsNamed(this.ledger, input.commitmentIds ?? []),
      ]);
      await this.caughtUp.withLog('the open pairings of these two people are');
      const openPairingOfSamePeople = this.pairings.openPairingOf(input.boardMemberId.toLowerCase(), personId.toLowerCase());
      return await this.ledger.handle(
        allyshipPairingStream,
        pairingId,
        {
          type: 'ProposeAllyshipPairing',
          data: { ...input, pairingId, ally: { personId, organisationId: ally.organisationId }, partnership, allyOrganisationSector, openPairingOfSamePeople, commitments },
        },
        command,
      );
    } catch (error) {
      if (recordedNow) this.personalData.forget(personId);
      throw error;
    }
  }

  /** The ally as a known person, or a new one recorded now; a retry (same clientMutationId) finds the one recorded first. */
  private allyPerson(command: ProposeAllyshipPairingCommand): { personId: string; recordedNow: boolean } {
    const { personId, name } = command.input.ally;
    if ((personId ? 1 : 0) + (name !== undefined && name !== null ? 1 : 0) !== 1) {
      throw new ValidationError('ally', 'personIdOrName', 'Give the ally either personId (a known person) or name (a new person), not both');
    }
    if (personId) {
      if (!this.personalData.knows(personId)) throw new NotFoundError('Person', personId, 'ally.personId');
      return { personId, recordedNow: false };
    }
    const allyName = requireName('ally.name', name!);
    const newPersonId = command.newId('allyPersonId');
    if (this.personalData.knows(newPersonId)) return { personId: newPersonId, recordedNow: false };
    this.personalData.record(newPersonId, { name: allyName });
    return { personId: newPersonId, recordedNow: true };
  }
}

type PairingMoveInput = { pairingId: string; reason: string; expectedRevision?: string | null; clientMutationId?: string | null };

/** The handler of a move of the lifecycle: each needs only the partnership (its "today") besides its input. */
function pairingMoveHandler(moved: Type<PairingSecretariatCommand<PairingMoveInput>>, type: 'ActivateAllyshipPairing' | 'PauseAllyshipPairing' | 'EndAllyshipPairing') {
  @CommandHandler(moved)
  class PairingMoveHandler implements ICommandHandler<PairingSecretariatCommand<PairingMoveInput>> {
    constructor(readonly ledger: Ledger) {}

    async execute(command: PairingSecretariatCommand<PairingMoveInput>) {
      const { expectedRevision, clientMutationId: _key, ...input } = command.input;
      const partnership = await partnershipOfPairing(this.ledger, input.pairingId);
      // The input carries the move's own date field (activatedOn, pausedOn or endedOn), which the decider checks.
      const move = { type, data: { ...input, partnership } } as CommandInput<AllyshipPairingCommand>;
      return this.ledger.handle(allyshipPairingStream, input.pairingId, move, command, expectedRevision);
    }
  }
  Object.defineProperty(PairingMoveHandler, 'name', { value: `${type}Handler` });
  return PairingMoveHandler;
}

export const ActivateAllyshipPairingHandler = pairingMoveHandler(ActivateAllyshipPairingCommand, 'ActivateAllyshipPairing');
export const PauseAllyshipPairingHandler = pairingMoveHandler(PauseAllyshipPairingCommand, 'PauseAllyshipPairing');
export const EndAllyshipPairingHandler = pairingMoveHandler(EndAllyshipPairingCommand, 'EndAllyshipPairing');

@CommandHandler(LogAllyshipCheckInCommand)
export class LogAllyshipCheckInHandler implements ICommandHandler<LogAllyshipCheckInCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: LogAllyshipCheckInCommand) {
    const { expectedRevision, clientMutationId: _key, challenges: given, ...input } = command.input;
    const checkInId = command.newId('checkInId');
    // Each challenge gets its id here, the same on a retry with the same key.
    const challenges = (given ?? []).map((challenge, index) => ({ ...challenge, challengeId: command.newId(`challenge ${index}`) }));
    const actionIds = distinctIds(challenges.map((challenge) => challenge.actionId));
    const actions: ActionFactsById = Object.fromEntries(await Promise.all(actionIds.map(async (id) => [id, await this.ledger.facts.linkedAction(id)] as const)));
    const [partnership, commitments] = await Promise.all([
      partnershipOfPairing(this.ledger, input.pairingId),
      commitmentsNamed(this.ledger, challenges.map((challenge) => challenge.commitmentId)),
    ]);
    const written = await this.ledger.handle(
      allyshipPairingStream,
      input.pairingId,
      { type: 'LogAllyshipCheckIn', data: { ...input, checkInId, challenges, loggedBy: command.side, partnership, commitments, actions } },
      command,
      expectedRevision,
    );
    return { ...written, checkInId, challengeIds: challenges.map((challenge) => challenge.challengeId) };
  }
}

@CommandHandler(RespondToChallengeCommand)
export class RespondToChallengeHandler implements ICommandHandler<RespondToChallengeCommand> {
  constructor(private readonly ledger: Ledger) {}

  async execute(command: RespondToChallengeCommand) {
    const { expectedRevision, clientMutationId: _key, ...input } = command.input;
    const partnership = await partnershipOfPairing(this.ledger, input.pairingId);
    return this.ledger.handle(
      allyshipPairingStream,
      input.pairingId,
      { type: 'RespondToChallenge', data: { ...input, respondedBy: command.side, partnership } },
      command,
      expectedRevision,
    );
  }
}

export const ALLYSHIP_HANDLERS = [
  ProposeAllyshipPairingHandler,
  ActivateAllyshipPairingHandler,
  PauseAllyshipPairingHandler,
  EndAllyshipPairingHandler,
  LogAllyshipCheckInHandler,
  RespondToChallengeHandler,
];
