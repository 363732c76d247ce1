import type { Event } from '../shared/decider.js';

/**
 * Publication: what a partnership's public pages may show. Nothing reaches a public page until the
 * secretariat publishes it, or a partnership setting publishes it as it is recorded. Each published
 * event sits on the stream of the thing it publishes, so a publication is ordered with that thing's
 * own history (an update is never published before it was submitted).
 */
export type PublicationSettings = Readonly<{
  /** The partnership has public pages at all. */
  publicPages: boolean;
  /** A submitted update is published in the same append, without the secretariat's step. */
  publishUpdatesAutomatically: boolean;
  /** A recorded PUBLIC minute item is published in the same append. PRIVATE items are never published. */
  publishMinutesAutomatically: boolean;
}>;

/** Until a secretariat says otherwise, nothing is public. */
export const DEFAULT_PUBLICATION_SETTINGS: PublicationSettings = {
  publicPages: false,
  publishUpdatesAutomatically: false,
  publishMinutesAutomatically: false,
};

/** On the partnership's stream; the whole settings each time. */
export type PublicationSettingsChanged = Event<'PublicationSettingsChanged', { partnershipId: string; changedAt: string } & PublicationSettings>;

/** On the commitment's stream: the commitment, and its actions' titles, owners, due dates and published status, become public. */
export type CommitmentPublished = Event<'CommitmentPublished', { commitmentId: string; partnershipId: string; publishedAt: string }>;

/**
 * On the action's stream: one submitted update becomes public. An action's public status and RAG are
 * those of its latest PUBLISHED update (or NOT_STARTED), never of an update still unpublished.
 */
export type ActionUpdatePublished = Event<
  'ActionUpdatePublished',
  { actionId: string; updateId: string; automatically: boolean; publishedAt: string }
>;

/** On the meeting's stream: its PUBLIC minute items with position ≤ throughPosition become public; PRIVATE items never. */
export type MinutesPublished = Event<
  'MinutesPublished',
  { meetingId: string; throughPosition: number; automatically: boolean; publishedAt: string }
>;

/**
 * The annual assessment return: per partnership, organisation and year, "what has happened" and
 * "what more is to be done" against each of the organisation's commitments. Drafted (and redrafted)
 * by the partner, published by the secretariat; the public page shows the latest published version
 * beside the previous year's.
 */
export type AnnualReturnEntry = Readonly<{ commitmentId: string; whatHasHappened: string; whatMoreIsToBeDone: string }>;

/** The year a return covers, e.g. 2025; one return per partnership, organisation and year. */
export const annualReturnStreamId = (partnershipId: string, organisationId: string, year: number) =>
  `annual-return-${partnershipId}-${organisationId}-${year}`;

/** The whole draft each time: a redraft replaces the one before. */
export type AnnualReturnDrafted = Event<
  'AnnualReturnDrafted',
  { partnershipId: string; organisationId: string; year: number; entries: AnnualReturnEntry[]; draftedAt: string }
>;
/** Publishes the draft as it stands (the latest AnnualReturnDrafted before it on the stream). */
export type AnnualReturnPublished = Event<
  'AnnualReturnPublished',
  { partnershipId: string; organisationId: string; year: number; publishedAt: string }
>;

export type PublicationEvent =
  | PublicationSettingsChanged
  | CommitmentPublished
  | ActionUpdatePublished
  | MinutesPublished
  | AnnualReturnDrafted
  | AnnualReturnPublished;
