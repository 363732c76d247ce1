import type { TokenContext } from './tokens.js';

/** What the seed data holds: the fuzzer aims at real objects as well as made-up ones. */
export type SeedIds = Readonly<{
  partnership: string;
  /** Member organisations; the PARTNER token is the first one's. */
  organisations: readonly string[];
  member: string;
  priority: string;
  proposedCommitment: string;
  activeCommitment: string;
  /** Planned for every member organisation under the active commitment, in the order of `organisations`. */
  actions: readonly string[];
  /** Every seed action is due on this date. */
  actionDueDate: string;
  /** Owned by the first organisation, with one reading. */
  indicator: string;
  reading: string;
  /** A withdrawn commitment whose action and indicator were open when it closed. */
  closedCommitment: string;
  closedAction: string;
  closedIndicator: string;
  /** Another partnership, with an organisation that is not a member of the first. */
  other: Readonly<{ partnership: string; organisation: string; priority: string; commitment: string; action: string; indicator: string; reading: string }>;
}>;

export type FuzzContext = TokenContext & Readonly<{ ids: SeedIds }>;
