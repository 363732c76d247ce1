import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ITEM_VISIBILITIES, MEETING_FORMATS, PRESENCES, RESOLUTION_KINDS } from '@ledger/domain';
import { ItemVisibility, MeetingFormat, Presence, ResolutionKind } from '../../graphql/enums.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Meeting } from '../meeting.model.js';

@InputType()
export class ScheduleMeetingInput extends MutationInput {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field({ description: 'YYYY-MM-DD, the partnership’s calendar date.' }) @IsString() date!: string;
  @Field({ description: 'HH:MM, 24-hour, local time where the partnership is.' }) @IsString() startTime!: string;
  @Field(() => MeetingFormat) @IsIn(MEETING_FORMATS) format!: string;
  @Field(() => String, { nullable: true, description: 'For IN_PERSON and HYBRID.' }) @IsOptional() @IsString() place?: string | null;
  @Field(() => String, { nullable: true, description: 'For ONLINE and HYBRID.' }) @IsOptional() @IsString() link?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() title?: string | null;
}

@InputType()
export class AttendanceEntryInput {
  @Field(() => ID, { description: 'A board member: never a name.' }) @IsUUID() memberId!: string;
  @Field(() => Presence) @IsIn(PRESENCES) presence!: string;
}

@InputType()
export class DeclarationInput {
  @Field(() => ID) @IsUUID() memberId!: string;
  @Field({ description: 'What the interest is. Readable by whoever may read the partnership.' }) @IsString() interest!: string;
}

@InputType({ description: 'The whole record each time: a correction replaces the one before.' })
export class RecordAttendanceInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() meetingId!: string;
  @Field(() => [AttendanceEntryInput]) @IsArray() @ValidateNested({ each: true }) @Type(() => AttendanceEntryInput) attendance!: AttendanceEntryInput[];
  @Field(() => [DeclarationInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeclarationInput)
  declarations?: DeclarationInput[] | null;
}

@InputType({ description: 'Exactly one of a board member and a role title ("Director of Public Health"); never a person’s name.' })
export class PresenterInput {
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() memberId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() role?: string | null;
}

@InputType({ description: '`kind` and the fields that kind takes: CONFIRM_MINUTES meetingId; ENDORSE_COMMITMENT commitmentId; REQUEST_UPDATE byDate (and fromOrganisationId); OTHER text.' })
export class MinuteResolutionInput {
  @Field(() => ResolutionKind) @IsIn(RESOLUTION_KINDS) kind!: string;
  @Field(() => ID, { nullable: true, description: 'The earlier meeting whose minutes are confirmed.' }) @IsOptional() @IsUUID() meetingId?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() commitmentId?: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) @IsOptional() @IsString() byDate?: string | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() fromOrganisationId?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() text?: string | null;
}

@InputType()
export class ActionRaisedInput {
  @Field(() => ID, { description: 'Your id for the action, unique in the meeting.' }) @IsUUID() actionRef!: string;
  @Field() @IsString() title!: string;
  @Field(() => ID, { nullable: true, description: 'Exactly one of this and everyMemberOrganisation.' }) @IsOptional() @IsUUID() owningOrganisationId?: string | null;
  @Field(() => Boolean, { nullable: true, description: '"All Board members to take this back to their organisations".' })
  @IsOptional()
  @IsBoolean()
  everyMemberOrganisation?: boolean | null;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() leadMemberId?: string | null;
  @Field({ description: 'YYYY-MM-DD, on or after the meeting.' }) @IsString() dueDate!: string;
  @Field(() => ID, { nullable: true }) @IsOptional() @IsUUID() commitmentId?: string | null;
}

@InputType()
export class RecordMinuteItemInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() meetingId!: string;
  @Field({ description: 'As the minutes print it: "9", "14(b)".' }) @IsString() number!: string;
  @Field() @IsString() title!: string;
  @Field(() => PresenterInput) @ValidateNested() @Type(() => PresenterInput) presenter!: PresenterInput;
  @Field(() => ItemVisibility) @IsIn(ITEM_VISIBILITIES) visibility!: string;
  @Field() @IsString() text!: string;
  @Field(() => MinuteResolutionInput) @ValidateNested() @Type(() => MinuteResolutionInput) resolution!: MinuteResolutionInput;
  @Field(() => [ActionRaisedInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ActionRaisedInput)
  actionsRaised?: ActionRaisedInput[] | null;
}

@InputType()
export class ConfirmMinutesInput extends ChangesExistingStream {
  @Field(() => ID, { description: 'The meeting whose minutes are confirmed.' }) @IsUUID() meetingId!: string;
  @Field(() => ID, { description: 'The later meeting that confirmed them as a correct record.' }) @IsUUID() confirmedAtMeetingId!: string;
}

@ObjectType()
export class ScheduleMeetingPayload extends Payload({ meeting: () => Meeting }) {}

@ObjectType()
export class RecordAttendancePayload extends Payload({ meeting: () => Meeting }) {}

@ObjectType()
export class RecordMinuteItemPayload extends Payload({ meeting: () => Meeting }) {}

@ObjectType()
export class ConfirmMinutesPayload extends Payload({ meeting: { type: () => Meeting, description: 'The meeting whose minutes are now confirmed.' } }) {}
