import { DEFAULT_BOARD_SETTINGS, DEFAULT_TIME_ZONE, type CommitmentTerms } from '@ledger/domain';
import { resolutionColumns } from '../meetings/meetings.projection.js';
import { defineProjection } from '../projection.js';
import type { ReadModelDatabase } from '../read-model-database.js';

/**
 * The read model of the public pages: only what a partnership has published. A projection sees one
 * event at a time and a commitment's title comes before its publication, so what is not yet public
 * waits in `public_held_*` tables that no public query reads; publishing copies it into the public
 * tables (and a published update's text leaves the held table). PRIVATE minute items are never
 * stored at all, not even held. People's names and contacts are never in events, so never here.
 */
const COMMITMENT_COLUMNS = 'id, partnership_id, owning_organisation_id, title, description, target_date, source_reference, status, made_on';
const ACTION_COLUMNS = 'id, commitment_id, partnership_id, owning_organisation_id, owning_partnership_id, title, due_date';
const UPDATE_COLUMNS = 'update_id, action_id, revision, status, percent_complete, what_has_happened, what_more_is_to_be_done, reported_on, submitted_at';
const MEETING_COLUMNS = 'id, partnership_id, date, start_time, format, place, title, status, confirmed_on';
const ITEM_COLUMNS = `meeting_id, position, number, title, presenter_member_id, presenter_role, text, resolution_kind, resolution_meeting_id,
  resolution_commitment_id, resolution_by_date, resolution_from_organisation_id, resolution_text, actions_raised, recorded_at`;
const INDICATOR_COLUMNS = 'id, commitment_id, name, unit, direction, baseline_value, baseline_date, target_value, target_date, owning_organisation_id';
const READING_COLUMNS = 'id, indicator_id, value, period_date, source, corrects_reading_id, superseded, recorded_at';

