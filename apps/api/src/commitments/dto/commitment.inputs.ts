import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { COMMITMENT_OUTCOMES, FINAL_ACTION_STATUSES } from '@ledger/domain';
import { ActionStatus, CommitmentOutcome } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Commitment } from '../commitment.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType()
export class MakeCommitmentInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { description: 'A member organisation of the partnership.' }) @IsUUID() owningOrganisationId!: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsUUID('all', { each: true }) contributingOrganisationIds?: string[] | null;
  @Field() @IsString() title!: string;
  @Field() @IsString() description!: string;
  @Field(() => [ID], { nullable: true, description: 'Current priorities of the partnership.' }) @IsOptional() @IsUUID('all', { each: true }) priorityIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before madeOn.' }) @IsOptional() @IsString() targetDate?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. "LLR framework v10.1, Action 7".' }) @IsOptional() @IsString() sourceReference?: string | null;
  @Field(() => String, { nullable: true, description: "The business date it was made (e.g. a framework agreed in 2021), YYYY-MM-DD in the partnership's calendar: defaults to today there, may not be after it." })
  @IsOptional()
  @IsString()
  madeOn?: string | null;
}

@InputType()
export class EndorseCommitmentInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field({ description: 'The date the board endorsed it, YYYY-MM-DD.' }) @IsString() endorsedOn!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() meetingId?: string | null;
}

@InputType({ description: 'Only the fields given change; `targetDate: null` clears the target date.' })
export class AmendCommitmentInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field({ nullable: true }) @IsOptional() @IsString() title?: string;
  @Field({ nullable: true }) @IsOptional() @IsString() description?: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() targetDate?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?: string;
  @Field({ description: 'Why it changed: kept in history.' }) @IsString() reason!: string;
}

@InputType({ description: 'What became of one action still open when its commitment is closed as ACHIEVED.' })
export class OpenActionOutcomeInput {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field(() => ActionStatus, { description: 'COMPLETED or CANCELLED.' }) @IsIn(FINAL_ACTION_STATUSES) finalStatus!: string;
}

@InputType()
export class CloseCommitmentInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field(() => CommitmentOutcome) @IsIn(COMMITMENT_OUTCOMES) outcome!: string;
  @Field() @IsString() reason!: string;
  @Field(() => [OpenActionOutcomeInput], {
    nullable: true,
    description: 'ACHIEVED with actions still open: each open action, exactly once, as COMPLETED or CANCELLED. MISSED and WITHDRAWN keep their actions’ statuses.',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OpenActionOutcomeInput)
  openActions?: OpenActionOutcomeInput[] | null;
}

@ObjectType()
export class MakeCommitmentPayload extends Payload({ commitment: () => Commitment }) {}

@ObjectType()
export class EndorseCommitmentPayload extends Payload({ commitment: () => Commitment }) {}

@ObjectType()
export class AmendCommitmentPayload extends Payload({ commitment: () => Commitment }) {}

@ObjectType()
export class CloseCommitmentPayload extends Payload({ commitment: () => Commitment }) {}
