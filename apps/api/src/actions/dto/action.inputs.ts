import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ACTION_STATUSES } from '@ledger/domain';
import { ActionStatus } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Action, ActionUpdate } from '../action.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType({
  description:
    'Several owners at once, one action each, sharing a planId: set exactly one member. Each action is owned and reported separately.',
})
export class ActionOwnersInput {
  @Field(() => Boolean, { nullable: true, description: '"Each organisation will…": every member organisation of the partnership.' })
  @IsOptional()
  @IsBoolean()
  everyMemberOrganisation?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: '"Each Place": every partnership directly beneath this one.' })
  @IsOptional()
  @IsBoolean()
  everyPartnershipBeneath?: boolean | null;
  @Field(() => [ID], { nullable: true, description: '"Key partner orgs": these member organisations (at most 100).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID(undefined, { each: true })
  organisationIds?: string[] | null;
  @Field(() => [ID], { nullable: true, description: 'These partnerships: this one or ones directly beneath it (at most 100).' })
  @IsOptional()
  @ArrayMaxSize(100)
  @IsUUID(undefined, { each: true })
  partnershipIds?: string[] | null;
}

@InputType({
  description:
    'Give exactly one owner: owningOrganisationId (a member organisation), owningPartnershipId (this partnership, "ICS", or one directly beneath it, a place), or owners for several at once.',
})
export class PlanActionInput extends MutationInput {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?: string | null;
  @Field(() => ID, { nullable: true, description: 'This partnership ("ICS") or a partnership directly beneath it (a place); its secretariat reports on the action.' })
  @IsOptional()
  @IsUUID()
  owningPartnershipId?: string | null;
  @Field(() => ActionOwnersInput, { nullable: true, description: 'Several owners at once, one action each.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => ActionOwnersInput)
  owners?: ActionOwnersInput | null;
  @Field(() => Boolean, { nullable: true, description: 'The same as owners: { everyMemberOrganisation: true }.' })
  @IsOptional()
  @IsBoolean()
  everyMemberOrganisation?: boolean | null;
  @Field(() => String, { nullable: true, description: 'The body it reports to, as the framework names it, e.g. "System Executive".' })
  @IsOptional()
  @IsString()
  reportsTo?: string | null;
  @Field() @IsString() title!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() dueDate!: string;
  @Field(() => ID, { nullable: true, description: 'A board member leading it.' }) @IsOptional() @IsUUID() leadMemberId?: string | null;
  @Field(() => String, { nullable: true, description: "The business date it was agreed, YYYY-MM-DD in the partnership's calendar: defaults to today there, may not be after it. Not before the commitment's madeOn." })
  @IsOptional()
  @IsString()
  plannedOn?: string | null;
  /** Not in the schema: only the spreadsheet import sets it, having checked it is new in the partnership. */
  externalId?: string | null;
}

@InputType()
export class RescheduleActionInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() dueDate!: string;
  @Field() @IsString() reason!: string;
}

@InputType({ description: 'Give exactly one new owner: owningOrganisationId or owningPartnershipId (the same owners planAction accepts).' })
export class ReassignActionInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningOrganisationId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() owningPartnershipId?: string | null;
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
  actions: { type: () => [Action], description: 'One action, or one per owner when several are planned at once.' },
}) {}

@ObjectType()
export class RescheduleActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class ReassignActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class ReopenActionPayload extends Payload({ action: () => Action }) {}

@ObjectType()
export class SubmitActionUpdatePayload extends Payload({ action: () => Action, update: () => ActionUpdate }) {}
