/**
 * What a person may do is a role held in a scope, granted and revoked in the ledger:
 * - PLATFORM_ADMIN: the whole platform; forms top-level partnerships, registers organisations, grants any role.
 * - SECRETARIAT of a partnership: acts on it and on the partnerships beneath it.
 * - PARTNER for an organisation: reports on that organisation's actions and indicators, wherever it is a member.
 * - AUDITOR of a partnership, or of the whole platform: reads everything in scope; writes nothing.
 */
export const ROLES = ['PLATFORM_ADMIN', 'SECRETARIAT', 'PARTNER', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

/** The operator at the console (the CLI's `grant`), who acts without a grant to bootstrap the first administrator. */
export const OPERATOR = 'OPERATOR';

/**
 * Who acted, as every event records it: a person id and the grant they acted under. Never a name, an
 * email or a token subject: those live in the personal-data store, so they can be erased.
 */
export type Actor = Readonly<{
  personId: string;
  /** The grant that allowed it; null for the operator at the console. */
  grantId: string | null;
  role: Role | typeof OPERATOR;
  /** The organisation a PARTNER acted for; null for every other role. */
  organisationId: string | null;
}>;
