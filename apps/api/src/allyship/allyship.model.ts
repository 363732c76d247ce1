import { Field, ID, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { AllyshipChallengeRow, AllyshipCheckInRow, AllyshipPairingRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { AllyshipPairingStatus, PairingSide } from '../graphql/enums.js';

@ObjectType({ description: 'A board member paired with an ally from the community and voluntary sector, for peer-to-peer support and challenge.' })
export class AllyshipPairing {
  @Field(() => ID) id!: string;
  @Field(() => AllyshipPairingStatus) status!: string;
  @Field() focus!: string;
  @Field({ description: 'YYYY-MM-DD' }) proposedOn!: string;
  @Field(() => String, { nullable: true, description: 'The day it first became active (YYYY-MM-DD).' }) activatedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) endedOn!: string | null;
  @Field(() => String, { nullable: true, description: 'The latest check-in (YYYY-MM-DD).' }) lastCheckInOn!: string | null;
  @Field(() => String, { nullable: true, description: 'Why an ally from outside VCSE and COMMUNITY, when one is.' }) sectorExceptionReason!: string | null;
  @Field({ description: 'Revision of the pairing’s stream, for expectedRevision.' }) revision!: string;
  partnershipId!: string;
  boardMemberId!: string;
  allyPersonId!: string;
  allyOrganisationId!: string;
  commitmentIds!: string[];
}

@ObjectType({ description: 'The ally: a person (their name in the personal-data store) from a member organisation.' })
export class Ally {
  personId!: string;
  organisationId!: string;
}

@ObjectType()
export class AllyshipCheckIn {
  @Field(() => ID) id!: string;
  @Field({ description: 'YYYY-MM-DD: the day the pair met or spoke.' }) heldOn!: string;
  @Field() summary!: string;
  @Field(() => [String], { description: 'Follow-ups agreed.' }) followUps!: string[];
  @Field(() => PairingSide) loggedBy!: string;
  @Field(() => DateTimeResolver) loggedAt!: Date;
}

@ObjectType({ description: 'A challenge one side put to the other at a check-in; open until answered.' })
export class AllyshipChallenge {
  @Field(() => ID) id!: string;
  @Field() text!: string;
  @Field({ description: 'YYYY-MM-DD: the day of the check-in that raised it.' }) raisedOn!: string;
  @Field(() => ID) checkInId!: string;
  @Field(() => ID, { nullable: true }) commitmentId!: string | null;
  @Field(() => ID, { nullable: true }) actionId!: string | null;
  @Field({ description: 'Not yet answered.' }) open!: boolean;
  @Field(() => String, { nullable: true }) response!: string | null;
  @Field(() => PairingSide, { nullable: true }) respondedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) respondedOn!: string | null;
  @Field(() => ID, { nullable: true, description: 'The check-in at which it was answered, if any.' }) responseCheckInId!: string | null;
  pairingId!: string;
  partnershipId!: string;
}

@ObjectType()
export class AllyshipPairingConnection extends Connection(AllyshipPairing) {}
@ObjectType()
export class AllyshipCheckInConnection extends Connection(AllyshipCheckIn) {}
@ObjectType()
export class AllyshipChallengeConnection extends Connection(AllyshipChallenge) {}

export const toPairing = ({ revision, sequence: _sequence, proposedAt: _at, allySector: _sector, ...row }: AllyshipPairingRow): AllyshipPairing => ({
  ...row,
  revision: String(revision),
});
export const toCheckIn = ({ loggedAt, pairingId: _pairingId, ...row }: AllyshipCheckInRow): AllyshipCheckIn => ({ ...row, loggedAt: new Date(loggedAt) });
export const toChallenge = (row: AllyshipChallengeRow): AllyshipChallenge => ({ ...row, open: row.response === null });
