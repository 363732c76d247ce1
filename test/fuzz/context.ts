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
  /** The update the first organisation's partner submitted on the first action. */
  update: string;
  /** Owned by the first organisation, with one reading. */
  indicator: string;
  reading: string;
  /** A withdrawn commitment whose action and indicator were open when it closed. */
  closedCommitment: string;
  closedAction: string;
  closedIndicator: string;
  /** A meeting of the first partnership, with no items. The partnership has no public pages: nothing is published. */
  meeting: string;
  /** A live webhook of the first partnership (no delivery yet), and a removed one. */
  webhook: string;
  removedWebhook: string;
  /** Another partnership, with an organisation that is not a member of the first. */
  other: Readonly<{ partnership: string; organisation: string; priority: string; commitment: string; action: string; indicator: string; reading: string }>;
}>;

export type FuzzContext = TokenContext & Readonly<{ ids: SeedIds }>;
