import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { PriorityRow } from '@ledger/projections';
import { Connection } from '../../graphql/connection.js';

@ObjectType({ description: "A priority or principle a partnership has adopted, e.g. one of the LLR framework's 12 principles." })
export class Priority {
  @Field(() => ID) id!: string;
  @Field({ description: 'Short code, unique among the partnership’s current priorities, e.g. "P7".' }) code!: string;
  @Field() title!: string;
  @Field(() => String, { nullable: true }) description!: string | null;
  @Field(() => DateTimeResolver) adoptedAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: 'Set once retired; commitments keep their links.' }) retiredAt!: Date | null;
  @Field(() => String, { nullable: true }) retiredReason!: string | null;
  partnershipId!: string;
}

@ObjectType()
export class PriorityConnection extends Connection(Priority) {}

export const toPriority = (row: PriorityRow): Priority => ({
  ...row,
  adoptedAt: new Date(row.adoptedAt),
  retiredAt: row.retiredAt ? new Date(row.retiredAt) : null,
});
