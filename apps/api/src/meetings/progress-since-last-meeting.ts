import {
  type ActionProgress,
  isReviewedAt,
  isSinceLastMeeting,
  type MeetingOnRecord,
  type OrganisationProgress,
  type PartnershipProgress,
  type ProgressSinceLastMeeting,
  progressWindow,
  type RaisedAtMeeting,
} from '@ledger/domain';
import type { CommitmentTrackerQueries, MeetingRow, MeetingsQueries } from '@ledger/projections';
import { meetingActionId } from './meeting-actions.js';

/**
 * "Progress against actions of previous meeting": every open action of the partnership raised at an
 * earlier meeting or due since the previous one, with the updates submitted in between (by the
 * partnership's calendar), silent when there were none, grouped by owning organisation (or partnership). The rules
 * are the domain's (`progress.ts`); this gathers the rows they apply to. An action counts as raised
 * at a meeting only when its id is the one that meeting's item derives, so a client's actionRef
 * cannot claim someone else's plan. Actions of closed commitments are expected of no one and left out.
 */
export function progressSinceLastMeeting(meeting: MeetingRow, meetings: MeetingsQueries, tracker: CommitmentTrackerQueries): ProgressSinceLastMeeting {
  const onRecord = (row: MeetingRow): MeetingOnRecord => ({ meetingId: row.id, partnershipId: row.partnershipId, date: row.date, status: row.status });
  const window = progressWindow(onRecord(meeting), meetings.meetingsOfPartnership(meeting.partnershipId).map(onRecord));

  const raisedAt = new Map<string, { at: RaisedAtMeeting; on: string }>();
  for (const raised of meetings.actionsRaisedInPartnership(meeting.partnershipId)) {
    for (const owner of raised.owningOrganisationIds) {
      const at = { meetingId: raised.meetingId, itemNumber: raised.itemNumber, actionRef: raised.actionRef };
      raisedAt.set(meetingActionId(raised.meetingId, raised.actionRef, owner), { at, on: raised.meetingDate });
    }
  }

  const reviewed = tracker
    .actionsOfPartnership(meeting.partnershipId)
    .filter((action) => action.commitmentClosed === 0 && isReviewedAt(window, { status: action.status, dueDate: action.dueDate, raisedOn: raisedAt.get(action.id)?.on ?? null }));
  const updates = tracker.allUpdatesOf(reviewed.map((action) => action.id));

  const byOrganisation = new Map<string, ActionProgress[]>();
  const byPartnership = new Map<string, ActionProgress[]>();
  for (const action of reviewed) {
    const since = updates
      .filter((update) => update.actionId === action.id)
      // The business date it reports as of: an update back-filled today for last spring counts for last spring.
      .map((update) => ({ ...update, submittedOn: update.reportedOn }))
      .filter((update) => isSinceLastMeeting(window, update.submittedOn))
      .map(({ id, status, submittedOn, whatHasHappened, whatMoreIsToBeDone }) => ({ updateId: id, status, submittedOn, whatHasHappened, whatMoreIsToBeDone }));
    const progress: ActionProgress = {
      actionId: action.id,
      title: action.title,
      dueDate: action.dueDate,
      status: action.status,
      commitmentId: action.commitmentId,
      raisedAt: raisedAt.get(action.id)?.at ?? null,
      updates: since,
      silent: since.length === 0,
    };
    const [owners, ownerId] = action.owningPartnershipId ? [byPartnership, action.owningPartnershipId] : [byOrganisation, action.owningOrganisationId!];
    owners.set(ownerId, [...(owners.get(ownerId) ?? []), progress]);
  }
  const organisations: OrganisationProgress[] = [...byOrganisation].map(([organisationId, actions]) => ({ organisationId, actions }));
  const partnerships: PartnershipProgress[] = [...byPartnership].map(([partnershipId, actions]) => ({ partnershipId, actions }));
  return { window, organisations, partnerships };
}
