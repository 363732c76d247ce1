import {
  calendarDateIn,
  isSinceLastMeeting,
  progressWindow,
  ragOf,
  type ActionStatus,
  type AnnualReturnEntry,
  type MeetingStatus,
  type ProgressWindow,
  type Rag,
} from '@ledger/domain';
import { ReadModelQueries } from '../statements.js';

/**
 * The public pages' reads. Every one starts from a partnership whose public pages are on and reads
 * only the public tables (never `public_held_*`), so what is unpublished cannot leak through a join.
 */
export type PublicPartnership = Readonly<{ id: string; name: string; level: string; timeZone: string; amberWithinDays: number; publicSince: string | null }>;
export type PublicOrganisation = Readonly<{ id: string; name: string }>;
export type PublicOfficeHolder = Readonly<{ roleTitle: string; organisation: PublicOrganisation }>;
export type PublicUpdate = Readonly<{
  updateId: string;
  actionId: string;
  status: ActionStatus;
  percentComplete: number | null;
  whatHasHappened: string;
  whatMoreIsToBeDone: string | null;
  /** The business date it reports as of. */
  reportedOn: string;
  publishedAt: string;
  automatically: boolean;
}>;
export type PublicAction = Readonly<{
  id: string;
  commitmentId: string;
  commitmentTitle: string;
  title: string;
  dueDate: string;
  owner: string;
  owningOrganisationId: string | null;
  /** From its latest PUBLISHED update, NOT_STARTED without one. */
  status: ActionStatus;
  rag: Rag | null;
  latest: PublicUpdate | null;
}>;
export type PublicCommitmentSummary = Readonly<{
  id: string;
  title: string;
  status: string;
  owner: PublicOrganisation;
  targetDate: string | null;
  publishedAt: string;
}>;
export type PublicReading = Readonly<{ periodDate: string; value: number; source: string; corrected: boolean }>;
export type PublicIndicator = Readonly<{
  id: string;
  name: string;
  unit: string;
  direction: string;
  baseline: Readonly<{ value: number; date: string }>;
  target: Readonly<{ value: number; date: string }>;
  /** The readings in force (a corrected reading is replaced by its correction), oldest first. */
  readings: readonly PublicReading[];
}>;
export type PublicMeetingSummary = Readonly<{ id: string; date: string; startTime: string; title: string | null; status: MeetingStatus; publishedAt: string; firstPublishedAt: string }>;
export type PublicMinuteItem = Readonly<{
  position: number;
  number: string;
  title: string;
  presenter: string | null;
  text: string;
  resolution: Readonly<{ kind: string; text: string | null; commitment: Readonly<{ id: string; title: string }> | null; meeting: PublicMeetingSummary | null; byDate: string | null; from: PublicOrganisation | null }>;
  actionsRaised: readonly Readonly<{ title: string; dueDate: string; owners: string }>[];
  publishedAt: string;
}>;
export type PublicAnnualReturn = Readonly<{
  year: number;
  publishedAt: string;
  version: number;
  entries: readonly (AnnualReturnEntry & Readonly<{ commitmentTitle: string | null }>)[];
}>;
/** Published updates since the previous published meeting, as a page shows "what changed". */
export type PublicChanges = Readonly<{ window: ProgressWindow; previousMeeting: PublicMeetingSummary | null; updates: readonly (PublicUpdate & Readonly<{ action: PublicAction }>)[] }>;

type PartnershipRow = { id: string; name: string; level: string; time_zone: string; amber_within_days: number; public_since: string | null };
type CommitmentRow = { id: string; partnership_id: string; owning_organisation_id: string; title: string; description: string; target_date: string | null; source_reference: string | null; status: string; made_on: string | null; published_at: string };
type ActionRow = { id: string; commitment_id: string; commitment_title: string; commitment_status: string; partnership_id: string; owning_organisation_id: string | null; owning_partnership_id: string | null; title: string; due_date: string };
type UpdateRow = { update_id: string; action_id: string; status: ActionStatus; percent_complete: number | null; what_has_happened: string; what_more_is_to_be_done: string | null; reported_on: string | null; submitted_at: string; published_at: string; automatically: number };
type MeetingRow = { id: string; partnership_id: string; date: string; start_time: string; title: string | null; status: MeetingStatus; published_at: string; first_published_at: string; place: string | null; format: string; confirmed_on: string | null; through_position: number };

const ACTIONS = `SELECT a.*, c.title AS commitment_title, c.status AS commitment_status FROM public_actions a JOIN public_commitments c ON c.id = a.commitment_id`;
const CLOSED_COMMITMENT = new Set(['ACHIEVED', 'MISSED', 'WITHDRAWN']);

