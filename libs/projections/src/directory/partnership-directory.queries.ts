import type { PartnershipLevel, Sector } from '@ledger/domain';
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
}>;
export type OrganisationRow = Readonly<{ id: string; name: string; sector: Sector; registeredAt: string }>;
export type MemberRow = Readonly<{ id: string; partnershipId: string; personId: string; organisationId: string; roleTitle: string; appointedAt: string }>;

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

const PARTNERSHIP_COLUMNS = `p.id, p.name, p.level, p.parent_id AS parentId, p.time_zone AS timeZone, p.formed_at AS formedAt, p.revision`;
const ORGANISATION_COLUMNS = `o.id, o.name, o.sector, o.registered_at AS registeredAt`;
const MEMBER_COLUMNS = `m.id, m.partnership_id AS partnershipId, m.person_id AS personId, m.organisation_id AS organisationId,
  m.role_title AS roleTitle, m.appointed_at AS appointedAt`;
const PRIORITY_COLUMNS = `pr.id, pr.partnership_id AS partnershipId, pr.code, pr.title, pr.description, pr.adopted_at AS adoptedAt,
  pr.retired_at AS retiredAt, pr.retired_reason AS retiredReason, pr.revision`;
/** Retired priorities only when the second parameter is 1. */
const PRIORITIES_OF = `FROM directory_priorities pr WHERE pr.partnership_id ${IN_IDS} AND (? OR pr.retired_at IS NULL)`;

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
       WHERE po.partnership_id ${IN_IDS}`,
      partnershipIds,
      page,
    );
  }

  organisationCountOfEach(partnershipIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT partnership_id AS ownerId, COUNT(*) AS count FROM directory_partnership_organisations WHERE partnership_id ${IN_IDS} GROUP BY partnership_id`,
      partnershipIds,
    );
  }

  /** Each organisation's partnerships in the order they were formed. */
  partnershipsOfEach(organisationIds: readonly string[], page: Page): Paged<PartnershipRow>[] {
    return this.pagesOf(
      `SELECT ${PARTNERSHIP_COLUMNS}, po.organisation_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY po.organisation_id ORDER BY p.sequence) AS sequence
       FROM directory_partnership_organisations po JOIN directory_partnerships p ON p.id = po.partnership_id
       WHERE po.organisation_id ${IN_IDS}`,
      organisationIds,
      page,
    );
  }

  partnershipCountOfEach(organisationIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT organisation_id AS ownerId, COUNT(*) AS count FROM directory_partnership_organisations WHERE organisation_id ${IN_IDS} GROUP BY organisation_id`,
      organisationIds,
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

  /** Each partnership's board in the order appointed. */
  membersOfEach(partnershipIds: readonly string[], page: Page): Paged<MemberRow>[] {
    return this.pagesOf(
      `SELECT ${MEMBER_COLUMNS}, m.partnership_id AS ownerId,
              ROW_NUMBER() OVER (PARTITION BY m.partnership_id ORDER BY m.appointed_at, m.id) AS sequence
       FROM directory_members m WHERE m.partnership_id ${IN_IDS}`,
      partnershipIds,
      page,
    );
  }

  memberCountOfEach(partnershipIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT partnership_id AS ownerId, COUNT(*) AS count FROM directory_members WHERE partnership_id ${IN_IDS} GROUP BY partnership_id`,
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
