import type { AnnualReturnEntry, PublicationSettings } from '@ledger/domain';
import { IN_IDS, ReadModelQueries, type Page } from '../statements.js';

export type PublicationSettingsRow = PublicationSettings & Readonly<{ partnershipId: string }>;
export type PublishedRow = Readonly<{ id: string; publishedAt: string }>;
export type UpdatePublishedRow = PublishedRow & Readonly<{ automatically: boolean }>;
export type MinutesPublishedRow = Readonly<{ meetingId: string; throughPosition: number; publishedAt: string }>;

export type AnnualReturnRow = Readonly<{
  partnershipId: string;
  organisationId: string;
  year: number;
  /** DRAFTED: the latest draft is not yet public; PUBLISHED: it is. */
  status: 'DRAFTED' | 'PUBLISHED';
  /** The latest draft. */
  entries: readonly AnnualReturnEntry[];
  draftedAt: string;
  /** The version last published (public even while a redraft waits); null before the first publication. */
  publishedEntries: readonly AnnualReturnEntry[] | null;
  publishedAt: string | null;
  revision: number;
}>;

export type AnnualReturnFilter = Readonly<{ partnershipId: string; organisationId?: string | null; year?: number | null }>;

type StoredAnnualReturn = Omit<AnnualReturnRow, 'entries' | 'publishedEntries'> & { entries: string; publishedEntries: string | null };
const toAnnualReturn = (row: StoredAnnualReturn): AnnualReturnRow => ({
  ...row,
  entries: JSON.parse(row.entries) as AnnualReturnEntry[],
  publishedEntries: row.publishedEntries === null ? null : (JSON.parse(row.publishedEntries) as AnnualReturnEntry[]),
});

const RETURN_COLUMNS = `partnership_id AS partnershipId, organisation_id AS organisationId, year, status, entries, drafted_at AS draftedAt,
  published_entries AS publishedEntries, published_at AS publishedAt, revision`;
/** A partnership's returns, optionally one organisation's or one year's. */
const RETURNS_WHERE = 'FROM annual_returns WHERE partnership_id = ? AND (? IS NULL OR organisation_id = ?) AND (? IS NULL OR year = ?)';
const filterParams = ({ partnershipId, organisationId = null, year = null }: AnnualReturnFilter) => [partnershipId, organisationId, organisationId, year, year];

export class PublicationQueries extends ReadModelQueries {
  /** The settings of each partnership that has changed them; one missing has the defaults. */
  settingsOf(partnershipIds: readonly string[]): PublicationSettingsRow[] {
    return this
      .sql<[string], { partnershipId: string; publicPages: number; publishUpdatesAutomatically: number; publishMinutesAutomatically: number }>(
        `SELECT partnership_id AS partnershipId, public_pages AS publicPages, publish_updates_automatically AS publishUpdatesAutomatically,
           publish_minutes_automatically AS publishMinutesAutomatically FROM publication_settings WHERE partnership_id ${IN_IDS}`,
      )
      .all(JSON.stringify(partnershipIds))
      .map((row) => ({
        partnershipId: row.partnershipId,
        publicPages: row.publicPages === 1,
        publishUpdatesAutomatically: row.publishUpdatesAutomatically === 1,
        publishMinutesAutomatically: row.publishMinutesAutomatically === 1,
      }));
  }

  commitmentsPublished(commitmentIds: readonly string[]): PublishedRow[] {
    return this
      .sql<[string], PublishedRow>(`SELECT commitment_id AS id, published_at AS publishedAt FROM published_commitments WHERE commitment_id ${IN_IDS}`)
      .all(JSON.stringify(commitmentIds));
  }

  updatesPublished(updateIds: readonly string[]): UpdatePublishedRow[] {
    return this
      .sql<[string], PublishedRow & { automatically: number }>(
        `SELECT update_id AS id, published_at AS publishedAt, automatically FROM published_updates WHERE update_id ${IN_IDS}`,
      )
      .all(JSON.stringify(updateIds))
      .map((row) => ({ ...row, automatically: row.automatically === 1 }));
  }

  minutesPublished(meetingIds: readonly string[]): MinutesPublishedRow[] {
    return this
      .sql<[string], MinutesPublishedRow>(
        `SELECT meeting_id AS meetingId, through_position AS throughPosition, published_at AS publishedAt FROM published_minutes WHERE meeting_id ${IN_IDS}`,
      )
      .all(JSON.stringify(meetingIds));
  }

  annualReturn(partnershipId: string, organisationId: string, year: number): AnnualReturnRow | undefined {
    const row = this
      .sql<[string, string, number], StoredAnnualReturn>(`SELECT ${RETURN_COLUMNS} FROM annual_returns WHERE partnership_id = ? AND organisation_id = ? AND year = ?`)
      .get(partnershipId, organisationId, year);
    return row && toAnnualReturn(row);
  }

  /** Newest year first, then by organisation. */
  annualReturns(filter: AnnualReturnFilter, { afterSequence, limit }: Page): (AnnualReturnRow & { sequence: number })[] {
    return this
      .sql<unknown[], StoredAnnualReturn & { sequence: number }>(
        `SELECT * FROM (SELECT ${RETURN_COLUMNS}, ROW_NUMBER() OVER (ORDER BY year DESC, organisation_id) AS sequence ${RETURNS_WHERE})
         WHERE sequence > ? ORDER BY sequence LIMIT ?`,
      )
      .all(...filterParams(filter), afterSequence, limit)
      .map((row) => ({ ...toAnnualReturn(row), sequence: row.sequence }));
  }

  annualReturnCount(filter: AnnualReturnFilter): number {
    return this.sql<unknown[], { count: number }>(`SELECT COUNT(*) AS count ${RETURNS_WHERE}`).get(...filterParams(filter))!.count;
  }
}
