import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { AnnualReturnEntry as Entry, PublicationSettings as Settings } from '@ledger/domain';
import type { AnnualReturnRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';

export const AnnualReturnStatus = { DRAFTED: 'DRAFTED', PUBLISHED: 'PUBLISHED' } as const;
registerEnumType(AnnualReturnStatus, {
  name: 'AnnualReturnStatus',
  description: 'DRAFTED: the latest draft is not public yet (an earlier published version may be); PUBLISHED: the latest draft is public.',
});

@ObjectType({ description: 'What the partnership’s public pages may show, and what is published as it is recorded.' })
export class PublicationSettings {
  @Field({ description: 'The partnership has public pages at all (default false).' }) publicPages!: boolean;
  @Field({ description: 'A submitted update is published as it is recorded (default false).' }) publishUpdatesAutomatically!: boolean;
  @Field({ description: 'A PUBLIC minute item is published as it is recorded; PRIVATE items never are (default false).' }) publishMinutesAutomatically!: boolean;
}

@ObjectType({ description: 'One commitment of the organisation: what has happened and what more is to be done.' })
export class AnnualReturnEntry {
  @Field(() => ID) commitmentId!: string;
  @Field() whatHasHappened!: string;
  @Field() whatMoreIsToBeDone!: string;
}

@ObjectType({ description: 'The annual assessment return of one organisation in one partnership for one year.' })
export class AnnualReturn {
  @Field(() => ID) partnershipId!: string;
  @Field(() => ID) organisationId!: string;
  @Field(() => Int) year!: number;
  @Field(() => AnnualReturnStatus) status!: string;
  @Field(() => [AnnualReturnEntry], { description: 'The latest draft.' }) entries!: AnnualReturnEntry[];
  @Field(() => DateTimeResolver) draftedAt!: Date;
  @Field(() => [AnnualReturnEntry], { nullable: true, description: 'The version the public sees: the one last published; null before the first publication.' })
  publishedEntries!: AnnualReturnEntry[] | null;
  @Field(() => DateTimeResolver, { nullable: true }) publishedAt!: Date | null;
  @Field({ description: 'Revision of the return’s stream, for expectedRevision.' }) revision!: string;
}

@ObjectType()
export class AnnualReturnConnection extends Connection(AnnualReturn) {}

export const toPublicationSettings = ({ publicPages, publishUpdatesAutomatically, publishMinutesAutomatically }: Settings): PublicationSettings => ({
  publicPages,
  publishUpdatesAutomatically,
  publishMinutesAutomatically,
});

const toEntries = (entries: readonly Entry[]): AnnualReturnEntry[] => entries.map((entry) => ({ ...entry }));

export const toAnnualReturn = (row: AnnualReturnRow): AnnualReturn => ({
  partnershipId: row.partnershipId,
  organisationId: row.organisationId,
  year: row.year,
  status: row.status,
  entries: toEntries(row.entries),
  draftedAt: new Date(row.draftedAt),
  publishedEntries: row.publishedEntries && toEntries(row.publishedEntries),
  publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt),
  revision: String(row.revision),
});
