import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { IsIn, IsOptional, IsString, IsUUID } from 'class-validator';
import { PARTNERSHIP_LEVELS } from '@ledger/domain';
import { PartnershipLevel } from '../../graphql/enums.js';
import { Member } from '../models/member.model.js';
import { Partnership } from '../models/partnership.model.js';

@InputType()
export class FormPartnershipInput {
  @Field() @IsString() name!: string;
  @Field(() => PartnershipLevel) @IsIn(PARTNERSHIP_LEVELS) level!: string;
  @Field(() => ID, { nullable: true, description: 'e.g. the ICS partnership a place board sits under.' })
  @IsOptional()
  @IsUUID()
  parentPartnershipId?: string | null;
}

@InputType()
export class JoinPartnershipInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
}

@InputType()
export class AppointMemberInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID, { description: 'A partner organisation: it must have joined the partnership.' }) @IsUUID() organisationId!: string;
  @Field({ description: 'Personal data: kept outside the event log so it can be erased.' }) @IsString() name!: string;
  @Field() @IsString() roleTitle!: string;
}

@ObjectType()
export class FormPartnershipPayload {
  @Field(() => Partnership) partnership!: Partnership;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}

@ObjectType()
export class JoinPartnershipPayload {
  @Field(() => Partnership) partnership!: Partnership;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}

@ObjectType()
export class AppointMemberPayload {
  @Field(() => Member) member!: Member;
  @Field({ description: 'Global log position of the last event written.' }) position!: string;
}
