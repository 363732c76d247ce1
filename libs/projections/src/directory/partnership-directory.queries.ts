import { normaliseOrganisationName, type PartnershipLevel, type Sector } from '@ledger/domain';
import { IN_IDS, ReadModelQueries, type Page, type Paged } from '../statements.js';

export type PartnershipRow = Readonly<{
  id: string;
  name: string;
  level: PartnershipLevel;
  parentId: string | null;
  /** IANA name: the partnership's "today". */
  timeZone: string;
  formedAt: string;
  revision: number;
  /** The business date it was dissolved on; null while it is active. */
  dissolvedOn: string | null;
}>;
/** `mergedInto`: the organisation a duplicate was merged into; null for one that stands on its own. */
export type OrganisationRow = Readonly<{ id: string; name: string; sector: Sector; registeredAt: string; mergedInto: string | null }>;
/** `vacatedAt`: when the seat was vacated; null while it is held. */
export type MemberRow = Readonly<{
  id: string;
  partnershipId: string;
  personId: string;
  organisationId: string;
  roleTitle: string;
  appointedAt: string;
  vacatedAt: string | null;
}>;

export type PriorityRow = Readonly<{
  id: string;
  partnershipId: string;
  code: string;
  title: string;
  description: string | null;
  adoptedAt: string;
  retiredAt: string | null;
  retiredReason: string | null;
  revision: number;
}>;

const PARTNERSHIP_COLUMNS = `p.id, p.name, p.level, p.parent_id AS parentId, p.time_zone AS timeZone, p.formed_at AS formedAt, p.revision,
  p.dissolved_on AS dissolvedOn`;
const ORGANISATION_COLUMNS = `o.id, o.name, o.sector, o.registered_at AS registeredAt, o.merged_into AS mergedInto`;
const MEMBER_COLUMNS = `m.id, m.partnership_id AS partnershipId, m.person_id AS personId, m.organisation_id AS organisationId,
  m.role_title AS roleTitle, m.appointed_at AS appointedAt, m.vacated_at AS vacatedAt`;
const PRIORITY_COLUMNS = `pr.id, pr.partnership_id AS partnershipId, pr.code, pr.title, pr.description, pr.adopted_at AS adoptedAt,
  pr.retired_at AS retiredAt, pr.retired_reason AS retiredReason, pr.revision`;
/** Retired priorities only when the second parameter is 1. */
const PRIORITIES_OF = `FROM directory_priorities pr WHERE pr.partnership_id ${IN_IDS} AND (? OR pr.retired_at IS NULL)`;

/** Its two parameters are the search text twice: null matches every name. */
const NAME_CONTAINS = '(? IS NULL OR instr(lower(o.name), lower(?)) > 0)';

/** A filter to the partnerships a reader may see: its two parameters are "all" (1 or 0) and the ids. */
const AMONG_VISIBLE = (column: string) => `(? OR ${column} ${IN_IDS})`;
const visibleParams = (visible: readonly string[] | null) => [visible === null ? 1 : 0, JSON.stringify(visible ?? [])];

/** Reads over the partnership directory read model. */
export class PartnershipDirectoryQueries extends ReadModelQueries {
  partnership(id: string): PartnershipRow | undefined {
    return this.partnershipsById([id])[0];
  }

  partnershipsById(ids: readonly string[]): PartnershipRow[] {
    return this.byIds(`SELECT ${PARTNERSHIP_COLUMNS} FROM directory_partnerships p`, ids);
  }

  /** Partnerships in the order they were formed, after the given sequence; one extra row tells whether more follow. */
  partnerships({ afterSequence, limit }: Page): (PartnershipRow & { sequence: number })[] {
    return this
      .sql<[number, number], PartnershipRow & { sequence: number }>(`SELECT ${PARTNERSHIP_COLUMNS}, p.sequence FROM directory_partnerships p WHERE p.sequence > ? ORDER BY p.sequence LIMIT ?`)
      .all(afterSequence, limit);
  }

  partnershipCount(): number {
    return this.sql<[], { count: number }>('SELECT COUNT(*) AS count FROM directory_partnerships').get()!.count;
  }