export class PublicPagesQueries extends ReadModelQueries {
  /** Every partnership with its public pages on, by name. */
  partnerships(): PublicPartnership[] {
    return this.sql<[], PartnershipRow>('SELECT * FROM public_partnerships WHERE public_pages = 1 ORDER BY name, id').all().map(partnershipOf);
  }

  partnership(id: string): PublicPartnership | null {
    const row = this.sql<[string], PartnershipRow>('SELECT * FROM public_partnerships WHERE id = ? AND public_pages = 1').get(id);
    return row ? partnershipOf(row) : null;
  }

  /** The public partnerships directly beneath one (a system's places), and the one above it when that is public. */
  neighboursOf(partnershipId: string): Readonly<{ parent: PublicPartnership | null; places: PublicPartnership[] }> {
    const parentId = this.sql<[string], { parent_partnership_id: string | null }>('SELECT parent_partnership_id FROM public_partnerships WHERE id = ?').get(partnershipId)?.parent_partnership_id;
    const places = this.sql<[string], PartnershipRow>('SELECT * FROM public_partnerships WHERE parent_partnership_id = ? AND public_pages = 1 ORDER BY name, id').all(partnershipId);
    return { parent: parentId ? this.partnership(parentId) : null, places: places.map(partnershipOf) };
  }

  organisation(id: string): PublicOrganisation | null {
    return this.sql<[string], PublicOrganisation>('SELECT id, name FROM public_organisations WHERE id = ?').get(id) ?? null;
  }

  /** The member organisations of a public partnership. */
  organisationsOf(partnershipId: string): PublicOrganisation[] {
    return this.sql<[string], PublicOrganisation>(
      `SELECT o.id, o.name FROM public_memberships m JOIN public_organisations o ON o.id = m.organisation_id WHERE m.partnership_id = ? ORDER BY o.name, o.id`,
    ).all(partnershipId);
  }

  /** The public partnerships an organisation belongs to. */
  partnershipsOf(organisationId: string): PublicPartnership[] {
    return this.sql<[string], PartnershipRow>(
      `SELECT p.* FROM public_partnerships p JOIN public_memberships m ON m.partnership_id = p.id WHERE m.organisation_id = ? AND p.public_pages = 1 ORDER BY p.name, p.id`,
    )
      .all(organisationId)
      .map(partnershipOf);
  }

  /** Board members by office (a role title and its organisation): public office-holders, never by name here. */
  officeHolders(partnershipId: string): PublicOfficeHolder[] {
    return this.sql<[string], { role_title: string; id: string; name: string }>(
      `SELECT h.role_title, o.id, o.name FROM public_office_holders h JOIN public_organisations o ON o.id = h.organisation_id
       WHERE h.partnership_id = ? AND h.vacated = 0 ORDER BY h.role_title, o.name`,
    )
      .all(partnershipId)
      .map((row) => ({ roleTitle: row.role_title, organisation: { id: row.id, name: row.name } }));
  }

  commitments(partnershipId: string, owningOrganisationId: string | null = null): PublicCommitmentSummary[] {
    return this.sql<[string, string | null, string | null], CommitmentRow>(
      `SELECT * FROM public_commitments WHERE partnership_id = ? AND (? IS NULL OR owning_organisation_id = ?) ORDER BY title, id`,
    )
      .all(partnershipId, owningOrganisationId, owningOrganisationId)
      .map((row) => this.commitmentSummary(row));
  }

  /** A published commitment of a public partnership, with its description. */
  commitment(id: string): (PublicCommitmentSummary & Readonly<{ partnership: PublicPartnership; description: string; sourceReference: string | null; madeOn: string | null }>) | null {
    const row = this.sql<[string], CommitmentRow>('SELECT * FROM public_commitments WHERE id = ?').get(id);
    const partnership = row ? this.partnership(row.partnership_id) : null;
    if (!row || !partnership) return null;
    return { ...this.commitmentSummary(row), partnership, description: row.description, sourceReference: row.source_reference, madeOn: row.made_on };
  }

  /** The actions of published commitments, narrowed to a commitment or an owner, each with its latest published update. */
  actions(partnership: PublicPartnership, today: string, filter: Readonly<{ commitmentId?: string; owningOrganisationId?: string }>): PublicAction[] {
    const rows = this.sql<[string, string | null, string | null, string | null, string | null], ActionRow>(
      `${ACTIONS} WHERE a.partnership_id = ? AND (? IS NULL OR a.commitment_id = ?) AND (? IS NULL OR a.owning_organisation_id = ?) ORDER BY a.due_date, a.id`,
    ).all(partnership.id, filter.commitmentId ?? null, filter.commitmentId ?? null, filter.owningOrganisationId ?? null, filter.owningOrganisationId ?? null);
    return rows.map((row) => this.actionOf(row, partnership, today));
  }

