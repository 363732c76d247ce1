import { Field, Float, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { INDICATOR_DIRECTIONS } from '@ledger/domain';
import { IndicatorDirection } from '../../graphql/enums.js';
import { ChangesExistingStream } from '../../graphql/revision.js';
import { Indicator, IndicatorReading } from '../indicator.model.js';
import { MutationInput, Payload } from '../../graphql/mutation.js';

@InputType()
export class DatedValueInput {
  @Field(() => Float) @IsNumber() value!: number;
  @Field({ description: 'YYYY-MM-DD' }) @IsString() date!: string;
}

@InputType()
export class DefineIndicatorInput extends MutationInput {
  @Field(() => ID) @IsUUID() commitmentId!: string;
  @Field() @IsString() name!: string;
  @Field({ description: 'e.g. "percent".' }) @IsString() unit!: string;
  @Field(() => IndicatorDirection) @IsIn(INDICATOR_DIRECTIONS) direction!: string;
  @Field(() => DatedValueInput) @ValidateNested() @Type(() => DatedValueInput) baseline!: DatedValueInput;
  @Field(() => DatedValueInput) @ValidateNested() @Type(() => DatedValueInput) target!: DatedValueInput;
  @Field(() => ID, { description: 'The member organisation that records its readings.' }) @IsUUID() owningOrganisationId!: string;
}

@InputType()
export class RecordIndicatorReadingInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() indicatorId!: string;
  @Field(() => Float) @IsNumber() value!: number;
  @Field(() => String, { nullable: true, description: 'The business date of the period it measures, YYYY-MM-DD; not after today in the partnership’s calendar. Required (or its older name periodDate).' })
  @IsOptional()
  @IsString()
  readingDate?: string | null;
  @Field(() => String, { nullable: true, deprecationReason: 'Use readingDate; when both are given they must be the same date.' })
  @IsOptional()
  @IsString()
  periodDate?: string | null;
  @Field() @IsString() source!: string;
}

@InputType({ description: 'Reading date and source default to the corrected reading’s.' })
export class CorrectIndicatorReadingInput extends ChangesExistingStream {
  @Field(() => ID) @IsUUID() indicatorId!: string;
  @Field(() => ID, { description: 'The reading being corrected: it stays in history, superseded.' }) @IsUUID() readingId!: string;
  @Field(() => Float) @IsNumber() value!: number;
  @Field(() => String, { nullable: true, description: 'The business date of the period it measures, YYYY-MM-DD.' }) @IsOptional() @IsString() readingDate?: string | null;
  @Field(() => String, { nullable: true, deprecationReason: 'Use readingDate; when both are given they must be the same date.' })
  @IsOptional()
  @IsString()
  periodDate?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() source?: string | null;
  @Field() @IsString() reason!: string;
}

@ObjectType()
export class DefineIndicatorPayload extends Payload({ indicator: () => Indicator }) {}

@ObjectType()
export class RecordIndicatorReadingPayload extends Payload({ indicator: () => Indicator, reading: () => IndicatorReading }) {}

@ObjectType()
export class CorrectIndicatorReadingPayload extends Payload({
  indicator: () => Indicator,
  reading: { type: () => IndicatorReading, description: 'The new, correcting reading.' },
}) {}
