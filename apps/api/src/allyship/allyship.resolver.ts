import { Inject } from '@nestjs/common';
import { Args, ArgsType, Field, ID, Int, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { LedgerConfig } from '@ledger/config';
import { ALLYSHIP_PAIRING_STATUSES, calendarDateIn, NotFoundError, type AllyshipPairingStatus as Status } from '@ledger/domain';
import { AllyshipPairingsQueries, daysSinceLastCheckIn } from '@ledger/projections';
import { Access, type RequestAccess } from '../access/request-access.js';
import { Person } from '../access/grant.model.js';
import { Commitment, CommitmentConnection, toCommitment } from '../commitments/commitment.model.js';
import { ByIdArgs } from '../graphql/by-id.args.js';
import { connectionOfIds, loadConnection, PageArgs, pageOf, toConnection } from '../graphql/connection.js';
import { AllyshipPairingStatus } from '../graphql/enums.js';
import { Loaders, type ReadLoaders } from '../graphql/loaders.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { LEDGER_CONFIG } from '../ledger/ledger-tokens.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { Organisation, organisationOf } from '../organisations/organisation.model.js';
import { Member, toMember } from '../partnerships/models/member.model.js';
import { Partnership, partnershipOf } from '../partnerships/models/partnership.model.js';
import {
  ActivateAllyshipPairingCommand,
  EndAllyshipPairingCommand,
  LogAllyshipCheckInCommand,
  PauseAllyshipPairingCommand,
  ProposeAllyshipPairingCommand,
  RespondToChallengeCommand,
} from './allyship.handlers.js';
import {
  Ally,
  AllyshipChallenge,
  AllyshipChallengeConnection,
  AllyshipCheckInConnection,
  AllyshipPairing,
  AllyshipPairingConnection,
  toChallenge,
  toCheckIn,
  toPairing,
} from './allyship.model.js';
import {
  ActivateAllyshipPairingInput,
  ActivateAllyshipPairingPayload,
  EndAllyshipPairingInput,
  EndAllyshipPairingPayload,
  LogAllyshipCheckInInput,
  LogAllyshipCheckInPayload,
  PauseAllyshipPairingInput,
  PauseAllyshipPairingPayload,
  ProposeAllyshipPairingInput,
  ProposeAllyshipPairingPayload,
  RespondToChallengeInput,
  RespondToChallengePayload,
} from './dto/allyship.inputs.js';

/** A year of silence is as quiet as a filter needs to ask about. */
const MAX_QUIET_DAYS = 3660;

@ArgsType()
class AllyshipPairingsArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => AllyshipPairingStatus, { nullable: true }) @IsOptional() @IsIn(ALLYSHIP_PAIRING_STATUSES) status?: Status | null;
  @Field(() => Int, {
    nullable: true,
    description:
      'Only started, not ended pairings with no check-in for at least this many days (counted from the start when there is none), as of the partnership’s today.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_QUIET_DAYS)
  quietForDays?: number | null;
}

@Resolver(() => AllyshipPairing)
export class AllyshipResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly pairings: AllyshipPairingsQueries,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(LEDGER_CONFIG) private readonly config: Pick<LedgerConfig, 'clock'>,
  ) {}

  /** The calendar date where the partnership is: quiet days count to it. */
  private async todayOf(loaders: ReadLoaders, partnershipId: string): Promise<string> {
    const partnership = await partnershipOf(loaders, partnershipId);
    return calendarDateIn(partnership.timeZone, this.config.clock());
  }

  private pairingNamed(id: string, field = 'pairingId'): AllyshipPairing {
    const row = this.pairings.pairing(id);
    if (!row) throw new NotFoundError('Allyship pairing', id, field);
    return toPairing(row);
  }

  private challengeNamed(id: string): AllyshipChallenge {
    const row = this.pairings.challenge(id);
    if (!row) throw new NotFoundError('Challenge', id, 'challengeId');
    return toChallenge(row);
  }

  @Query(() => AllyshipPairing, { description: 'Whoever may read its partnership.' })
  async allyshipPairing(@Args() { id }: ByIdArgs, @Access() access: RequestAccess): Promise<AllyshipPairing> {
    const pairing = this.pairingNamed(id, 'id');
    await access.requireRead(pairing.partnershipId, `read allyship pairing ${id}`);
    return pairing;
  }

  @Query(() => AllyshipPairingConnection, { description: 'A partnership’s pairings in the order proposed, filtered. Whoever may read the partnership.' })
  async allyshipPairings(@Args() args: AllyshipPairingsArgs, @Access() access: RequestAccess, @Loaders() loaders: ReadLoaders): Promise<AllyshipPairingConnection> {
    const { partnershipId, status, quietForDays } = args;
    await access.requireRead(partnershipId);
    const filter = { status: status ?? null, quietForDays: quietForDays ?? null, today: await this.todayOf(loaders, partnershipId) };
    const rows = this.pairings.pairingsOf(partnershipId, filter, pageOf('allyship-pairing', args));
    return toConnection('allyship-pairing', args, { rows, totalCount: this.pairings.pairingCount(partnershipId, filter) }, toPairing);
  }

  private written(reads: PayloadReads, input: { clientMutationId?: string | null }, { id, appended }: Written) {
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ allyshipPairing: this.pairingNamed(id) }));
  }

  @Mutation(() => ProposeAllyshipPairingPayload, { nullable: true, description: 'Pairs a board member with an ally: PROPOSED. Its SECRETARIAT.' })
  async proposeAllyshipPairing(@Args('input') input: ProposeAllyshipPairingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ProposeAllyshipPairingPayload> {
    return this.written(reads, input, await this.commands.execute(new ProposeAllyshipPairingCommand(input, context)));
  }

  @Mutation(() => ActivateAllyshipPairingPayload, { nullable: true, description: 'Starts a proposed pairing, or resumes a paused one. Its SECRETARIAT.' })
  async activateAllyshipPairing(@Args('input') input: ActivateAllyshipPairingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ActivateAllyshipPairingPayload> {
    return this.written(reads, input, await this.commands.execute(new ActivateAllyshipPairingCommand(input, context)));
  }

  @Mutation(() => PauseAllyshipPairingPayload, { nullable: true, description: 'Pauses an active pairing. Its SECRETARIAT.' })
  async pauseAllyshipPairing(@Args('input') input: PauseAllyshipPairingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<PauseAllyshipPairingPayload> {
    return this.written(reads, input, await this.commands.execute(new PauseAllyshipPairingCommand(input, context)));
  }

  @Mutation(() => EndAllyshipPairingPayload, { nullable: true, description: 'Ends a pairing that is not yet ended. Its SECRETARIAT.' })
  async endAllyshipPairing(@Args('input') input: EndAllyshipPairingInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<EndAllyshipPairingPayload> {
    return this.written(reads, input, await this.commands.execute(new EndAllyshipPairingCommand(input, context)));
  }

  @Mutation(() => LogAllyshipCheckInPayload, {
    nullable: true,
    description: 'Records a check-in of an active pairing. Its SECRETARIAT, or either person in the pairing under their PARTNER grant for their organisation.',
  })
  async logAllyshipCheckIn(@Args('input') input: LogAllyshipCheckInInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<LogAllyshipCheckInPayload> {
    const { id, appended, checkInId, challengeIds } = await this.commands.execute(new LogAllyshipCheckInCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => {
      const checkIn = this.pairings.checkIn(checkInId);
      if (!checkIn) throw new NotFoundError('Check-in', checkInId, 'checkInId');
      return { allyshipPairing: this.pairingNamed(id), checkIn: toCheckIn(checkIn), challenges: challengeIds.map((challengeId) => this.challengeNamed(challengeId)) };
    });
  }

  @Mutation(() => RespondToChallengePayload, { nullable: true, description: 'Answers an open challenge. Same rights as logging a check-in.' })
  async respondToChallenge(@Args('input') input: RespondToChallengeInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<RespondToChallengePayload> {
    const { id, appended } = await this.commands.execute(new RespondToChallengeCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ allyshipPairing: this.pairingNamed(id), challenge: this.challengeNamed(input.challengeId.toLowerCase()) }));
  }

  @ResolveField(() => Partnership)
  partnership(@Parent() pairing: AllyshipPairing, @Loaders() loaders: ReadLoaders): Promise<Partnership> {
    return partnershipOf(loaders, pairing.partnershipId);
  }

  @ResolveField(() => Member, { nullable: true, description: 'The board member’s seat.' })
  async boardMember(@Parent() pairing: AllyshipPairing, @Loaders() loaders: ReadLoaders): Promise<Member | null> {
    const row = await loaders.member.load(pairing.boardMemberId);
    return row ? toMember(row) : null;
  }

  @ResolveField(() => Ally)
  ally(@Parent() pairing: AllyshipPairing): Ally {
    return { personId: pairing.allyPersonId, organisationId: pairing.allyOrganisationId };
  }

  @ResolveField(() => Int, { nullable: true, description: 'Days since the last check-in (or since the start, with none) as of the partnership’s today; null before it starts.' })
  async daysSinceLastCheckIn(@Parent() pairing: AllyshipPairing, @Loaders() loaders: ReadLoaders): Promise<number | null> {
    return daysSinceLastCheckIn(pairing, await this.todayOf(loaders, pairing.partnershipId));
  }

  @ResolveField(() => CommitmentConnection, { description: 'Items of the board’s work plan it supports.' })
  commitments(@Parent() pairing: AllyshipPairing, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<CommitmentConnection> {
    return connectionOfIds('pairing-commitment', args, pairing.commitmentIds, async (ids) =>
      (await loaders.commitment.loadMany(ids)).map((row) => (row instanceof Error || row === undefined ? undefined : toCommitment(row))),
    );
  }

  @ResolveField(() => AllyshipCheckInConnection, { description: 'Its check-ins in the order held.' })
  checkIns(@Parent() pairing: AllyshipPairing, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<AllyshipCheckInConnection> {
    return loadConnection('check-in', args, (page) => loaders.checkInsOfPairing.load(pairing.id, page), toCheckIn);
  }

  @ResolveField(() => AllyshipChallengeConnection, { description: 'Challenges not yet answered, in the order raised.' })
  openChallenges(@Parent() pairing: AllyshipPairing, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<AllyshipChallengeConnection> {
    return loadConnection('open-challenge', args, (page) => loaders.openChallengesOfPairing.load(pairing.id, page), toChallenge);
  }
}

@Resolver(() => Ally)
export class AllyResolver {
  @ResolveField(() => Person)
  person(@Parent() ally: Ally): Person {
    return { id: ally.personId };
  }

  @ResolveField(() => Organisation)
  organisation(@Parent() ally: Ally, @Loaders() loaders: ReadLoaders): Promise<Organisation> {
    return organisationOf(loaders, ally.organisationId);
  }
}

/** What a commitment's page shows of the pairings that support it. */
@Resolver(() => Commitment)
export class CommitmentAllyshipResolver {
  @ResolveField(() => AllyshipPairingConnection, { description: 'The allyship pairings that support it, in the order proposed.' })
  allyshipPairings(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<AllyshipPairingConnection> {
    return loadConnection('commitment-pairing', args, (page) => loaders.pairingsOfCommitment.load(commitment.id, page), toPairing);
  }

  @ResolveField(() => AllyshipChallengeConnection, {
    description: 'Challenges raised at allyship check-ins about it or one of its actions, answered or not, in the order raised.',
  })
  challenges(@Parent() commitment: Commitment, @Args() args: PageArgs, @Loaders() loaders: ReadLoaders): Promise<AllyshipChallengeConnection> {
    return loadConnection('commitment-challenge', args, (page) => loaders.challengesOfCommitment.load(commitment.id, page), toChallenge);
  }
}