  /** Of the given partnerships (null: all), those formed after the page's sequence, in the order formed. */
  partnershipsAmong(ids: readonly string[] | null, { afterSequence, limit }: Page): (PartnershipRow & { sequence: number })[] {
    if (ids === null) return this.partnerships({ afterSequence, limit });
    return this
      .sql<[string, number, number], PartnershipRow & { sequence: number }>(
        `SELECT ${PARTNERSHIP_COLUMNS}, p.sequence FROM directory_partnerships p WHERE p.id ${IN_IDS} AND p.sequence > ? ORDER BY p.sequence LIMIT ?`,
      )
      .all(JSON.stringify(ids), afterSequence, limit);
  }

  /**
   * The partnerships a reader may see: those given and every partnership beneath them (a secretariat
   * or auditor's), and those the given organisations have joined (a partner's), but not beneath those.
   */
  partnershipIdsVisible(partnershipIds: readonly string[], organisationIds: readonly string[]): string[] {
    return this.sql<[string, string], { id: string }>(
      `WITH RECURSIVE beneath(id) AS (
         SELECT value FROM json_each(?)
         UNION SELECT p.id FROM directory_partnerships p JOIN beneath b ON p.parent_id = b.id
       )
       SELECT id FROM beneath
       UNION SELECT partnership_id FROM directory_partnership_organisations
         WHERE organisation_id IN (SELECT value FROM json_each(?)) AND left_at IS NULL`,
    )
      .all(JSON.stringify(partnershipIds), JSON.stringify(organisationIds))
      .map((row) => row.id);
  }

  /** The partnerships directly beneath one (a system's places), in the order they were formed. */
  partnershipIdsBeneath(partnershipId: string): string[] {
    return this.sql<[string], { id: string }>('SELECT id FROM directory_partnerships WHERE parent_id = ? ORDER BY sequence')
      .all(partnershipId)
      .map((row) => row.id);
  }

  partnershipIdsOfOrganisation(organisationId: string): string[] {
    return this.sql<[string], { id: string }>('SELECT partnership_id AS id FROM directory_partnership_organisations WHERE organisation_id = ? AND left_at IS NULL')
      .all(organisationId)
      .map((row) => row.id);
  }

  /** Organisations whose name contains `search` (any case; null: all), by name. */
  organisations(search: string | null, { afterSequence, limit }: Page): (OrganisationRow & { sequence: number })[] {
    return this.sql<[string | null, string | null, number, number], OrganisationRow & { sequence: number }>(
      `SELECT * FROM (SELECT ${ORGANISATION_COLUMNS}, ROW_NUMBER() OVER (ORDER BY o.name, o.id) AS sequence
         FROM directory_organisations o WHERE ${NAME_CONTAINS})
       WHERE sequence > ? ORDER BY sequence LIMIT ?`,
    ).all(search, search, afterSequence, limit);
  }

  organisationCount(search: string | null): number {
    return this.sql<[string | null, string | null], { count: number }>(`SELECT COUNT(*) AS count FROM directory_organisations o WHERE ${NAME_CONTAINS}`).get(search, search)!
      .count;
  }

  /**
   * Organisations whose name reads the same once normalised (see normaliseOrganisationName). A read
   * model: one registered a moment ago, not yet projected, is not found, so two registrations racing
   * within that lag can both pass; a merge is the correction for what slips through.
   */
  organisationsNamed(name: string): OrganisationRow[] {
    return this.sql<[string], OrganisationRow>(`SELECT ${ORGANISATION_COLUMNS} FROM directory_organisations o WHERE o.name_key = ? ORDER BY o.registered_at, o.id`).all(
      normaliseOrganisationName(name),
    );
  }

  /** The organisation history about `id` now belongs to: itself, or the one it was (in turn) merged into. */
  survivorOf(id: string): string {
    let current = id;
    for (let depth = 0; depth < 16; depth++) {
      const next = this.organisation(current)?.mergedInto;
      if (!next) return current;
      current = next;
    }
    return current;
  }

  organisation(id: string): OrganisationRow | undefined {
    return this.organisationsById([id])[0];
  }

  organisationsById(ids: readonly string[]): OrganisationRow[] {
    return this.byIds(`SELECT ${ORGANISATION_COLUMNS} FROM directory_organisations o`, ids);
  }

