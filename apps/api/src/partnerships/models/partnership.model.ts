import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { NotFoundError } from '@ledger/domain';
import type { PartnershipRow } from '@ledger/projections';
import { Connection } from '../../graphql/connection.js';
import { PartnershipLevel } from '../../graphql/enums.js';
import type { ReadLoaders } from '../../graphql/loaders.js';

@ObjectType({ description: 'A Health and Wellbeing Board, Integrated Care System partnership, or other board holding partners to account.' })
export class Partnership {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => PartnershipLevel) level!: string;
  @Field({ description: 'IANA time zone: "today" for the partnership’s date rules and for overdue actions is the calendar date there.' }) timeZone!: string;
  @Field(() => DateTimeResolver) formedAt!: Date;
  @Field({ description: 'Revision of the partnership’s stream, for expectedRevision.' }) revision!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD it was dissolved on: from then on it is read-only. Null while active.' })
  dissolvedOn!: string | null;
  parentId!: string | null;
}

@ObjectType()
export class PartnershipConnection extends Connection(Partnership) {}

export const toPartnership = (row: PartnershipRow): Partnership => ({
  id: row.id,
  name: row.name,
  level: row.level,
  timeZone: row.timeZone,
  formedAt: new Date(row.formedAt),
  revision: String(row.revision),
  parentId: row.parentId,
  dissolvedOn: row.dissolvedOn,
});

/** The partnership a row refers to; the read model keeps every referenced partnership. */
export async function partnershipOf(loaders: ReadLoaders, id: string): Promise<Partnership> {
  const row = await loaders.partnership.load(id);
  if (!row) throw new NotFoundError('Partnership', id);
  return toPartnership(row);
}
