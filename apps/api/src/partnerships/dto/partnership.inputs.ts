import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsIn, IsInt, IsOptional, IsString, IsUUID } from 'class-validator';
import { PARTNERSHIP_LEVELS } from '@ledger/domain';
import { PartnershipLevel } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Member } from '../models/member.model.js';
import { Partnership } from '../models/partnership.model.js';
import { Priority } from '../models/priority.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType()
export class FormPartnershipInput extends MutationInput {
  @Field() @IsString() name!: string;
  @Field(() => PartnershipLevel) @IsIn(PARTNERSHIP_LEVELS) level!: string;
  @Field(() => ID, { nullable: true, description: 'e.g. the ICS partnership a place board sits under.' })
  @IsOptional()
  @IsUUID()
  parentPartnershipId?: string | null;
  @Field(() => String, { nullable: true, description: 'IANA time zone, e.g. "Europe/London" (the default): the partnership’s "today" for its date rules.' })
  @IsOptional()
  @IsString()
  timeZone?: string | null;
}

@InputType()
export class JoinPartnershipInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
}

@InputType()
export class AppointMemberInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { description: 'A partner organisation: it must have joined the partnership.' }) @IsUUID() organisationId!: string;
  @Field(() => ID, {
    nullable: true,
    description: 'A person already known here (someone granted a role, or who has signed in), so the seat can act as them, e.g. in an allyship pairing.',
  })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
  @Field(() => String, { nullable: true, description: 'Personal data, kept outside the event log so it can be erased. Required without personId.' })
  @IsOptional()
  @IsString()
  name?: string | null;
  @Field() @IsString() roleTitle!: string;
}

@InputType()
export class AdoptPriorityInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field({ description: 'Short code, e.g. "P7"; unique among the current priorities.' }) @IsString() code!: string;
  @Field() @IsString() title!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() description?: string | null;
}

@InputType()
export class RetirePriorityInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() priorityId!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() reason?: string | null;
}

@InputType()
export class LeavePartnershipInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class VacateMemberInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() memberId!: string;
  @Field() @IsString() reason!: string;
}

@InputType()
export class DissolvePartnershipInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field() @IsString() reason!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, the business date it was dissolved on; not after today, which is the default.' })
  @IsOptional()
  @IsString()
  dissolvedOn?: string | null;
}

@ObjectType()
export class LeavePartnershipPayload extends Payload({ partnership: () => Partnership }) {}

@ObjectType()
export class VacateMemberPayload extends Payload({ member: () => Member }) {}

@ObjectType()
export class DissolvePartnershipPayload extends Payload({ partnership: () => Partnership }) {}

@ObjectType()
export class AdoptPriorityPayload extends Payload({ priority: () => Priority }) {}

@ObjectType()
export class RetirePriorityPayload extends Payload({ priority: () => Priority }) {}

@ObjectType()
export class FormPartnershipPayload extends Payload({ partnership: () => Partnership }) {}

@ObjectType()
export class JoinPartnershipPayload extends Payload({ partnership: () => Partnership }) {}

@ObjectType()
export class AppointMemberPayload extends Payload({ member: () => Member }) {}

@InputType({ description: 'The board views’ thresholds, in days (1 to 366); a setting left out keeps its value.' })
export class ChangePartnershipSettingsInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => Int, { nullable: true, description: 'A NOT_STARTED action due within this many days is AMBER (default 14).' })
  @IsOptional()
  @IsInt()
  amberWithinDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'An open action with no update for this many days is silent (default 30).' })
  @IsOptional()
  @IsInt()
  silentAfterDays?: number | null;
  @Field(() => Int, { nullable: true, description: 'The dashboard’s "due soon": open actions due within this many days (default 14).' })
  @IsOptional()
  @IsInt()
  dueSoonDays?: number | null;
}

@ObjectType()
export class ChangePartnershipSettingsPayload extends Payload({ partnership: () => Partnership }) {}
