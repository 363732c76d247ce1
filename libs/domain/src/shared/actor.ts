/** Who is acting: a board secretariat, a partner organisation, or an auditor (read only). */
export const ROLES = ['SECRETARIAT', 'PARTNER', 'AUDITOR'] as const;
export type Role = (typeof ROLES)[number];

export type Actor = Readonly<{
  subjectId: string;
  role: Role;
  /** The organisation a PARTNER acts for; null for roles that act for the board as a whole. */
  organisationId: string | null;
}>;