  /** Every published update of an action, newest first. */
  updates(actionId: string, partnership: PublicPartnership): PublicUpdate[] {
    return this.sql<[string], UpdateRow>('SELECT * FROM public_updates WHERE action_id = ? ORDER BY revision DESC')
      .all(actionId)
      .map((row) => updateOf(row, partnership));
  }

  indicators(commitmentId: string): PublicIndicator[] {
    type IndicatorRow = { id: string; name: string; unit: string; direction: string; baseline_value: number; baseline_date: string; target_value: number; target_date: string };
    const indicators = this.sql<[string], IndicatorRow>('SELECT * FROM public_indicators WHERE commitment_id = ? ORDER BY name, id').all(commitmentId);
    return indicators.map((row) => ({
      id: row.id,
      name: row.name,
      unit: row.unit,
      direction: row.direction,
      baseline: { value: row.baseline_value, date: row.baseline_date },
      target: { value: row.target_value, date: row.target_date },
      readings: this.sql<[string], { period_date: string; value: number; source: string; corrects_reading_id: string | null }>(
        'SELECT * FROM public_indicator_readings WHERE indicator_id = ? AND superseded = 0 ORDER BY period_date, recorded_at',
      )
        .all(row.id)
        .map((reading) => ({ periodDate: reading.period_date, value: reading.value, source: reading.source, corrected: reading.corrects_reading_id !== null })),
    }));
  }

  meetings(partnershipId: string): PublicMeetingSummary[] {
    return this.sql<[string], MeetingRow>('SELECT * FROM public_meetings WHERE partnership_id = ? ORDER BY date DESC, start_time DESC, id')
      .all(partnershipId)
      .map(meetingSummaryOf);
  }

  /** A meeting whose minutes were published, in a public partnership. */
  meeting(id: string): (PublicMeetingSummary & Readonly<{ partnership: PublicPartnership; format: string; place: string | null; confirmedOn: string | null }>) | null {
    const row = this.sql<[string], MeetingRow>('SELECT * FROM public_meetings WHERE id = ?').get(id);
    const partnership = row ? this.partnership(row.partnership_id) : null;
    if (!row || !partnership) return null;
    return { ...meetingSummaryOf(row), partnership, format: row.format, place: row.place, confirmedOn: row.confirmed_on };
  }

  /** The published PUBLIC items of a meeting, in the order the minutes read. */
  minuteItems(meetingId: string): PublicMinuteItem[] {
    type ItemRow = {
      position: number; number: string; title: string; presenter_member_id: string | null; presenter_role: string | null; text: string;
      resolution_kind: string; resolution_meeting_id: string | null; resolution_commitment_id: string | null; resolution_by_date: string | null;
      resolution_from_organisation_id: string | null; resolution_text: string | null; actions_raised: string; published_at: string;
    };
    const rows = this.sql<[string], ItemRow>('SELECT * FROM public_minute_items WHERE meeting_id = ? ORDER BY position').all(meetingId);
    return rows.map((row) => {
      const commitment = row.resolution_commitment_id ? this.commitmentTitle(row.resolution_commitment_id) : null;
      const meeting = row.resolution_meeting_id ? this.meeting(row.resolution_meeting_id) : null;
      const raised = JSON.parse(row.actions_raised) as { title: string; dueDate: string; owningOrganisationIds: string[]; everyMemberOrganisation: boolean }[];
      return {
        position: row.position,
        number: row.number,
        title: row.title,
        presenter: row.presenter_role ?? (row.presenter_member_id ? this.officeOf(row.presenter_member_id) : null),
        text: row.text,
        resolution: {
          kind: row.resolution_kind,
          text: row.resolution_text,
          commitment,
          meeting,
          byDate: row.resolution_by_date,
          from: row.resolution_from_organisation_id ? this.organisation(row.resolution_from_organisation_id) : null,
        },
        actionsRaised: raised.map((action) => ({
          title: action.title,
          dueDate: action.dueDate,
          owners: action.everyMemberOrganisation
            ? 'Every member organisation'
            : action.owningOrganisationIds.map((id) => this.organisation(id)?.name ?? 'An organisation').join(', '),
        })),
        publishedAt: row.published_at,
      };
    });
  }

  /** An organisation's published annual returns in a partnership, newest year first. */
  annualReturns(partnershipId: string, organisationId: string): PublicAnnualReturn[] {
    const rows = this.sql<[string, string], { year: number; entries: string; published_at: string; version: number }>(
      'SELECT * FROM public_annual_returns WHERE partnership_id = ? AND organisation_id = ? ORDER BY year DESC',
    ).all(partnershipId, organisationId);
    return rows.map((row) => ({
      year: row.year,
      publishedAt: row.published_at,
      version: row.version,
      // An entry names its commitment only when the commitment itself is published.
      entries: (JSON.parse(row.entries) as AnnualReturnEntry[]).map((entry) => ({ ...entry, commitmentTitle: this.commitmentTitle(entry.commitmentId)?.title ?? null })),
    }));
  }

