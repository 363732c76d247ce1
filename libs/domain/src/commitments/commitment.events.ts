import type { Command, Event } from '../shared/decider.js';
import type { ActionPlanned, ActionStatus } from '../actions/action.events.js';
import type { CommitmentPublished, PublicationSettings } from '../publication/publication.events.js';
import type { PublishCommitment } from '../publication/publication.js';

/** PROPOSED → ACTIVE (endorsed by the board) → ACHIEVED | MISSED | WITHDRAWN (each with a reason). */
export const COMMITMENT_STATUSES = ['PROPOSED', 'ACTIVE', 'ACHIEVED', 'MISSED', 'WITHDRAWN'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const COMMITMENT_OUTCOMES = ['ACHIEVED', 'MISSED', 'WITHDRAWN'] as const;
export type CommitmentOutcome = (typeof COMMITMENT_OUTCOMES)[number];

export const commitmentStreamId = (commitmentId: string) => `commitment-${commitmentId}`;

/** The fields an amendment may change; earlier values stay in history. */
export type CommitmentTerms = {
  title?: string;
  description?: string;
  targetDate?: string | null;
  owningOrganisationId?: string;
};

export type CommitmentMade = Event<
  'CommitmentMade',
  {
    commitmentId: string;
    partnershipId: string;
    owningOrganisationId: string;
    contributingOrganisationIds: string[];
    title: string;
    description: string;
    priorityIds: string[];
    /** YYYY-MM-DD */
    targetDate: string | null;
    /** e.g. "LLR framework v10.1, Action 7" */
    sourceReference: string | null;
    madeAt: string;
    /** The partnership's calendar date when it was made. Absent before time zones: the Europe/London date of madeAt. */
    madeOn?: string;
  }
>;
export type CommitmentEndorsed = Event<
  'CommitmentEndorsed',
  { commitmentId: string; endorsedOn: string; meetingId: string | null; endorsedAt: string }
>;
export type CommitmentAmended = Event<
  'CommitmentAmended',
  { commitmentId: string; changes: CommitmentTerms; previous: CommitmentTerms; reason: string; amendedAt: string }
>;
/** What closing a commitment as ACHIEVED did to an action still open: the board says, action by action. */
export const FINAL_ACTION_STATUSES = ['COMPLETED', 'CANCELLED'] as const;
export type FinalActionStatus = (typeof FINAL_ACTION_STATUSES)[number];
export type ClosedAction = { actionId: string; finalStatus: FinalActionStatus };

export type CommitmentClosed = Event<
  'CommitmentClosed',
  {
    commitmentId: string;
    outcome: CommitmentOutcome;
    reason: string;
    /** The actions open at closing and the status each was closed with (ACHIEVED only; absent in older events). */
    closedActions?: ClosedAction[];
    closedAt: string;
  }
>;
/**
 * The board planned actions under the commitment, one per owning organisation ("each organisation
 * will…"), recorded at once: each action's own stream then starts with the `ActionPlanned` held here,
 * so a plan interrupted part-way is completed from this record, never half-kept or doubled.
 */
export type ActionsPlanned = Event<'ActionsPlanned', { commitmentId: string; planId: string | null; actions: ActionPlanned['data'][] }>;
export type CommitmentEvent = CommitmentMade | CommitmentEndorsed | CommitmentAmended | CommitmentClosed | ActionsPlanned | CommitmentPublished;

/** What the handler looks up in the partnership's stream before deciding. */
export type PartnershipFacts = Readonly<{
  formed: boolean;
  /** The partnership it sits under: a secretariat there acts on this one too. */
  parentPartnershipId: string | null;
  /** "Today" for the partnership's rules is the calendar date in this IANA time zone. */
  timeZone: string;
  organisationIds: readonly string[];
  memberIds: readonly string[];
  activePriorityIds: readonly string[];
  /**
   * Partnerships directly beneath it (its places), as their own streams say: looked up only by a
   * command that names one as an action's owner; absent means none is known.
   */
  childPartnershipIds?: readonly string[];
  /** The business date it was dissolved on; from then on it is read-only (absent or null: not dissolved). */
  dissolvedOn?: string | null;
  /** What its public pages may show and what is published as it is recorded; absent: the defaults (nothing public). */
  publication?: PublicationSettings;
}>;

export type MakeCommitment = Command<
  'MakeCommitment',
  {
    commitmentId: string;
    partnershipId: string;
    owningOrganisationId: string;
    contributingOrganisationIds?: string[] | null;
    title: string;
    description: string;
    priorityIds?: string[] | null;
    targetDate?: string | null;
    sourceReference?: string | null;
    /** The business date it was made (YYYY-MM-DD), e.g. a framework agreed years ago; defaults to the partnership's today. */
    madeOn?: string | null;
    partnership: PartnershipFacts;
  }
>;
export type EndorseCommitment = Command<
  'EndorseCommitment',
  { commitmentId: string; endorsedOn: string; meetingId?: string | null; partnership: PartnershipFacts }
>;
export type AmendCommitment = Command<
  'AmendCommitment',
  { commitmentId: string; changes: CommitmentTerms; reason: string; partnership: PartnershipFacts }
>;
/** One of the commitment's actions as its own stream has it; the handler gathers them all before closing. */
export type CommitmentActionFacts = Readonly<{ actionId: string; title: string; status: ActionStatus }>;

export type CloseCommitment = Command<
  'CloseCommitment',
  {
    commitmentId: string;
    outcome: string;
    reason: string;
    /** ACHIEVED with actions still open: what happens to each of them. */
    openActions?: readonly Readonly<{ actionId: string; finalStatus: string }>[] | null;
    actions: readonly CommitmentActionFacts[];
  }
>;
/** The actions, each already decided by the action decider on its own (empty) stream. */
export type RecordActionPlan = Command<'RecordActionPlan', { commitmentId: string; planId: string | null; actions: ActionPlanned['data'][] }>;
export type CommitmentCommand = MakeCommitment | EndorseCommitment | AmendCommitment | CloseCommitment | RecordActionPlan | PublishCommitment;
