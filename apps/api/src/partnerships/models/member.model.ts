import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { MemberRow } from '@ledger/projections';
import { Connection } from '../../graphql/connection.js';

@ObjectType({ description: 'A seat on a partnership board, held by a person from a partner organisation.' })
export class Member {
  @Field(() => ID) id!: string;
  @Field({ description: 'e.g. "Director Public Health".' }) roleTitle!: string;
  @Field(() => DateTimeResolver) appointedAt!: Date;
  @Field(() => DateTimeResolver, { nullable: true, description: 'When the seat was vacated; the board lists only seats held now.' }) vacatedAt!: Date | null;
  partnershipId!: string;
  personId!: string;
  organisationId!: string;
}

@ObjectType()
export class MemberConnection extends Connection(Member) {}

export const toMember = (row: MemberRow): Member => ({ ...row, appointedAt: new Date(row.appointedAt), vacatedAt: row.vacatedAt ? new Date(row.vacatedAt) : null });
