import { Args, Field, ID, InputType, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { IsString, IsUUID } from 'class-validator';
import { OPERATOR, personStream } from '@ledger/domain';
import { PersonalDataStore } from '@ledger/personal-data';
import { v7 as uuidv7 } from 'uuid';
import { MutationInput, Payload } from '../graphql/mutation.js';
import { RequestContext, type CommandContext } from '../ledger/command-context.js';
import { LedgerCommand } from '../ledger/ledger-command.js';
import { LedgerCommands } from '../ledger/ledger-commands.js';
import { Ledger } from '../ledger/ledger.service.js';
import { PayloadReads, ReadYourWrites } from '../ledger/read-your-writes.js';
import type { Written } from '../ledger/written.js';
import { OPERATOR_ISSUER } from './access.handlers.js';
import { Person } from './grant.model.js';
import { PLATFORM_ADMIN } from './scopes.js';

@InputType()
export class ForgetPersonInput extends MutationInput {
  @Field(() => ID) @IsUUID() personId!: string;
  @Field({ description: 'Why, e.g. the erasure request it answers: kept in the ledger, so it must not name the person.' }) @IsString() reason!: string;
}

@ObjectType()
export class ForgetPersonPayload extends Payload({ person: { type: () => Person, description: 'The person, now known by id only: `name` reads null.' } }) {}

export class ForgetPersonCommand extends LedgerCommand<ForgetPersonInput> {
  readonly what = 'forget a person';
  /** Erasure is owed to the person whatever became of the partnerships they served. */
  override readonly changesPartnershipRecord = false;
  async requires() {
    return [PLATFORM_ADMIN];
  }
}

/**
 * Forgetting a person: `PersonForgotten` on their `person-<id>` stream first (id and reason only), then
 * their rows leave the personal-data store. In that order, so no erasure goes unrecorded; a crash in
 * between leaves the event and the rows, and the operator's `erase-person` finishes the job.
 */
@CommandHandler(ForgetPersonCommand)
export class ForgetPersonHandler implements ICommandHandler<ForgetPersonCommand> {
  constructor(
    private readonly ledger: Ledger,
    private readonly personalData: PersonalDataStore,
  ) {}

  async execute(command: ForgetPersonCommand): Promise<Written> {
    const { personId, reason } = command.input;
    const known = this.personalData.knows(personId);
    const { appended } = await this.ledger.handle(personStream, personId, { type: 'ForgetPerson', data: { personId, reason, known } }, command);
    this.personalData.erase(personId);
    return { id: personId, appended };
  }
}

/** The operator's `erase-person`: the same handler, acting as the operator at the console (see `grantAsOperator`). */
export async function forgetAsOperator(ledger: Ledger, personalData: PersonalDataStore, operator: string, input: Omit<ForgetPersonInput, 'clientMutationId'>): Promise<Written> {
  const operatorId = personalData.identify({ issuer: OPERATOR_ISSUER, subject: operator });
  const command = new ForgetPersonCommand(input as ForgetPersonInput, { caller: { personId: operatorId }, correlationId: uuidv7() });
  command.authorise({ personId: operatorId, grantId: null, role: OPERATOR, organisationId: null });
  return new ForgetPersonHandler(ledger, personalData).execute(command);
}

@Resolver()
export class ForgetPersonResolver {
  constructor(
    private readonly commands: LedgerCommands,
    private readonly readYourWrites: ReadYourWrites,
  ) {}

  @Mutation(() => ForgetPersonPayload, {
    nullable: true,
    description:
      'Erases a person’s name, email, identities and declarations from the personal-data store and records `PersonForgotten` (their id and the reason, nothing personal). History still replays and counts, naming them by id only. PLATFORM_ADMIN only.',
  })
  async forgetPerson(@Args('input') input: ForgetPersonInput, @RequestContext() context: CommandContext, @PayloadReads() reads: PayloadReads): Promise<ForgetPersonPayload> {
    const { id, appended } = await this.commands.execute(new ForgetPersonCommand(input, context));
    return this.readYourWrites.payload(reads, input, appended.position, () => ({ person: { id } }));
  }
}
