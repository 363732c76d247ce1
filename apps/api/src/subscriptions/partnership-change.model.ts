import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { PartnershipChangeEvent, PartnershipChangeKind as Kind } from './partnership-changes.js';

export const PartnershipChangeKind: { [K in Kind]: K } = { COMMITMENT: 'COMMITMENT', ACTION: 'ACTION', MEETING: 'MEETING' };
registerEnumType(PartnershipChangeKind, { name: 'PartnershipChangeKind', description: 'What changed: a commitment, an action or a meeting.' });

@ObjectType({ description: 'An event appended to one of a partnership’s commitments, actions or meetings, told once the read models show it.' })
export class PartnershipChange {
  @Field(() => ID) partnershipId!: string;
  @Field(() => PartnershipChangeKind) kind!: Kind;
  @Field(() => ID, { description: 'The id of the commitment, action or meeting that changed.' }) subjectId!: string;
  @Field({ description: 'The event’s type, such as ActionUpdateSubmitted or MinuteItemRecorded.' }) event!: string;
  @Field({ description: 'The event’s position in the global log (as mutation payloads give it).' }) position!: string;
  @Field(() => DateTimeResolver, { description: 'When it was recorded in the ledger.' }) recordedAt!: Date;
}

export const toPartnershipChange = (change: PartnershipChangeEvent): PartnershipChange => ({ ...change });