/** Each held table and its public twin have the same columns; the public one adds when it was published. */
const TABLES = `
  CREATE TABLE IF NOT EXISTS public_partnerships (
    id TEXT PRIMARY KEY, name TEXT NOT NULL, level TEXT NOT NULL, parent_partnership_id TEXT, time_zone TEXT NOT NULL,
    amber_within_days INTEGER NOT NULL, public_pages INTEGER NOT NULL, public_since TEXT
  );
  CREATE TABLE IF NOT EXISTS public_organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS public_memberships (partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, PRIMARY KEY (partnership_id, organisation_id));
  CREATE TABLE IF NOT EXISTS public_office_holders (
    member_id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, role_title TEXT NOT NULL, vacated INTEGER NOT NULL
  );
  CREATE INDEX IF NOT EXISTS public_office_holders_by_partnership ON public_office_holders (partnership_id);
  ${['public_held_commitments', 'public_commitments']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, owning_organisation_id TEXT NOT NULL, title TEXT NOT NULL, description TEXT NOT NULL,
        target_date TEXT, source_reference TEXT, status TEXT NOT NULL, made_on TEXT ${table === 'public_commitments' ? ', published_at TEXT NOT NULL' : ''}
      );`,
    )
    .join('\n')}
  CREATE INDEX IF NOT EXISTS public_commitments_by_partnership ON public_commitments (partnership_id, owning_organisation_id);
  ${['public_held_actions', 'public_actions']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, commitment_id TEXT NOT NULL, partnership_id TEXT NOT NULL, owning_organisation_id TEXT, owning_partnership_id TEXT,
        title TEXT NOT NULL, due_date TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${table}_by_commitment ON ${table} (commitment_id);`,
    )
    .join('\n')}
  CREATE INDEX IF NOT EXISTS public_actions_by_owner ON public_actions (owning_organisation_id);
  ${['public_held_updates', 'public_updates']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        update_id TEXT PRIMARY KEY, action_id TEXT NOT NULL, revision INTEGER NOT NULL, status TEXT NOT NULL, percent_complete INTEGER,
        what_has_happened TEXT NOT NULL, what_more_is_to_be_done TEXT, reported_on TEXT, submitted_at TEXT NOT NULL
        ${table === 'public_updates' ? ', published_at TEXT NOT NULL, automatically INTEGER NOT NULL' : ''}
      );
      CREATE INDEX IF NOT EXISTS ${table}_by_action ON ${table} (action_id, revision);`,
    )
    .join('\n')}
  ${['public_held_meetings', 'public_meetings']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, partnership_id TEXT NOT NULL, date TEXT NOT NULL, start_time TEXT NOT NULL, format TEXT NOT NULL, place TEXT,
        title TEXT, status TEXT NOT NULL, confirmed_on TEXT
        ${table === 'public_meetings' ? ', through_position INTEGER NOT NULL, first_published_at TEXT NOT NULL, published_at TEXT NOT NULL' : ''}
      );`,
    )
    .join('\n')}
  CREATE INDEX IF NOT EXISTS public_meetings_by_partnership ON public_meetings (partnership_id, date);
  ${['public_held_minute_items', 'public_minute_items']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        meeting_id TEXT NOT NULL, position INTEGER NOT NULL, number TEXT NOT NULL, title TEXT NOT NULL, presenter_member_id TEXT, presenter_role TEXT,
        text TEXT NOT NULL, resolution_kind TEXT NOT NULL, resolution_meeting_id TEXT, resolution_commitment_id TEXT, resolution_by_date TEXT,
        resolution_from_organisation_id TEXT, resolution_text TEXT, actions_raised TEXT NOT NULL, recorded_at TEXT NOT NULL
        ${table === 'public_minute_items' ? ', published_at TEXT NOT NULL' : ''},
        PRIMARY KEY (meeting_id, position)
      );`,
    )
    .join('\n')}
  ${['public_held_indicators', 'public_indicators']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, commitment_id TEXT NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL, direction TEXT NOT NULL,
        baseline_value REAL NOT NULL, baseline_date TEXT NOT NULL, target_value REAL NOT NULL, target_date TEXT NOT NULL, owning_organisation_id TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${table}_by_commitment ON ${table} (commitment_id);`,
    )
    .join('\n')}
  ${['public_held_indicator_readings', 'public_indicator_readings']
    .map(
      (table) => `CREATE TABLE IF NOT EXISTS ${table} (
        id TEXT PRIMARY KEY, indicator_id TEXT NOT NULL, value REAL NOT NULL, period_date TEXT NOT NULL, source TEXT NOT NULL,
        corrects_reading_id TEXT, superseded INTEGER NOT NULL, recorded_at TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${table}_by_indicator ON ${table} (indicator_id, period_date);`,
    )
    .join('\n')}
  CREATE TABLE IF NOT EXISTS public_held_annual_returns (
    partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, year INTEGER NOT NULL, entries TEXT NOT NULL, drafted_at TEXT NOT NULL,
    PRIMARY KEY (partnership_id, organisation_id, year)
  );
  CREATE TABLE IF NOT EXISTS public_annual_returns (
    partnership_id TEXT NOT NULL, organisation_id TEXT NOT NULL, year INTEGER NOT NULL, entries TEXT NOT NULL, drafted_at TEXT NOT NULL,
    published_at TEXT NOT NULL, version INTEGER NOT NULL,
    PRIMARY KEY (partnership_id, organisation_id, year)
  );
`;

export const PUBLIC_PAGES_TABLES = [
  'public_partnerships',
  'public_organisations',
  'public_memberships',
  'public_office_holders',
  'public_held_commitments',
  'public_commitments',
  'public_held_actions',
  'public_actions',
  'public_held_updates',
  'public_updates',
  'public_held_meetings',
  'public_meetings',
  'public_held_minute_items',
  'public_minute_items',
  'public_held_indicators',
  'public_indicators',
  'public_held_indicator_readings',
  'public_indicator_readings',
  'public_held_annual_returns',
  'public_annual_returns',
] as const;

/** The commitment terms an amendment may change, by column. */
const AMENDABLE: Readonly<Record<keyof CommitmentTerms, string>> = {
  title: 'title',
  description: 'description',
  targetDate: 'target_date',
  owningOrganisationId: 'owning_organisation_id',
};

/** The same change to a held row and, when it is public already, to its public copy. */
const both = (db: ReadModelDatabase, held: string, update: string) => {
  const statements = [db.prepare(update.replace('{table}', held)), db.prepare(update.replace('{table}', held.replace('public_held_', 'public_')))];
  return { run: (...params: unknown[]) => statements.forEach((statement) => statement.run(...params)) };
};

const PUBLISHED_COMMITMENT = 'EXISTS (SELECT 1 FROM public_commitments c WHERE c.id = ?)';

const statements = (db: ReadModelDatabase) => ({
  formed: db.prepare(
    `INSERT OR REPLACE INTO public_partnerships (id, name, level, parent_partnership_id, time_zone, amber_within_days, public_pages, public_since)
     VALUES (?, ?, ?, ?, ?, ?, 0, NULL)`,
  ),
  boardSettings: db.prepare('UPDATE public_partnerships SET amber_within_days = ? WHERE id = ?'),
  // "Public since" is when the pages were last turned on; a change to the other settings leaves it.
  publicationSettings: db.prepare(
    `UPDATE public_partnerships SET public_since = CASE WHEN @on = 0 THEN NULL WHEN public_pages = 0 THEN @at ELSE public_since END, public_pages = @on WHERE id = @id`,
  ),
  organisation: db.prepare('INSERT OR REPLACE INTO public_organisations (id, name) VALUES (?, ?)'),
  joined: db.prepare('INSERT OR IGNORE INTO public_memberships (partnership_id, organisation_id) VALUES (?, ?)'),
  left: db.prepare('DELETE FROM public_memberships WHERE partnership_id = ? AND organisation_id = ?'),
  leftSeats: db.prepare('UPDATE public_office_holders SET vacated = 1 WHERE partnership_id = ? AND organisation_id = ?'),
  appointed: db.prepare(
    'INSERT OR REPLACE INTO public_office_holders (member_id, partnership_id, organisation_id, role_title, vacated) VALUES (?, ?, ?, ?, 0)',
  ),
  vacated: db.prepare('UPDATE public_office_holders SET vacated = 1 WHERE member_id = ?'),

  commitmentMade: db.prepare(`INSERT OR REPLACE INTO public_held_commitments (${COMMITMENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 'PROPOSED', ?)`),
  commitmentStatus: both(db, 'public_held_commitments', `UPDATE {table} SET status = ? WHERE id = ?`),
  amended: Object.fromEntries(
    Object.entries(AMENDABLE).map(([term, column]) => [term, both(db, 'public_held_commitments', `UPDATE {table} SET ${column} = ? WHERE id = ?`)]),
  ) as Record<keyof CommitmentTerms, ReturnType<typeof both>>,
  commitmentPublished: db.prepare(
    `INSERT OR IGNORE INTO public_commitments (${COMMITMENT_COLUMNS}, published_at) SELECT ${COMMITMENT_COLUMNS}, ? FROM public_held_commitments WHERE id = ?`,
  ),
  publishActions: db.prepare(`INSERT OR IGNORE INTO public_actions (${ACTION_COLUMNS}) SELECT ${ACTION_COLUMNS} FROM public_held_actions WHERE commitment_id = ?`),
  publishIndicators: db.prepare(
    `INSERT OR IGNORE INTO public_indicators (${INDICATOR_COLUMNS}) SELECT ${INDICATOR_COLUMNS} FROM public_held_indicators WHERE commitment_id = ?`,
  ),
  publishReadings: db.prepare(
    `INSERT OR IGNORE INTO public_indicator_readings (${READING_COLUMNS})
     SELECT ${READING_COLUMNS.replace(/(\w+)/g, 'r.$1')} FROM public_held_indicator_readings r
     JOIN public_held_indicators i ON i.id = r.indicator_id WHERE i.commitment_id = ?`,
  ),

  actionPlanned: db.prepare(`INSERT OR IGNORE INTO public_held_actions (${ACTION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`),
  actionPublic: db.prepare(
    `INSERT OR IGNORE INTO public_actions (${ACTION_COLUMNS}) SELECT ${ACTION_COLUMNS} FROM public_held_actions WHERE id = ? AND ${PUBLISHED_COMMITMENT}`,
  ),
  rescheduled: both(db, 'public_held_actions', 'UPDATE {table} SET due_date = ? WHERE id = ?'),
  reassigned: both(db, 'public_held_actions', 'UPDATE {table} SET owning_organisation_id = ?, owning_partnership_id = ? WHERE id = ?'),
  updateSubmitted: db.prepare(`INSERT OR IGNORE INTO public_held_updates (${UPDATE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  updatePublished: db.prepare(
    `INSERT OR IGNORE INTO public_updates (${UPDATE_COLUMNS}, published_at, automatically)
     SELECT ${UPDATE_COLUMNS}, ?, ? FROM public_held_updates WHERE update_id = ? AND action_id = ?`,
  ),
  // Once public, the text lives in one place only.
  unhold: db.prepare('DELETE FROM public_held_updates WHERE update_id = ? AND action_id = ?'),

  meetingScheduled: db.prepare(`INSERT OR REPLACE INTO public_held_meetings (${MEETING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, 'SCHEDULED', NULL)`),
  held: both(db, 'public_held_meetings', `UPDATE {table} SET status = CASE status WHEN 'SCHEDULED' THEN 'HELD' ELSE status END WHERE id = ?`),
  drafted: both(db, 'public_held_meetings', `UPDATE {table} SET status = CASE status WHEN 'HELD' THEN 'MINUTES_DRAFTED' ELSE status END WHERE id = ?`),
  confirmed: both(db, 'public_held_meetings', `UPDATE {table} SET status = 'MINUTES_CONFIRMED', confirmed_on = ? WHERE id = ?`),
  item: db.prepare(`INSERT OR REPLACE INTO public_held_minute_items (${ITEM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  minutesPublished: db.prepare(
    `INSERT INTO public_meetings (${MEETING_COLUMNS}, through_position, first_published_at, published_at)
     SELECT ${MEETING_COLUMNS}, ?, ?, ? FROM public_held_meetings WHERE id = ?
     ON CONFLICT (id) DO UPDATE SET through_position = MAX(through_position, excluded.through_position), published_at = excluded.published_at`,
  ),
  publishItems: db.prepare(
    `INSERT OR IGNORE INTO public_minute_items (${ITEM_COLUMNS}, published_at)
     SELECT ${ITEM_COLUMNS}, ? FROM public_held_minute_items WHERE meeting_id = ? AND position <= ?`,
  ),

  indicatorDefined: db.prepare(`INSERT OR IGNORE INTO public_held_indicators (${INDICATOR_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  indicatorPublic: db.prepare(
    `INSERT OR IGNORE INTO public_indicators (${INDICATOR_COLUMNS}) SELECT ${INDICATOR_COLUMNS} FROM public_held_indicators WHERE id = ? AND ${PUBLISHED_COMMITMENT}`,
  ),
  reading: db.prepare(`INSERT OR IGNORE INTO public_held_indicator_readings (${READING_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 0, ?)`),
  readingPublic: db.prepare(
    `INSERT OR IGNORE INTO public_indicator_readings (${READING_COLUMNS})
     SELECT ${READING_COLUMNS} FROM public_held_indicator_readings WHERE id = ? AND EXISTS (SELECT 1 FROM public_indicators i WHERE i.id = ?)`,
  ),
  superseded: both(db, 'public_held_indicator_readings', 'UPDATE {table} SET superseded = 1 WHERE id = ?'),

  returnDrafted: db.prepare(
    'INSERT OR REPLACE INTO public_held_annual_returns (partnership_id, organisation_id, year, entries, drafted_at) VALUES (?, ?, ?, ?, ?)',
  ),
  returnPublished: db.prepare(
    `INSERT INTO public_annual_returns (partnership_id, organisation_id, year, entries, drafted_at, published_at, version)
     SELECT partnership_id, organisation_id, year, entries, drafted_at, ?, 1 FROM public_held_annual_returns
     WHERE partnership_id = ? AND organisation_id = ? AND year = ?
     ON CONFLICT (partnership_id, organisation_id, year) DO UPDATE SET
       entries = excluded.entries, drafted_at = excluded.drafted_at, published_at = excluded.published_at, version = version + 1`,
  ),
});

/**
 * What the public accountability pages show: partnerships with public pages on, their published
 * commitments with their actions and indicators, published updates, published PUBLIC minute items
 * and their resolutions, and published annual returns (the latest published version of each).
 */
export const publicPagesProjection = defineProjection({
  name: 'public-pages',
  version: 1,
  tables: PUBLIC_PAGES_TABLES,

  setUp(db) {
    db.exec(TABLES);
  },

  statements,

  on: {
    PartnershipFormed(sql, { data }) {
      const { amberWithinDays } = DEFAULT_BOARD_SETTINGS;
      sql.formed.run(data.partnershipId, data.name, data.level, data.parentPartnershipId, data.timeZone ?? DEFAULT_TIME_ZONE, amberWithinDays);
    },
    PartnershipSettingsChanged(sql, { data }) {
      sql.boardSettings.run(data.amberWithinDays, data.partnershipId);
    },
    PublicationSettingsChanged(sql, { data }) {
      sql.publicationSettings.run({ on: data.publicPages ? 1 : 0, at: data.changedAt, id: data.partnershipId });
    },
    OrganisationRegistered(sql, { data }) {
      sql.organisation.run(data.organisationId, data.name);
    },
    OrganisationRenamed(sql, { data }) {
      sql.organisation.run(data.organisationId, data.name);
    },
    OrganisationJoinedPartnership(sql, { data }) {
      sql.joined.run(data.partnershipId, data.organisationId);
    },
    OrganisationLeftPartnership(sql, { data }) {
      sql.left.run(data.partnershipId, data.organisationId);
      sql.leftSeats.run(data.partnershipId, data.organisationId);
    },
    // Office-holders by the title of their office; the person's name stays in the personal-data store.
    MemberAppointed(sql, { data }) {
      sql.appointed.run(data.memberId, data.partnershipId, data.organisationId, data.roleTitle);
    },
    MemberVacated(sql, { data }) {
      sql.vacated.run(data.memberId);
    },

    CommitmentMade(sql, { data }) {
      sql.commitmentMade.run(
        data.commitmentId,
        data.partnershipId,
        data.owningOrganisationId,
        data.title,
        data.description,
        data.targetDate,
        data.sourceReference,
        data.madeOn ?? data.madeAt.slice(0, 10),
      );
    },
    CommitmentEndorsed(sql, { data }) {
      sql.commitmentStatus.run('ACTIVE', data.commitmentId);
    },
    CommitmentAmended(sql, { data }) {
      for (const [term, value] of Object.entries(data.changes) as [keyof CommitmentTerms, string | null | undefined][]) {
        if (value !== undefined && term in AMENDABLE) sql.amended[term].run(value, data.commitmentId);
      }
    },
    CommitmentClosed(sql, { data }) {
      sql.commitmentStatus.run(data.outcome, data.commitmentId);
    },
    CommitmentPublished(sql, { data }) {
      sql.commitmentPublished.run(data.publishedAt, data.commitmentId);
      sql.publishActions.run(data.commitmentId);
      sql.publishIndicators.run(data.commitmentId);
      sql.publishReadings.run(data.commitmentId);
    },

    ActionPlanned(sql, { data }) {
      // An action raised at a meeting without a commitment is public only as its minute item says.
      if (data.commitmentId === null) return;
      const owningPartnershipId = data.owningPartnershipId ?? null;
      sql.actionPlanned.run(data.actionId, data.commitmentId, data.partnershipId, data.owningOrganisationId, owningPartnershipId, data.title, data.dueDate);
      sql.actionPublic.run(data.actionId, data.commitmentId);
    },
    ActionRescheduled(sql, { data }) {
      sql.rescheduled.run(data.dueDate, data.actionId);
    },
    ActionReassigned(sql, { data }) {
      sql.reassigned.run(data.owningOrganisationId, data.owningPartnershipId ?? null, data.actionId);
    },
    ActionUpdateSubmitted(sql, { data, streamRevision }) {
      sql.updateSubmitted.run(
        data.updateId,
        data.actionId,
        Number(streamRevision),
        data.status,
        data.percentComplete,
        data.whatHasHappened,
        data.whatMoreIsToBeDone,
        data.reportedOn ?? null,
        data.submittedAt,
      );
    },
    ActionUpdatePublished(sql, { data }) {
      sql.updatePublished.run(data.publishedAt, data.automatically ? 1 : 0, data.updateId, data.actionId);
      sql.unhold.run(data.updateId, data.actionId);
    },

    MeetingScheduled(sql, { data }) {
      sql.meetingScheduled.run(data.meetingId, data.partnershipId, data.date, data.startTime, data.format, data.place, data.title);
    },
    AttendanceRecorded(sql, { data }) {
      sql.held.run(data.meetingId);
    },
    MinuteItemRecorded(sql, { data }) {
      sql.drafted.run(data.meetingId);
      // Taken without press and public: never stored here, so no query can ever show it.
      if (data.visibility !== 'PUBLIC') return;
      const actionsRaised = data.actionsRaised.map(({ title, dueDate, owningOrganisationIds, everyMemberOrganisation, commitmentId }) => ({
        title,
        dueDate,
        owningOrganisationIds,
        everyMemberOrganisation,
        commitmentId,
      }));
      sql.item.run(
        data.meetingId,
        data.position,
        data.number,
        data.title,
        data.presenter.memberId,
        data.presenter.role,
        data.text,
        ...resolutionColumns(data.resolution),
        JSON.stringify(actionsRaised),
        data.recordedAt,
      );
    },
    MinutesConfirmed(sql, { data }) {
      sql.confirmed.run(data.confirmedOn, data.meetingId);
    },
    MinutesPublished(sql, { data }) {
      sql.minutesPublished.run(data.throughPosition, data.publishedAt, data.publishedAt, data.meetingId);
      sql.publishItems.run(data.publishedAt, data.meetingId, data.throughPosition);
    },

    IndicatorDefined(sql, { data }) {
      const { baseline, target } = data;
      sql.indicatorDefined.run(
        data.indicatorId,
        data.commitmentId,
        data.name,
        data.unit,
        data.direction,
        baseline.value,
        baseline.date,
        target.value,
        target.date,
        data.owningOrganisationId,
      );
      sql.indicatorPublic.run(data.indicatorId, data.commitmentId);
    },
    IndicatorReadingRecorded(sql, { data }) {
      sql.reading.run(data.readingId, data.indicatorId, data.value, data.periodDate, data.source, null, data.recordedAt);
      sql.readingPublic.run(data.readingId, data.indicatorId);
    },
    IndicatorReadingCorrected(sql, { data }) {
      sql.superseded.run(data.correctsReadingId);
      sql.reading.run(data.readingId, data.indicatorId, data.value, data.periodDate, data.source, data.correctsReadingId, data.correctedAt);
      sql.readingPublic.run(data.readingId, data.indicatorId);
    },

    AnnualReturnDrafted(sql, { data }) {
      sql.returnDrafted.run(data.partnershipId, data.organisationId, data.year, JSON.stringify(data.entries), data.draftedAt);
    },
    AnnualReturnPublished(sql, { data }) {
      sql.returnPublished.run(data.publishedAt, data.partnershipId, data.organisationId, data.year);
    },
  },
});