  /** Each partnership's organisations in the order they joined. */
  organisationsOfEach(partnershipIds: readonly string[], page: Page): Paged<OrganisationRow>[] {
    return this.pagesOf(
      `SELECT ${ORGANISATION_COLUMNS}, po.partnership_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY po.partnership_id ORDER BY po.joined_at, o.name, o.id) AS sequence
       FROM directory_partnership_organisations po JOIN directory_organisations o ON o.id = po.organisation_id
       WHERE po.partnership_id ${IN_IDS} AND po.left_at IS NULL`,
      partnershipIds,
      page,
    );
  }

  organisationCountOfEach(partnershipIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT partnership_id AS ownerId, COUNT(*) AS count FROM directory_partnership_organisations
       WHERE partnership_id ${IN_IDS} AND left_at IS NULL GROUP BY partnership_id`,
      partnershipIds,
    );
  }

  /** Each organisation's partnerships in the order they were formed; only those in `visible` unless it is null. */
  partnershipsOfEach(organisationIds: readonly string[], page: Page, visible: readonly string[] | null = null): Paged<PartnershipRow>[] {
    return this.pagesOf(
      `SELECT ${PARTNERSHIP_COLUMNS}, po.organisation_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY po.organisation_id ORDER BY p.sequence) AS sequence
       FROM directory_partnership_organisations po JOIN directory_partnerships p ON p.id = po.partnership_id
       WHERE po.organisation_id ${IN_IDS} AND po.left_at IS NULL AND ${AMONG_VISIBLE('po.partnership_id')}`,
      organisationIds,
      page,
      ...visibleParams(visible),
    );
  }

  partnershipCountOfEach(organisationIds: readonly string[], visible: readonly string[] | null = null): Map<string, number> {
    return this.countsOf(
      `SELECT organisation_id AS ownerId, COUNT(*) AS count FROM directory_partnership_organisations
       WHERE organisation_id ${IN_IDS} AND left_at IS NULL AND ${AMONG_VISIBLE('partnership_id')} GROUP BY organisation_id`,
      organisationIds,
      ...visibleParams(visible),
    );
  }

  member(id: string): MemberRow | undefined {
    return this.membersById([id])[0];
  }

  membersById(ids: readonly string[]): MemberRow[] {
    return this.byIds(`SELECT ${MEMBER_COLUMNS} FROM directory_members m`, ids);
  }

  membersOf(partnershipId: string): MemberRow[] {
    return this.membersOfEach([partnershipId], { afterSequence: 0, limit: Number.MAX_SAFE_INTEGER });
  }

  /** Each partnership's board as it sits now (vacated seats left out), in the order appointed. */
  membersOfEach(partnershipIds: readonly string[], page: Page): Paged<MemberRow>[] {
    return this.pagesOf(
      `SELECT ${MEMBER_COLUMNS}, m.partnership_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY m.partnership_id ORDER BY m.appointed_at, m.id) AS sequence
       FROM directory_members m WHERE m.partnership_id ${IN_IDS} AND m.vacated_at IS NULL`,
      partnershipIds,
      page,
    );
  }

  memberCountOfEach(partnershipIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT partnership_id AS ownerId, COUNT(*) AS count FROM directory_members WHERE partnership_id ${IN_IDS} AND vacated_at IS NULL GROUP BY partnership_id`,
      partnershipIds,
    );
  }

  priority(id: string): PriorityRow | undefined {
    return this.prioritiesById([id])[0];
  }

  prioritiesById(ids: readonly string[]): PriorityRow[] {
    return this.byIds(`SELECT ${PRIORITY_COLUMNS} FROM directory_priorities pr`, ids);
  }

  /** Each partnership's priorities in the order adopted; retired ones only when asked for. */
  prioritiesOfEach(partnershipIds: readonly string[], includeRetired: boolean, page: Page): Paged<PriorityRow>[] {
    return this.pagesOf(
      `SELECT ${PRIORITY_COLUMNS}, pr.partnership_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY pr.partnership_id ORDER BY pr.adopted_at, pr.code, pr.id) AS sequence
       ${PRIORITIES_OF}`,
      partnershipIds,
      page,
      includeRetired ? 1 : 0,
    );
  }

  priorityCountOfEach(partnershipIds: readonly string[], includeRetired: boolean): Map<string, number> {
    return this.countsOf(`SELECT pr.partnership_id AS ownerId, COUNT(*) AS count ${PRIORITIES_OF} GROUP BY pr.partnership_id`, partnershipIds, includeRetired ? 1 : 0);
  }
}
