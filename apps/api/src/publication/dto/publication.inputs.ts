import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { ANNUAL_RETURN_MAX_ENTRIES } from '@ledger/domain';
import { Payload } from '../../graphql/mutation.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Action, ActionUpdate } from '../../actions/action.model.js';
import { Commitment } from '../../commitments/commitment.model.js';
import { Meeting } from '../../meetings/meeting.model.js';
import { Partnership } from '../../partnerships/models/partnership.model.js';
import { AnnualReturn } from '../publication.model.js';

@InputType({ description: 'Settings left out keep their value. Automatic publication needs publicPages.' })
export class ChangePublicationSettingsInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() publicPages?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() publishUpdatesAutomatically?: boolean | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() publishMinutesAutomatically?: boolean | null;
}

@InputType()
export class PublishCommitmentInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() commitmentId!: string;
}

@InputType()
export class PublishActionUpdateInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() actionId!: string;
  @Field(() => ID) @IsUUID() updateId!: string;
}

@InputType()
export class PublishMinutesInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() meetingId!: string;
  @Field(() => Int, { nullable: true, description: 'Publish the PUBLIC items up to this position (1 = the first recorded). Default: every item recorded so far.' })
  @IsOptional()
  @IsInt()
  throughPosition?: number | null;
}

@InputType()
export class AnnualReturnEntryInput {
  @Field(() => ID, { description: 'A commitment the organisation owns in this partnership.' }) @IsUUID() commitmentId!: string;
  @Field() @IsString() whatHasHappened!: string;
  @Field() @IsString() whatMoreIsToBeDone!: string;
}

@InputType({ description: 'The whole return each time: a redraft replaces the draft before.' })
export class DraftAnnualReturnInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field(() => Int, { description: 'The year it covers, e.g. 2025.' }) @IsInt() year!: number;
  @Field(() => [AnnualReturnEntryInput], { description: `One per commitment reported on, at most ${ANNUAL_RETURN_MAX_ENTRIES}.` })
  @IsArray()
  @ArrayMaxSize(ANNUAL_RETURN_MAX_ENTRIES)
  @ValidateNested({ each: true })
  @Type(() => AnnualReturnEntryInput)
  entries!: AnnualReturnEntryInput[];
}

@InputType()
export class PublishAnnualReturnInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() partnershipId!: string;
  @Field(() => ID) @IsUUID() organisationId!: string;
  @Field(() => Int) @IsInt() year!: number;
}

@ObjectType()
export class ChangePublicationSettingsPayload extends Payload({ partnership: () => Partnership }) {}

@ObjectType()
export class PublishCommitmentPayload extends Payload({ commitment: () => Commitment }) {}

@ObjectType()
export class PublishActionUpdatePayload extends Payload({ action: () => Action, update: () => ActionUpdate }) {}

@ObjectType()
export class PublishMinutesPayload extends Payload({ meeting: () => Meeting }) {}

@ObjectType()
export class DraftAnnualReturnPayload extends Payload({ annualReturn: () => AnnualReturn }) {}

@ObjectType()
export class PublishAnnualReturnPayload extends Payload({ annualReturn: () => AnnualReturn }) {}
