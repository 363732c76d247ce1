import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { COMMITMENT_OUTCOMES } from '@ledger/domain';
import { CommitmentOutcome } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Commitment } from '../commitment.model.js';
import { MutationInput, MutationPayload } from '../../graphql/mutation.js';

@InputType()
export class MakeCommitmentInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { description: 'A member organisation of the partnership.' }) @IsUUID() owningOrganisationId!: string;
  @Field(() => [ID], { nullable: true }) @IsOptional() @IsUUID('all', { each: true }) contributingOrganisationIds?: string[] | null;
  @Field() @IsString() title!: string;
  @Field() @IsString() description!: string;
  @Field(() => [ID], { nullable: true, description: 'Current priorities of the partnership.' }) @IsOptional() @IsUUID('all', { each: true }) priorityIds?: string[] | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, not before today.' }) @IsOptional() @IsString() targetDate?: string | null;
  @Field(() => String, { nullable: true, description: 'e.g. "LLR framework v10.1, Action 7".' }) @IsOptional() @IsString() sourceReference?: string | null;
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

@InputType()
export class CloseCommitmentInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field(() => CommitmentOutcome) @IsIn(COMMITMENT_OUTCOMES) outcome!: string;
  @Field() @IsString() reason!: string;
}

@ObjectType()
export class MakeCommitmentPayload extends MutationPayload {
  @Field(() => Commitment) commitment!: Commitment;
}

@ObjectType()
export class EndorseCommitmentPayload extends MutationPayload {
  @Field(() => Commitment) commitment!: Commitment;
}

@ObjectType()
export class AmendCommitmentPayload extends MutationPayload {
  @Field(() => Commitment) commitment!: Commitment;
}

@ObjectType()
export class CloseCommitmentPayload extends MutationPayload {
  @Field(() => Commitment) commitment!: Commitment;
}
