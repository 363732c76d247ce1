import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { IndicatorRow, ReadingRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { IndicatorDirection } from '../graphql/enums.js';

@ObjectType()
export class DatedValue {
  @Field(() => Float) value!: number;
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
}

@ObjectType({ description: 'A reading is never overwritten: a correction is a new reading that supersedes it.' })
export class IndicatorReading {
  @Field(() => ID) id!: string;
  @Field(() => Float) value!: number;
  @Field({ description: 'The business date of the period it measures, YYYY-MM-DD.' }) readingDate!: string;
  @Field({ deprecationReason: 'Use readingDate: the same date.' }) periodDate!: string;
  @Field({ description: 'e.g. "PHE Fingertips", "local audit".' }) source!: string;
  @Field(() => DateTimeResolver, { description: 'When it was recorded in the ledger.' }) recordedAt!: Date;
  @Field(() => ID, { nullable: true, description: 'The reading this one corrects.' }) correctsReadingId!: string | null;
  @Field(() => String, { nullable: true }) correctionReason!: string | null;
  @Field(() => ID, { nullable: true, description: 'The correction that supersedes this reading.' }) supersededByReadingId!: string | null;
  @Field({ description: 'Not superseded by a correction.' }) current!: boolean;
}

@ObjectType({ description: 'A measure attached to a commitment, with baseline, target and readings.' })
export class Indicator {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: 'e.g. "percent".' }) unit!: string;
  @Field(() => IndicatorDirection) direction!: string;
  @Field(() => DatedValue) baseline!: DatedValue;
  @Field(() => DatedValue) target!: DatedValue;
  @Field(() => DateTimeResolver) definedAt!: Date;
  @Field({ description: 'Revision of the indicator’s stream, for expectedRevision.' }) revision!: string;
  commitmentId!: string;
  owningOrganisationId!: string;
}

@ObjectType()
export class IndicatorReadingConnection extends Connection(IndicatorReading) {}

@ObjectType()
export class IndicatorConnection extends Connection(Indicator) {}

export const toIndicator = (row: IndicatorRow): Indicator => ({
  id: row.id,
  name: row.name,
  unit: row.unit,
  direction: row.direction,
  baseline: { value: row.baselineValue, date: row.baselineDate },
  target: { value: row.targetValue, date: row.targetDate },
  definedAt: new Date(row.definedAt),
  revision: String(row.revision),
  commitmentId: row.commitmentId,
  owningOrganisationId: row.owningOrganisationId,
});

export const toReading = ({ recordedAt, indicatorId: _indicatorId, ...row }: ReadingRow): IndicatorReading => ({
  ...row,
  readingDate: row.periodDate,
  recordedAt: new Date(recordedAt),
  current: row.supersededByReadingId === null,
});
