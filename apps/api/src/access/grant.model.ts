import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { GrantRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { Role } from '../graphql/enums.js';

@ObjectType({ description: 'Someone who signs in or sits on a board, known by a person id; their name lives apart from the ledger and can be erased.' })
export class Person {
  @Field(() => ID) id!: string;
}

@ObjectType({ description: 'A role held by a person in a scope: a partnership (and those beneath it), an organisation, or the whole platform.' })
export class Grant {
  @Field(() => ID) id!: string;
  personId!: string;
  @Field(() => Role) role!: string;
  partnershipId!: string | null;
  organisationId!: string | null;
  @Field() reason!: string;
  @Field(() => DateTimeResolver) grantedAt!: Date;
  grantedBy!: string;
  @Field(() => DateTimeResolver, { nullable: true }) revokedAt!: Date | null;
  revokedBy!: string | null;
  @Field(() => String, { nullable: true }) revocationReason!: string | null;
  @Field({ description: 'Not revoked.' }) active!: boolean;
  @Field({ description: "Revision of the person's access stream, for expectedRevision." }) revision!: string;
}

@ObjectType()
export class GrantConnection extends Connection(Grant) {}

@ObjectType({ description: 'Who the bearer token says you are, and what you may do.' })
export class Me {
  @Field(() => Person) person!: Person;
  @Field(() => String, { nullable: true, description: 'From your token, if it carried one.' }) email!: string | null;
}

export const toGrant = (row: GrantRow): Grant => ({
  ...row,
  grantedAt: new Date(row.grantedAt),
  revokedAt: row.revokedAt ? new Date(row.revokedAt) : null,
  active: row.revokedAt === null,
  revision: String(row.revision),
});
