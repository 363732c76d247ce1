import type { MeetingFormat, MeetingStatus, ItemVisibility, Presence, ResolutionKind } from '@ledger/domain';
import { ReadModelQueries, type Page } from '../statements.js';

export type MeetingRow = Readonly<{
  id: string;
  partnershipId: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  startTime: string;
  format: MeetingFormat;
  place: string | null;
  link: string | null;
  title: string | null;
  status: MeetingStatus;
  confirmedAtMeetingId: string | null;
  confirmedOn: string | null;
  scheduledAt: string;
  revision: number;
}>;

export type AttendanceRow = Readonly<{ meetingId: string; memberId: string; presence: Presence }>;
/** A personal disclosure: for the partnership's readers only. */
/** A declaration by its id in the personal-data store, which holds its text; null for one recorded before ids. */
export type DeclarationRow = Readonly<{ meetingId: string; memberId: string; declarationId: string | null }>;

export type MinuteItemRow = Readonly<{
  meetingId: string;
  position: number;
  number: string;
  title: string;
  presenterMemberId: string | null;
  presenterRole: string | null;
  visibility: ItemVisibility;
  text: string;
  resolutionKind: ResolutionKind;
  resolutionMeetingId: string | null;
  resolutionCommitmentId: string | null;
  resolutionByDate: string | null;
  resolutionFromOrganisationId: string | null;
  resolutionText: string | null;
  recordedAt: string;
}>;

export type ActionRaisedRow = Readonly<{
  meetingId: string;
  itemPosition: number;
  itemNumber: string;
  actionRef: string;
  title: string;
  everyMemberOrganisation: boolean;
  owningOrganisationIds: readonly string[];
  leadMemberId: string | null;
  dueDate: string;
  commitmentId: string | null;
}>;

const MEETING_COLUMNS = `id, partnership_id AS partnershipId, date, start_time AS startTime, format, place, link, title, status,
  confirmed_at_meeting_id AS confirmedAtMeetingId, confirmed_on AS confirmedOn, scheduled_at AS scheduledAt, revision`;
const ITEM_COLUMNS = `meeting_id AS meetingId, position, number, title, presenter_member_id AS presenterMemberId, presenter_role AS presenterRole,
  visibility, text, resolution_kind AS resolutionKind, resolution_meeting_id AS resolutionMeetingId, resolution_commitment_id AS resolutionCommitmentId,
  resolution_by_date AS resolutionByDate, resolution_from_organisation_id AS resolutionFromOrganisationId, resolution_text AS resolutionText,
  recorded_at AS recordedAt`;
const ACTION_RAISED_COLUMNS = `meeting_id AS meetingId, item_position AS itemPosition, item_number AS itemNumber, action_ref AS actionRef, title,
  every_member_organisation AS everyMemberOrganisation, owning_organisation_ids AS owningOrganisationIds, lead_member_id AS leadMemberId,
  due_date AS dueDate, commitment_id AS commitmentId`;

type StoredActionRaised = Omit<ActionRaisedRow, 'everyMemberOrganisation' | 'owningOrganisationIds'> & {
  everyMemberOrganisation: number;
  owningOrganisationIds: string;
};
const toActionRaised = (row: StoredActionRaised): ActionRaisedRow => ({
  ...row,
  everyMemberOrganisation: row.everyMemberOrganisation === 1,
  owningOrganisationIds: JSON.parse(row.owningOrganisationIds) as string[],
});

/** A partnership's meetings between two dates (either may be open), in the order they were held. */
const MEETINGS_BETWEEN = `FROM meetings WHERE partnership_id = ? AND (? IS NULL OR date >= ?) AND (? IS NULL OR date <= ?)`;

export class MeetingsQueries extends ReadModelQueries {
  meeting(id: string): MeetingRow | undefined {
    return this.sql<[string], MeetingRow>(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE id = ?`).get(id);
  }

  /** `from` and `to` are YYYY-MM-DD, inclusive; null leaves that end open. */
  meetings(partnershipId: string, from: string | null, to: string | null, { afterSequence, limit }: Page): (MeetingRow & { sequence: number })[] {
    return this
      .sql<unknown[], MeetingRow & { sequence: number }>(
        `SELECT * FROM (SELECT ${MEETING_COLUMNS}, ROW_NUMBER() OVER (ORDER BY date, start_time, id) AS sequence ${MEETINGS_BETWEEN})
         WHERE sequence > ? ORDER BY sequence LIMIT ?`,
      )
      .all(partnershipId, from, from, to, to, afterSequence, limit);
  }

  meetingCount(partnershipId: string, from: string | null, to: string | null): number {
    return this.sql<unknown[], { count: number }>(`SELECT COUNT(*) AS count ${MEETINGS_BETWEEN}`).get(partnershipId, from, from, to, to)!.count;
  }

  /** Every meeting of the partnership, for the review's previous-meeting rule. */
  meetingsOfPartnership(partnershipId: string): MeetingRow[] {
    return this.sql<[string], MeetingRow>(`SELECT ${MEETING_COLUMNS} FROM meetings WHERE partnership_id = ? ORDER BY date, start_time, id`).all(partnershipId);
  }

  attendance(meetingId: string): AttendanceRow[] {
    return this
      .sql<[string], AttendanceRow>('SELECT meeting_id AS meetingId, member_id AS memberId, presence FROM meeting_attendance WHERE meeting_id = ? ORDER BY position')
      .all(meetingId);
  }

  declarations(meetingId: string): DeclarationRow[] {
    return this
      .sql<[string], DeclarationRow>('SELECT meeting_id AS meetingId, member_id AS memberId, declaration_id AS declarationId FROM meeting_declarations WHERE meeting_id = ? ORDER BY position')
      .all(meetingId);
  }

  /** The minutes in the order they read. */
  items(meetingId: string): MinuteItemRow[] {
    return this.sql<[string], MinuteItemRow>(`SELECT ${ITEM_COLUMNS} FROM meeting_items WHERE meeting_id = ? ORDER BY position`).all(meetingId);
  }

  item(meetingId: string, number: string): MinuteItemRow | undefined {
    return this.sql<[string, string], MinuteItemRow>(`SELECT ${ITEM_COLUMNS} FROM meeting_items WHERE meeting_id = ? AND number = ?`).get(meetingId, number);
  }

  /** The actions raised at every meeting of the partnership, with the date of the meeting that raised them. */
  actionsRaisedInPartnership(partnershipId: string): (ActionRaisedRow & { meetingDate: string })[] {
    return this
      .sql<[string], StoredActionRaised & { meetingDate: string }>(
        `SELECT a.*, m.date AS meetingDate FROM (SELECT ${ACTION_RAISED_COLUMNS} FROM meeting_actions_raised) a
         JOIN meetings m ON m.id = a.meetingId WHERE m.partnership_id = ?`,
      )
      .all(partnershipId)
      .map((row) => ({ ...toActionRaised(row), meetingDate: row.meetingDate }));
  }

  /** The actions raised at the meeting, item by item, in the order minuted. */
  actionsRaised(meetingId: string): ActionRaisedRow[] {
    return this
      .sql<[string], StoredActionRaised>(`SELECT ${ACTION_RAISED_COLUMNS} FROM meeting_actions_raised WHERE meeting_id = ? ORDER BY item_position, position`)
      .all(meetingId)
      .map(toActionRaised);
  }
}