  /**
   * What changed since the previous published meeting before `meeting` (or, without one, since the
   * latest published meeting up to today): the published updates the window covers, newest first.
   */
  changesSince(partnership: PublicPartnership, today: string, meetingId: string | null): PublicChanges {
    const meetings = this.meetings(partnership.id);
    const onRecord = meetings.map((m) => ({ meetingId: m.id, partnershipId: partnership.id, date: m.date, status: m.status }));
    const now = { meetingId: '', partnershipId: partnership.id, date: today, status: 'HELD' as const };
    const window = progressWindow(onRecord.find((m) => m.meetingId === meetingId) ?? now, onRecord);
    const actions = new Map(this.actions(partnership, today, {}).map((action) => [action.id, action]));
    const updates = this.sql<[string], UpdateRow>(
      `SELECT u.* FROM public_updates u JOIN public_actions a ON a.id = u.action_id JOIN public_commitments c ON c.id = a.commitment_id
       WHERE a.partnership_id = ? ORDER BY u.submitted_at DESC, u.update_id`,
    )
      .all(partnership.id)
      .map((row) => updateOf(row, partnership))
      .filter((update) => isSinceLastMeeting(window, update.reportedOn))
      .map((update) => ({ ...update, action: actions.get(update.actionId)! }));
    return { window, previousMeeting: meetings.find((m) => m.id === window.previousMeetingId) ?? null, updates };
  }

  private commitmentTitle(id: string): Readonly<{ id: string; title: string }> | null {
    return this.sql<[string], { id: string; title: string }>('SELECT id, title FROM public_commitments WHERE id = ?').get(id) ?? null;
  }

  private officeOf(memberId: string): string | null {
    const row = this.sql<[string], { role_title: string; name: string | null }>(
      'SELECT h.role_title, o.name FROM public_office_holders h LEFT JOIN public_organisations o ON o.id = h.organisation_id WHERE h.member_id = ?',
    ).get(memberId);
    return row ? (row.name ? `${row.role_title}, ${row.name}` : row.role_title) : null;
  }

  private commitmentSummary(row: CommitmentRow): PublicCommitmentSummary {
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      owner: this.organisation(row.owning_organisation_id) ?? { id: row.owning_organisation_id, name: 'An organisation' },
      targetDate: row.target_date,
      publishedAt: row.published_at,
    };
  }

  private actionOf(row: ActionRow, partnership: PublicPartnership, today: string): PublicAction {
    const latestRow = this.sql<[string], UpdateRow>('SELECT * FROM public_updates WHERE action_id = ? ORDER BY revision DESC LIMIT 1').get(row.id);
    const latest = latestRow ? updateOf(latestRow, partnership) : null;
    const status = latest?.status ?? 'NOT_STARTED';
    const completedOn = status === 'COMPLETED' ? latest!.reportedOn : null;
    const rag = ragOf({ status, dueDate: row.due_date, completedOn, commitmentClosed: CLOSED_COMMITMENT.has(row.commitment_status) }, today, partnership);
    const owner = row.owning_organisation_id
      ? (this.organisation(row.owning_organisation_id)?.name ?? 'An organisation')
      : (this.sql<[string], { name: string }>('SELECT name FROM public_partnerships WHERE id = ?').get(row.owning_partnership_id ?? '')?.name ?? 'The partnership');
    return {
      id: row.id,
      commitmentId: row.commitment_id,
      commitmentTitle: row.commitment_title,
      title: row.title,
      dueDate: row.due_date,
      owner,
      owningOrganisationId: row.owning_organisation_id,
      status,
      rag,
      latest,
    };
  }
}

const partnershipOf = (row: PartnershipRow): PublicPartnership => ({
  id: row.id,
  name: row.name,
  level: row.level,
  timeZone: row.time_zone,
  amberWithinDays: row.amber_within_days,
  publicSince: row.public_since,
});

const updateOf = (row: UpdateRow, partnership: PublicPartnership): PublicUpdate => ({
  updateId: row.update_id,
  actionId: row.action_id,
  status: row.status,
  percentComplete: row.percent_complete,
  whatHasHappened: row.what_has_happened,
  whatMoreIsToBeDone: row.what_more_is_to_be_done,
  reportedOn: row.reported_on ?? calendarDateIn(partnership.timeZone, row.submitted_at),
  publishedAt: row.published_at,
  automatically: row.automatically === 1,
});

const meetingSummaryOf = (row: MeetingRow): PublicMeetingSummary => ({
  id: row.id,
  date: row.date,
  startTime: row.start_time,
  title: row.title,
  status: row.status,
  publishedAt: row.published_at,
  firstPublishedAt: row.first_published_at,
});
