import { createUnionType, Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { ActionRow, ActionUpdateRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { ActionStatus } from '../graphql/enums.js';
import { RaisedAtMeeting } from '../meetings/progress.model.js';
import { Organisation } from '../organisations/organisation.model.js';
import { Partnership } from '../partnerships/models/partnership.model.js';

/** Who owns an action: an organisation, or a partnership ("ICS", a place); only a partnership has a level. */
export const ActionOwner = createUnionType({
  name: 'ActionOwner',
  description: 'An organisation (its partners report), or a partnership: the partnership itself ("ICS") or one beneath it, a place (its secretariat reports).',
  types: () => [Organisation, Partnership] as const,
  resolveType: (owner: Organisation | Partnership) => ('level' in owner ? Partnership : Organisation),
});

@ObjectType({ description: 'A progress update from the owning organisation: what has happened, what more is to be done.' })
export class ActionUpdate {
  @Field(() => ID) id!: string;
  @Field(() => ActionStatus) status!: string;
  @Field(() => Int, { nullable: true }) percentComplete!: number | null;
  @Field() whatHasHappened!: string;
  @Field(() => String, { nullable: true }) whatMoreIsToBeDone!: string | null;
  @Field(() => [String], { description: 'http or https links to evidence.' }) evidenceLinks!: string[];
  @Field({ description: 'The business date it reports as of (YYYY-MM-DD, the partnership’s calendar).' }) reportedOn!: string;
  @Field(() => DateTimeResolver, { description: 'When it was recorded in the ledger.' }) submittedAt!: Date;
  submittedBy!: string;
  @Field(() => ID, { nullable: true, description: 'The organisation they submitted for, when a partner.' }) submittedForOrganisationId!: string | null;
}

@ObjectType({
  description: 'A concrete step under an active commitment, or raised at a board meeting item, owned and reported on by one organisation or one partnership.',
})
export class Action {
  @Field(() => ID) id!: string;
  @Field() title!: string;
  @Field({ description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => ActionStatus) status!: string;
  @Field(() => Int, { nullable: true, description: 'From the latest update that gave one.' }) percentComplete!: number | null;
  @Field(() => ID, { nullable: true, description: 'Shared by the actions planned at once for several owners (every member organisation, every partnership beneath, a named set).' })
  planId!: string | null;
  @Field(() => String, { nullable: true, description: 'The body it reports to, as the framework names it ("System Executive"); null when none is named.' })
  reportsTo!: string | null;
  @Field({ description: 'The business date it was agreed (YYYY-MM-DD, the partnership’s calendar).' }) plannedOn!: string;
  @Field(() => DateTimeResolver, { description: 'When it was recorded in the ledger.' }) plannedAt!: Date;
  @Field({ description: 'Revision of the action’s stream, for expectedRevision.' }) revision!: string;
  @Field(() => RaisedAtMeeting, { nullable: true, description: 'The meeting item it was raised at; null for an action planned outside a meeting.' })
  raisedAt!: RaisedAtMeeting | null;
  /** Null for an action raised at a meeting without a commitment. */
  commitmentId!: string | null;
  partnershipId!: string;
  owningOrganisationId!: string | null;
  owningPartnershipId!: string | null;
  leadMemberId!: string | null;
  latestUpdateId!: string | null;
  timeZone!: string;
  commitmentClosed!: boolean;
}

@ObjectType()
export class ActionUpdateConnection extends Connection(ActionUpdate) {}

@ObjectType()
export class ActionConnection extends Connection(Action) {}

export const toAction = ({ revision, plannedAt, commitmentClosed, raisedAtMeetingId, raisedAtItemNumber, raisedAtActionRef, ...row }: ActionRow): Action => ({
  ...row,
  raisedAt: raisedAtMeetingId ? { meetingId: raisedAtMeetingId, itemNumber: raisedAtItemNumber ?? '', actionRef: raisedAtActionRef ?? '' } : null,
  commitmentClosed: commitmentClosed === 1,
  plannedAt: new Date(plannedAt),
  revision: String(revision),
});

export const toActionUpdate = ({ submittedAt, submittedByPersonId, submittedByOrganisationId, actionId: _actionId, ...row }: ActionUpdateRow): ActionUpdate => ({
  ...row,
  submittedAt: new Date(submittedAt),
  submittedBy: submittedByPersonId,
  submittedForOrganisationId: submittedByOrganisationId,
});
