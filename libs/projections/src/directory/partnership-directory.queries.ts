import type { PartnershipLevel, Sector } from '@ledger/domain';
import { ReadModelQueries } from '../statements.js';

export type PartnershipRow = Readonly<{
  id: string;
  name: string;
  level: PartnershipLevel;
  parentId: string | null;
  /** IANA name: the partnership's "today". */
  timeZone: string;
  formedAt: string;
  revision: number;
  sequence: number;
}>;
export type OrganisationRow = Readonly<{ id: string; name: string; sector: Sector; registeredAt: string }>;
export type JoinedOrganisationRow = OrganisationRow & Readonly<{ joinedAt: string }>;
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

const PRIORITY_COLUMNS = `id, partnership_id AS partnershipId, code, title, description, adopted_at AS adoptedAt,
  retired_at AS retiredAt, retired_reason AS retiredReason, revision`;

/** Reads over the partnership directory read model. */
export class PartnershipDirectoryQueries extends ReadModelQueries {
  partnership(id: string): PartnershipRow | undefined {
    return this
      .sql<[string], PartnershipRow>(
        `SELECT id, name, level, parent_id AS parentId, time_zone AS timeZone, formed_at AS formedAt, revision, sequence FROM directory_partnerships WHERE id = ?`,
      )
      .get(id);
  }

  /** Partnerships in the order they were formed, after the given sequence; one extra row tells whether more follow. */
  partnerships(afterSequence: number, limit: number): PartnershipRow[] {
    return this
      .sql<[number, number], PartnershipRow>(
        `SELECT id, name, level, parent_id AS parentId, time_zone AS timeZone, formed_at AS formedAt, revision, sequence FROM directory_partnerships
         WHERE sequence > ? ORDER BY sequence LIMIT ?`,
      )
      .all(afterSequence, limit);
  }

  organisation(id: string): OrganisationRow | undefined {
    return this
      .sql<[string], OrganisationRow>(
        'SELECT id, name, sector, registered_at AS registeredAt FROM directory_organisations WHERE id = ?',
      )
      .get(id);
  }

  organisationsOf(partnershipId: string): JoinedOrganisationRow[] {
    return this
      .sql<[string], JoinedOrganisationRow>(
        `SELECT o.id, o.name, o.sector, o.registered_at AS registeredAt, po.joined_at AS joinedAt
         FROM directory_partnership_organisations po JOIN directory_organisations o ON o.id = po.organisation_id
         WHERE po.partnership_id = ? ORDER BY po.joined_at, o.name`,
      )
      .all(partnershipId);
  }

  partnershipsOf(organisationId: string): PartnershipRow[] {
    return this
      .sql<[string], PartnershipRow>(
        `SELECT p.id, p.name, p.level, p.parent_id AS parentId, p.time_zone AS timeZone, p.formed_at AS formedAt, p.revision, p.sequence
         FROM directory_partnership_organisations po JOIN directory_partnerships p ON p.id = po.partnership_id
         WHERE po.organisation_id = ? ORDER BY p.sequence`,
      )
      .all(organisationId);
  }

  membersOf(partnershipId: string): MemberRow[] {
    return this
      .sql<[string], MemberRow>(
        `SELECT id, partnership_id AS partnershipId, person_id AS personId, organisation_id AS organisationId,
                role_title AS roleTitle, appointed_at AS appointedAt
         FROM directory_members WHERE partnership_id = ? ORDER BY appointed_at, id`,
      )
      .all(partnershipId);
  }

  priority(id: string): PriorityRow | undefined {
    return this.sql<[string], PriorityRow>(`SELECT ${PRIORITY_COLUMNS} FROM directory_priorities WHERE id = ?`).get(id);
  }

  /** In the order adopted; retired ones only when asked for. */
  prioritiesOf(partnershipId: string, includeRetired: boolean): PriorityRow[] {
    return this
      .sql<[string, number], PriorityRow>(
        `SELECT ${PRIORITY_COLUMNS} FROM directory_priorities WHERE partnership_id = ? AND (? OR retired_at IS NULL) ORDER BY adopted_at, code`,
      )
      .all(partnershipId, includeRetired ? 1 : 0);
  }

  member(id: string): MemberRow | undefined {
    return this
      .sql<[string], MemberRow>(
        `SELECT id, partnership_id AS partnershipId, person_id AS personId, organisation_id AS organisationId,
                role_title AS roleTitle, appointed_at AS appointedAt
         FROM directory_members WHERE id = ?`,
      )
      .get(id);
  }
}
