import type { MinuteResolution } from '@ledger/domain';
import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

const statements = (db: ReadModelDatabase) => ({
  scheduled: db.prepare(
    `INSERT INTO meetings (id, partnership_id, date, start_time, format, place, link, title, status, scheduled_at, revision)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', ?, ?)`,
  ),
  held: db.prepare(`UPDATE meetings SET status = CASE status WHEN 'SCHEDULED' THEN 'HELD' ELSE status END, revision = ? WHERE id = ?`),
  drafted: db.prepare(`UPDATE meetings SET status = CASE status WHEN 'HELD' THEN 'MINUTES_DRAFTED' ELSE status END, revision = ? WHERE id = ?`),
  confirmed: db.prepare(`UPDATE meetings SET status = 'MINUTES_CONFIRMED', confirmed_at_meeting_id = ?, confirmed_on = ?, revision = ? WHERE id = ?`),
  clearAttendance: db.prepare('DELETE FROM meeting_attendance WHERE meeting_id = ?'),
  clearDeclarations: db.prepare('DELETE FROM meeting_declarations WHERE meeting_id = ?'),
  attendance: db.prepare('INSERT INTO meeting_attendance (meeting_id, position, member_id, presence) VALUES (?, ?, ?, ?)'),
  declaration: db.prepare('INSERT INTO meeting_declarations (meeting_id, position, member_id, declaration_id) VALUES (?, ?, ?, ?)'),
  item: db.prepare(
    `INSERT INTO meeting_items (meeting_id, position, number, title, presenter_member_id, presenter_role, visibility, text,
       resolution_kind, resolution_meeting_id, resolution_commitment_id, resolution_by_date, resolution_from_organisation_id, resolution_text, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
  actionRaised: db.prepare(
    `INSERT INTO meeting_actions_raised (meeting_id, item_position, item_number, position, action_ref, title, every_member_organisation,
       owning_organisation_ids, lead_member_id, due_date, commitment_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ),
});

/** A resolution as the minute-item tables keep it: its kind, meeting, commitment, by date, from organisation and text. */
export const resolutionColumns = (r: MinuteResolution) =>
  [
    r.kind,
    r.kind === 'CONFIRM_MINUTES' ? r.meetingId : null,
    r.kind === 'ENDORSE_COMMITMENT' ? r.commitmentId : null,
    r.kind === 'REQUEST_UPDATE' ? r.byDate : null,
    r.kind === 'REQUEST_UPDATE' ? r.fromOrganisationId : null,
    r.kind === 'OTHER' ? r.text : null,
  ] as const;

/**
 * Board meetings and their minutes: attendance and declarations (each recording replaces the one
 * before), minute items in the order recorded with their resolution, and the actions raised at each.
 * Declarations are personal disclosures: only their ids are kept here, their texts stay in the
 * personal-data store (and go when their person is erased).
 */
export const meetingsProjection = defineProjection({
  name: 'meetings',
  // 2: declarations by id, their text no longer copied here.
  version: 2,
  tables: ['meetings', 'meeting_attendance', 'meeting_declarations', 'meeting_items', 'meeting_actions_raised'],

  setUp(db) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS meetings (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, date TEXT NOT NULL, start_time TEXT NOT NULL, format TEXT NOT NULL,
        place TEXT, link TEXT, title TEXT, status TEXT NOT NULL, confirmed_at_meeting_id TEXT, confirmed_on TEXT,
        scheduled_at TEXT NOT NULL, revision INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS meetings_by_partnership ON meetings (partnership_id, date, start_time);
      CREATE TABLE IF NOT EXISTS meeting_attendance (
        meeting_id TEXT NOT NULL, position INTEGER NOT NULL, member_id TEXT NOT NULL, presence TEXT NOT NULL,
        PRIMARY KEY (meeting_id, position)
      );
      CREATE TABLE IF NOT EXISTS meeting_declarations (
        meeting_id TEXT NOT NULL, position INTEGER NOT NULL, member_id TEXT NOT NULL, declaration_id TEXT,
        PRIMARY KEY (meeting_id, position)
      );
      CREATE TABLE IF NOT EXISTS meeting_items (
        meeting_id TEXT NOT NULL, position INTEGER NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL,
        presenter_member_id TEXT, presenter_role TEXT, visibility TEXT NOT NULL, text TEXT NOT NULL,
        resolution_kind TEXT NOT NULL, resolution_meeting_id TEXT, resolution_commitment_id TEXT, resolution_by_date TEXT,
        resolution_from_organisation_id TEXT, resolution_text TEXT, recorded_at TEXT NOT NULL,
        PRIMARY KEY (meeting_id, position)
      );
      CREATE TABLE IF NOT EXISTS meeting_actions_raised (
        meeting_id TEXT NOT NULL, item_position INTEGER NOT NULL, item_number TEXT NOT NULL, position INTEGER NOT NULL,
        action_ref TEXT NOT NULL, title TEXT NOT NULL, every_member_organisation INTEGER NOT NULL, owning_organisation_ids TEXT NOT NULL,
        lead_member_id TEXT, due_date TEXT NOT NULL, commitment_id TEXT,
        PRIMARY KEY (meeting_id, item_position, position)
      );
    `);
  },

  statements,

  on: {
    MeetingScheduled(sql, { data, streamRevision }) {
      sql.scheduled.run(data.meetingId, data.partnershipId, data.date, data.startTime, data.format, data.place, data.link, data.title, data.scheduledAt, streamRevision);
    },
    AttendanceRecorded(sql, { data, streamRevision }) {
      // The whole record each time: a correction replaces the one before.
      sql.clearAttendance.run(data.meetingId);
      sql.clearDeclarations.run(data.meetingId);
      data.attendance.forEach(({ memberId, presence }, index) => sql.attendance.run(data.meetingId, index + 1, memberId, presence));
      // An event from before declaration ids carries the text instead: it is not copied, and reads as unknown.
      data.declarations.forEach(({ memberId, declarationId }, index) => sql.declaration.run(data.meetingId, index + 1, memberId, declarationId ?? null));
      sql.held.run(streamRevision, data.meetingId);
    },
    MinuteItemRecorded(sql, { data, streamRevision }) {
      sql.item.run(
        data.meetingId,
        data.position,
        data.number,
        data.title,
        data.presenter.memberId,
        data.presenter.role,
        data.visibility,
        data.text,
        ...resolutionColumns(data.resolution),
        data.recordedAt,
      );
      data.actionsRaised.forEach((action, index) =>
        sql.actionRaised.run(
          data.meetingId,
          data.position,
          data.number,
          index + 1,
          action.actionRef,
          action.title,
          action.everyMemberOrganisation ? 1 : 0,
          JSON.stringify(action.owningOrganisationIds),
          action.leadMemberId,
          action.dueDate,
          action.commitmentId,
        ),
      );
      sql.drafted.run(streamRevision, data.meetingId);
    },
    MinutesConfirmed(sql, { data, streamRevision }) {
      sql.confirmed.run(data.confirmedAtMeetingId, data.confirmedOn, streamRevision, data.meetingId);
    },
  },
});
