import type { Command, Event } from '../shared/decider.js';
import type { Sector } from '../organisations/organisation.js';
import type { PartnershipFacts } from '../commitments/commitment.events.js';
import type { CommitmentFacts } from '../actions/action.events.js';

/**
 * A board member paired with an ally from the community and voluntary sector "for peer-to-peer
 * support and challenge" (Leeds Allyship Programme): PROPOSED → ACTIVE ⇄ PAUSED → ENDED, each move
 * with a reason.
 */
export const ALLYSHIP_PAIRING_STATUSES = ['PROPOSED', 'ACTIVE', 'PAUSED', 'ENDED'] as const;
export type AllyshipPairingStatus = (typeof ALLYSHIP_PAIRING_STATUSES)[number];
/** The same two people may hold only one pairing in these statuses at a time. */
export const OPEN_PAIRING_STATUSES: readonly AllyshipPairingStatus[] = ['PROPOSED', 'ACTIVE', 'PAUSED'];

/** Allies come from these sectors; an ally from any other needs a recorded exception and its reason. */
export const ALLY_SECTORS: readonly Sector[] = ['VCSE', 'COMMUNITY'];

/** Who logged a check-in or gave a response: either side of the pairing, or the board's secretariat. */
export const PAIRING_SIDES = ['BOARD_MEMBER', 'ALLY', 'SECRETARIAT'] as const;
export type PairingSide = (typeof PAIRING_SIDES)[number];

export const allyshipPairingStreamId = (pairingId: string) => `allyship-pairing-${pairingId}`;

export type SectorException = { reason: string };

/** People are ids only: the board member by seat, the ally by person; names live in the personal-data store. */
export type AllyshipPairingProposed = Event<
  'AllyshipPairingProposed',
  {
    pairingId: string;
    partnershipId: string;
    boardMemberId: string;
    allyPersonId: string;
    allyOrganisationId: string;
    /** The ally organisation's sector when proposed, so the exception below can be read without another stream. */
    allySector: Sector;
    /** Present only for an ally from outside VCSE and COMMUNITY. */
    sectorException: SectorException | null;
    focus: string;
    /** Items of the board's work plan the pairing supports. */
    commitmentIds: string[];
    /** YYYY-MM-DD, the partnership's calendar date */
    proposedOn: string;
    proposedAt: string;
  }
>;
/** From PROPOSED (the pairing starts) or PAUSED (it resumes). */
export type AllyshipPairingActivated = Event<
  'AllyshipPairingActivated',
  { pairingId: string; previousStatus: 'PROPOSED' | 'PAUSED'; activatedOn: string; reason: string; activatedAt: string }
>;
export type AllyshipPairingPaused = Event<'AllyshipPairingPaused', { pairingId: string; pausedOn: string; reason: string; pausedAt: string }>;
export type AllyshipPairingEnded = Event<
  'AllyshipPairingEnded',
  { pairingId: string; previousStatus: 'PROPOSED' | 'ACTIVE' | 'PAUSED'; endedOn: string; reason: string; endedAt: string }
>;

/**
 * A challenge one side puts to the other, optionally about an item of the work plan. A challenge
 * about an action also names the action's commitment, so a commitment shows every challenge about it.
 */
export type Challenge = { challengeId: string; text: string; commitmentId: string | null; actionId: string | null };

export type AllyshipCheckInLogged = Event<
  'AllyshipCheckInLogged',
  {
    pairingId: string;
    checkInId: string;
    /** YYYY-MM-DD: the day the pair met or spoke */
    heldOn: string;
    summary: string;
    challenges: Challenge[];
    followUps: string[];
    loggedBy: PairingSide;
    loggedAt: string;
  }
>;
export type AllyshipChallengeResponded = Event<
  'AllyshipChallengeResponded',
  {
    pairingId: string;
    challengeId: string;
    response: string;
    respondedBy: PairingSide;
    respondedOn: string;
    /** The check-in at which the answer was given, when it was given at one. */
    checkInId: string | null;
    respondedAt: string;
  }
>;
export type AllyshipPairingEvent =
  | AllyshipPairingProposed
  | AllyshipPairingActivated
  | AllyshipPairingPaused
  | AllyshipPairingEnded
  | AllyshipCheckInLogged
  | AllyshipChallengeResponded;

/** What the handler looks up in an action's stream before a challenge may name it. */
export type LinkedActionFacts = Readonly<{ exists: boolean; partnershipId: string | null; commitmentId: string | null }>;

/** Facts about linked work-plan items, keyed by the ids the command names; an id missing here does not exist. */
export type CommitmentFactsById = Readonly<Record<string, CommitmentFacts>>;
export type ActionFactsById = Readonly<Record<string, LinkedActionFacts>>;

export type ProposeAllyshipPairing = Command<
  'ProposeAllyshipPairing',
  {
    pairingId: string;
    partnershipId: string;
    boardMemberId: string;
    ally: Readonly<{ personId: string; organisationId: string }>;
    sectorException?: Readonly<{ reason: string }> | null;
    focus: string;
    commitmentIds?: string[] | null;
    /** Defaults to the partnership's today; an earlier date back-fills a pairing agreed before the ledger. */
    proposedOn?: string | null;
    partnership: PartnershipFacts;
    /** The ally organisation's sector from its stream; null when it is not registered. */
    allyOrganisationSector: Sector | null;
    /** The id of a PROPOSED, ACTIVE or PAUSED pairing of the same board member and ally, if there is one. */
    openPairingOfSamePeople: string | null;
    commitments: CommitmentFactsById;
  }
>;
type Move = { pairingId: string; reason: string; partnership: PartnershipFacts };
export type ActivateAllyshipPairing = Command<'ActivateAllyshipPairing', Move & { activatedOn: string }>;
export type PauseAllyshipPairing = Command<'PauseAllyshipPairing', Move & { pausedOn: string }>;
export type EndAllyshipPairing = Command<'EndAllyshipPairing', Move & { endedOn: string }>;
export type LogAllyshipCheckIn = Command<
  'LogAllyshipCheckIn',
  {
    pairingId: string;
    checkInId: string;
    heldOn: string;
    summary: string;
    challenges?: readonly Readonly<{ challengeId: string; text: string; commitmentId?: string | null; actionId?: string | null }>[] | null;
    followUps?: readonly string[] | null;
    /** The handler says which side the acting person is on. */
    loggedBy: string;
    partnership: PartnershipFacts;
    commitments: CommitmentFactsById;
    actions: ActionFactsById;
  }
>;
export type RespondToChallenge = Command<
  'RespondToChallenge',
  {
    pairingId: string;
    challengeId: string;
    response: string;
    respondedBy: string;
    respondedOn: string;
    checkInId?: string | null;
    partnership: PartnershipFacts;
  }
>;
export type AllyshipPairingCommand =
  | ProposeAllyshipPairing
  | ActivateAllyshipPairing
  | PauseAllyshipPairing
  | EndAllyshipPairing
  | LogAllyshipCheckIn
  | RespondToChallenge;

/** What other streams and the access checks need to know about a pairing. */
export type AllyshipPairingFacts = Readonly<{
  exists: boolean;
  status: AllyshipPairingStatus | null;
  partnershipId: string | null;
  boardMemberId: string | null;
  allyPersonId: string | null;
  allyOrganisationId: string | null;
  openChallengeIds: readonly string[];
}>;
