import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { CommitmentRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { CommitmentStatus } from '../graphql/enums.js';

@ObjectType({ description: 'What a partner organisation promised the partnership, e.g. "LLR framework v10.1, Action 7".' })
export class Commitment {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field() description!: string;
  @Field(() => CommitmentStatus) status!: string;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) targetDate!: string | null;
  @Field(() => String, { nullable: true, description: 'Where it comes from, e.g. "LLR framework v10.1, Action 7".' }) sourceReference!: string | null;
  @Field({ description: 'The business date it was made (YYYY-MM-DD, the partnership’s calendar): target dates are measured from it.' }) madeOn!: string;
  @Field(() => DateTimeResolver, { description: 'When it was recorded in the ledger.' }) madeAt!: Date;
  @Field(() => String, { nullable: true, description: 'The date the board endorsed it (YYYY-MM-DD).' }) endorsedOn!: string | null;
  @Field(() => ID, { nullable: true, description: 'The meeting at which it was endorsed.' }) endorsedAtMeetingId!: string | null;
  @Field(() => String, { nullable: true, description: 'Why it was achieved, missed or withdrawn.' }) closingReason!: string | null;
  @Field({ description: 'Revision of the commitment’s stream, for expectedRevision.' }) revision!: string;
  partnershipId!: string;
  owningOrganisationId!: string;
  contributingOrganisationIds!: string[];
  priorityIds!: string[];
}

@ObjectType()
export class CommitmentConnection extends Connection(Commitment) {}

export const toCommitment = ({ revision, madeAt, sequence: _sequence, closedAt: _closedAt, ...row }: CommitmentRow): Commitment => ({
  ...row,
  madeAt: new Date(madeAt),
  revision: String(revision),
});
