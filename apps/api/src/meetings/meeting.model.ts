import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { ActionRaisedRow, AttendanceRow, MeetingRow, MinuteItemRow } from '@ledger/projections';
import { Connection } from '../graphql/connection.js';
import { ItemVisibility, MeetingFormat, MeetingStatus, Presence, ResolutionKind } from '../graphql/enums.js';
import { meetingActionId } from './meeting-actions.js';

@ObjectType()
export class AttendanceEntry {
  @Field(() => ID) memberId!: string;
  @Field(() => Presence) presence!: string;
}

@ObjectType({ description: 'An interest declared at the meeting: a personal disclosure, readable only by whoever may read the partnership.' })
export class Declaration {
  @Field(() => ID) memberId!: string;
  @Field(() => String, { nullable: true, description: 'Kept in the personal-data store, not the ledger: null once the declarer’s personal data has been erased.' })
  interest!: string | null;
}

@ObjectType({ description: 'What the board RESOLVED; the fields its kind takes, the others null.' })
export class MinuteResolution {
  @Field(() => ResolutionKind) kind!: string;
  @Field(() => ID, { nullable: true, description: 'CONFIRM_MINUTES: the meeting whose minutes were confirmed.' }) meetingId!: string | null;
  @Field(() => ID, { nullable: true, description: 'ENDORSE_COMMITMENT: the commitment endorsed.' }) commitmentId!: string | null;
  @Field(() => String, { nullable: true, description: 'REQUEST_UPDATE: YYYY-MM-DD.' }) byDate!: string | null;
  @Field(() => ID, { nullable: true, description: 'REQUEST_UPDATE: the organisation asked, if one.' }) fromOrganisationId!: string | null;
  @Field(() => String, { nullable: true, description: 'OTHER: what was resolved.' }) text!: string | null;
}

@ObjectType({ description: 'An action minuted at an item: one owner, or one action for every member organisation.' })
export class ActionRaised {
  @Field(() => ID) actionRef!: string;
  @Field() title!: string;
  @Field() everyMemberOrganisation!: boolean;
  @Field(() => [ID], { description: 'As they were when the item was recorded.' }) owningOrganisationIds!: string[];
  @Field(() => ID, { nullable: true }) leadMemberId!: string | null;
  @Field({ description: 'YYYY-MM-DD' }) dueDate!: string;
  @Field(() => ID, { nullable: true }) commitmentId!: string | null;
  @Field(() => [ID], {
    description: 'The actions planned from it, one per owner, each with this actionRef as its planId, with or without a commitment.',
  })
  actionIds!: string[];
}

@ObjectType()
export class MinuteItem {
  @Field({ description: 'As the minutes print it: "9", "14(b)".' }) number!: string;
  @Field(() => Int, { description: '1 for the first item recorded: the order the minutes read in.' }) position!: number;
  @Field() title!: string;
  @Field(() => ID, { nullable: true, description: 'The presenting board member, or null when a role presented.' }) presenterMemberId!: string | null;
  @Field(() => String, { nullable: true, description: 'The presenting role title, never a name.' }) presenterRole!: string | null;
  @Field(() => ItemVisibility) visibility!: string;
  @Field() text!: string;
  @Field(() => MinuteResolution) resolution!: MinuteResolution;
  @Field(() => [ActionRaised]) actionsRaised!: ActionRaised[];
}

@ObjectType({ description: 'A board meeting of a partnership and its minutes.' })
export class Meeting {
  @Field(() => ID) id!: string;
  @Field(() => ID) partnershipId!: string;
  @Field({ description: 'YYYY-MM-DD' }) date!: string;
  @Field({ description: 'HH:MM, local time.' }) startTime!: string;
  @Field(() => MeetingFormat) format!: string;
  @Field(() => String, { nullable: true }) place!: string | null;
  @Field(() => String, { nullable: true }) link!: string | null;
  @Field(() => String, { nullable: true }) title!: string | null;
  @Field(() => MeetingStatus) status!: string;
  @Field(() => ID, { nullable: true, description: 'The later meeting that confirmed these minutes as a correct record.' }) confirmedAtMeetingId!: string | null;
  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' }) confirmedOn!: string | null;
  @Field({ description: 'Revision of the meeting’s stream, for expectedRevision.' }) revision!: string;
}

@ObjectType()
export class MeetingConnection extends Connection(Meeting) {}

export const toMeeting = ({ scheduledAt: _at, revision, ...row }: MeetingRow): Meeting => ({ ...row, revision: String(revision) });

export const toAttendanceEntry = ({ memberId, presence }: AttendanceRow): AttendanceEntry => ({ memberId, presence });

const toActionRaised = ({ meetingId, itemPosition: _p, itemNumber: _n, owningOrganisationIds, ...row }: ActionRaisedRow): ActionRaised => ({
  ...row,
  owningOrganisationIds: [...owningOrganisationIds],
  actionIds: owningOrganisationIds.map((owner) => meetingActionId(meetingId, row.actionRef, owner)),
});

/** An item with the actions raised at it, picked from the meeting's list. */
export const toMinuteItem = (row: MinuteItemRow, raised: readonly ActionRaisedRow[]): MinuteItem => ({
  number: row.number,
  position: row.position,
  title: row.title,
  presenterMemberId: row.presenterMemberId,
  presenterRole: row.presenterRole,
  visibility: row.visibility,
  text: row.text,
  resolution: {
    kind: row.resolutionKind,
    meetingId: row.resolutionMeetingId,
    commitmentId: row.resolutionCommitmentId,
    byDate: row.resolutionByDate,
    fromOrganisationId: row.resolutionFromOrganisationId,
    text: row.resolutionText,
  },
  actionsRaised: raised.filter((action) => action.itemPosition === row.position).map(toActionRaised),
});
