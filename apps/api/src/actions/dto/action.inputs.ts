import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID } from 'class-validator';
import { ACTION_STATUSES } from '@ledger/domain';
import { ActionStatus } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Action, ActionUpdate } from '../action.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType({ description: 'Give owningOrganisationId for one organisation, or everyMemberOrganisation: true for one action per member organisation.' })
export class PlanActionInput extends MutationInput {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?: string | null;
  @Field(() => Boolean, { nullable: true, description: '"Each organisation will…": plans one action for every member organisation, each owned and reported separately.' })
  @IsOptional()
  @IsBoolean()
  everyMemberOrganisation?: boolean | null;
  @Field() @IsString() title!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() dueDate!: string;
  @Field(() => ID, { nullable: true, description: 'A board member leading it.' }) @IsOptional() @IsUUID() leadMemberId?: string | null;
  @Field(() => String, { nullable: true, description: "The business date it was agreed, YYYY-MM-DD in the partnership's calendar: defaults to today there, may not be after it. Not before the commitment's madeOn." })
  @IsOptional()
  @IsString()
  plannedOn?: string | null;
}

@InputType()
export class RescheduleActionInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() dueDate!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class ReassignActionInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field(() => ID) @IsUUID() owningOrganisationId!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class ReopenActionInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class SubmitActionUpdateInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field(() => ActionStatus) @IsIn(ACTION_STATUSES) status!: string;
  @Field(() => Int, { nullable: true, description: '0 to 100.' }) @IsOptional() @IsInt() percentComplete?: number | null;
  @Field({ description: 'What has happened (required).' }) @IsString() whatHasHappened!: string;
  @Field(() => String, { nullable: true, description: 'What more is to be done.' }) @IsOptional() @IsString() whatMoreIsToBeDone?: string | null;
  @Field(() => [String], { nullable: true, description: 'http or https links.' }) @IsOptional() @IsString({ each: true }) evidenceLinks?: string[] | null;
  @Field(() => String, { nullable: true, description: "The business date it reports as of, YYYY-MM-DD in the partnership's calendar: defaults to today there, may not be after it. Not before the action's plannedOn." })
  @IsOptional()
  @IsString()
  reportedOn?: string | null;
}

@ObjectType()
export class PlanActionPayload extends Payload({
  actions: { type: () => [Action], description: 'One action, or one per member organisation.' },
}) {}

@ObjectType()
export class RescheduleActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class ReassignActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class ReopenActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class SubmitActionUpdatePayload extends Payload({ action: () => Action, update: () => ActionUpdate }) {}
