import { ArgsType, Field, ID, ObjectType } from '@nestjs/graphql';
import { IsUUID } from 'class-validator';
import { DateTimeResolver } from 'graphql-scalars';
import { describeEvent, type AuditReadRow, type HistoryEventRow } from '@ledger/projections';
import { Connection, PageArgs } from '../graphql/connection.js';
import { ERASED, type PersonNames } from './display-names.js';


@ObjectType({ description: 'Who did it or read it: the person by name (or "erased"), and the grant they acted under.' })
export class AuditActor {
  @Field(() => ID) personId!: string;
  @Field(() => String, { nullable: true, description: 'Their display name from the personal-data store; "erased" once their personal data has been erased; null when none was ever given.' })
  name!: string | null;
  @Field({ description: 'Whether their personal data has been erased.' }) erased!: boolean;
  @Field(() => String, { description: 'The role they acted in: a Role, or OPERATOR for the console.' }) role!: string;
  @Field(() => ID, { nullable: true, description: 'The organisation a PARTNER acted for.' }) organisationId!: string | null;
  @Field(() => ID, { nullable: true }) grantId!: string | null;
}

@ObjectType({ description: 'One field an event changed, as old → new.' })
export class FieldChange {
  @Field() field!: string;
  @Field(() => String, { nullable: true }) from!: string | null;
  @Field(() => String, { nullable: true }) to!: string | null;
}

@ObjectType({ description: 'One event of a history, as an auditor reads it.' })
export class AuditEntry {
  @Field({ description: 'The event’s place in the global log.' }) position!: string;
  @Field() streamId!: string;
  @Field({ description: 'The event’s revision in its stream, from 0.' }) revision!: string;
  @Field() type!: string;
  @Field(() => String, { nullable: true, description: 'The date it is about in the partnership’s calendar (madeOn, plannedOn, reportedOn, periodDate, endorsedOn, heldOn…); null when it has none.' })
  businessDate!: string | null;
  @Field(() => DateTimeResolver, { description: 'When the ledger recorded it.' }) recordedAt!: Date;
  @Field(() => AuditActor) actor!: AuditActor;
  @Field() summary!: string;
  @Field(() => [FieldChange]) changes!: FieldChange[];
  @Field(() => String, { nullable: true }) reason!: string | null;
}

@ObjectType()
export class AuditEntryConnection extends Connection(AuditEntry) {}

@ObjectType({ description: 'One history or as-of read, as the audit access log records it.' })
export class AuditRead {
  @Field(() => AuditActor, { description: 'Who read it.' }) reader!: AuditActor;
  @Field({ description: 'What was read: COMMITMENT_HISTORY, ACTION_HISTORY, PARTNERSHIP_HISTORY, AUDIT_ACCESS_LOG, or an as-of view.' }) what!: string;
  @Field(() => ID, { description: 'The commitment, action, partnership or meeting read.' }) subjectId!: string;
  @Field(() => DateTimeResolver) at!: Date;
  @Field({ description: 'Where the record of the read is in the global log.' }) position!: string;
}

@ObjectType()
export class AuditReadConnection extends Connection(AuditRead) {}

@ArgsType()
export class HistoryArgs extends PageArgs {
  @Field(() => ID) @IsUUID() id!: string;
}

@ArgsType()
export class AuditAccessLogArgs extends PageArgs {
  @Field(() => ID) @IsUUID() partnershipId!: string;
}

const actorOf = (names: PersonNames, actor: { personId: string; grantId: string | null; role: string; organisationId: string | null }): AuditActor => {
  const name = names.get(actor.personId) ?? null;
  return { personId: actor.personId, name, erased: name === ERASED, role: actor.role, organisationId: actor.organisationId, grantId: actor.grantId };
};

export const toAuditEntry =
  (names: PersonNames) =>
  (row: HistoryEventRow): AuditEntry => ({
    position: row.position,
    streamId: row.streamId,
    revision: String(row.revision),
    type: row.type,
    recordedAt: new Date(row.recordedAt),
    actor: actorOf(names, row.metadata.actor),
    ...describeEvent(row, row.context),
  });

export const toAuditRead =
  (names: PersonNames) =>
  (row: AuditReadRow): AuditRead => ({
    reader: actorOf(names, { personId: row.personId, grantId: row.grantId, role: row.role, organisationId: null }),
    what: row.what,
    subjectId: row.subjectId,
    at: new Date(row.at),
    position: row.position,
  });
