import type { Role } from '@ledger/domain';
import { ReadModelQueries, type Page } from '../statements.js';

export type GrantRow = Readonly<{
  id: string;
  personId: string;
  role: Role;
  partnershipId: string | null;
  organisationId: string | null;
  reason: string;
  grantedAt: string;
  grantedBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revocationReason: string | null;
  revision: number;
}>;

const GRANT_COLUMNS = `g.id, g.person_id AS personId, g.role, g.partnership_id AS partnershipId, g.organisation_id AS organisationId,
  g.reason, g.granted_at AS grantedAt, g.granted_by AS grantedBy, g.revoked_at AS revokedAt, g.revoked_by AS revokedBy,
  g.revocation_reason AS revocationReason, g.revision`;
/** A partnership's grants: those held for it, and PARTNER grants of the organisations that have joined it. */
const GRANTS_OF_PARTNERSHIP = `FROM access_grants g WHERE (g.partnership_id = @partnershipId
  OR g.organisation_id IN (SELECT organisation_id FROM directory_partnership_organisations WHERE partnership_id = @partnershipId))`;

/** Reads over the grants read model. */
export class AccessGrantsQueries extends ReadModelQueries {
  grant(id: string): GrantRow | undefined {
    return this.byIds<GrantRow>(`SELECT ${GRANT_COLUMNS} FROM access_grants g`, [id])[0];
  }

  /** Current and past, in the order granted. */
  grantsOfPartnership(partnershipId: string, { afterSequence, limit }: Page): (GrantRow & { sequence: number })[] {
    return this.sql<[{ partnershipId: string; afterSequence: number; limit: number }], GrantRow & { sequence: number }>(
      `SELECT ${GRANT_COLUMNS}, g.sequence ${GRANTS_OF_PARTNERSHIP} AND g.sequence > @afterSequence ORDER BY g.sequence LIMIT @limit`,
    ).all({ partnershipId, afterSequence, limit });
  }

  grantCountOfPartnership(partnershipId: string): number {
    return this.sql<[{ partnershipId: string }], { count: number }>(`SELECT COUNT(*) AS count ${GRANTS_OF_PARTNERSHIP}`).get({ partnershipId })!.count;
  }

  /** A person's grants, current and past, in the order granted. */
  grantsOfPerson(personId: string): GrantRow[] {
    return this.sql<[string], GrantRow>(`SELECT ${GRANT_COLUMNS} FROM access_grants g WHERE g.person_id = ? ORDER BY g.sequence`).all(personId);
  }
}
