import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { OrganisationRow } from '@ledger/projections';
import { Sector } from '../graphql/enums.js';

@ObjectType({ description: 'An NHS trust, council, voluntary or community group, police force, business or other partner.' })
export class Organisation {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Sector) sector!: string;
  @Field(() => DateTimeResolver) registeredAt!: Date;
}

export const toOrganisation = (row: OrganisationRow): Organisation => ({ ...row, registeredAt: new Date(row.registeredAt) });
