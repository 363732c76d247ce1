import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { NotFoundError } from '@ledger/domain';
import type { OrganisationRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import type { ReadLoaders } from '../graphql/loaders.js';
import { Sector } from '../graphql/enums.js';

@ObjectType({ description: 'An NHS trust, council, voluntary or community group, police force, business or other partner.' })
export class Organisation {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => Sector) sector!: string;
  @Field(() => DateTimeResolver) registeredAt!: Date;
  /** Resolved to the organisation by `mergedInto`. */
  mergedIntoId!: string | null;
}

@ObjectType()
export class OrganisationConnection extends Connection(Organisation) {}

export const toOrganisation = ({ mergedInto, ...row }: OrganisationRow): Organisation => ({ ...row, mergedIntoId: mergedInto, registeredAt: new Date(row.registeredAt) });

/** The organisation a row refers to; the read model keeps every referenced organisation. */
export async function organisationOf(loaders: ReadLoaders, id: string): Promise<Organisation> {
  const row = await loaders.organisation.load(id);
  if (!row) throw new NotFoundError('Organisation', id);
  return toOrganisation(row);
}
