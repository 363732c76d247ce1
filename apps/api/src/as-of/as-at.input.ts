import { Field, ID, InputType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { IsDate, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

@InputType({
  description:
    'A point in the log: exactly one of time (the last event recorded by then, judged on that day), position (up to and including that global position, ' +
    'judged on the day it was recorded) or meetingId (what had been recorded by the end of the meeting’s date in the partnership’s time zone, judged on that date).',
})
export class AsAtInput {
  @Field(() => DateTimeResolver, { nullable: true, description: 'An instant; not after now.' })
  @IsOptional()
  @IsDate()
  time?: Date | null;

  @Field(() => String, { nullable: true, description: 'A global position, as events and checkpoints give it; not beyond the head of the log.' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  position?: string | null;

  @Field(() => ID, { nullable: true, description: 'A meeting of the partnership.' })
  @IsOptional()
  @IsUUID()
  meetingId?: string | null;
}
