import type { AllyshipPairingStatus, PairingSide } from '@ledger/domain';
import { IN_IDS, ReadModelQueries, type Page, type Paged } from '../statements.js';

export type AllyshipPairingRow = Readonly<{
  id: string;
  partnershipId: string;
  boardMemberId: string;
  allyPersonId: string;
  allyOrganisationId: string;
  allySector: string;
  sectorExceptionReason: string | null;
  status: AllyshipPairingStatus;
  focus: string;
  commitmentIds: string[];
  proposedOn: string;
  activatedOn: string | null;
  endedOn: string | null;
  lastCheckInOn: string | null;
  proposedAt: string;
  revision: number;
  sequence: number;
}>;

export type AllyshipCheckInRow = Readonly<{
  id: string;
  pairingId: string;
  heldOn: string;
  summary: string;
  followUps: string[];
  loggedBy: PairingSide;
  loggedAt: string;
}>;

export type AllyshipChallengeRow = Readonly<{
  id: string;
  pairingId: string;
  partnershipId: string;
  checkInId: string;
  raisedOn: string;
  text: string;
  commitmentId: string | null;
  actionId: string | null;
  response: string | null;
  respondedBy: PairingSide | null;
  respondedOn: string | null;
  responseCheckInId: string | null;
}>;

/**
 * Which of a partnership's pairings to list: of one status, and quiet (no check-in) for at least
 * some days before `today`. Only a pairing that has started and not ended can be quiet.
 */
export type PairingFilter = Readonly<{ status: AllyshipPairingStatus | null; quietForDays: number | null; today: string }>;

const PAIRING_COLUMNS = `id, partnership_id AS partnershipId, board_member_id AS boardMemberId, ally_person_id AS allyPersonId,
  ally_organisation_id AS allyOrganisationId, ally_sector AS allySector, sector_exception_reason AS sectorExceptionReason, status, focus,
  (SELECT COALESCE(json_group_array(commitment_id), '[]') FROM (SELECT commitment_id FROM allyship_pairing_commitments c
     WHERE c.pairing_id = allyship_pairings.id ORDER BY position)) AS commitmentIds,
  proposed_on AS proposedOn, activated_on AS activatedOn, ended_on AS endedOn, last_check_in_on AS lastCheckInOn,
  proposed_at AS proposedAt, revision`;
const CHECK_IN_COLUMNS = `id, pairing_id AS pairingId, held_on AS heldOn, summary, follow_ups AS followUps, logged_by AS loggedBy, logged_at AS loggedAt`;
const CHALLENGE_COLUMNS = `id, pairing_id AS pairingId, partnership_id AS partnershipId, check_in_id AS checkInId, raised_on AS raisedOn, text,
  commitment_id AS commitmentId, action_id AS actionId, response, responded_by AS respondedBy, responded_on AS respondedOn,
  response_check_in_id AS responseCheckInId`;
/** Challenges in the order raised: by the day, then the check-in, then their place in it. */
const CHALLENGE_ORDER = 'raised_on, check_in_id, position';

/** The day a pairing's quiet is counted from: its last check-in, or its start when it has none; null before it starts. */
const QUIET_SINCE = 'COALESCE(last_check_in_on, activated_on)';
const WHERE_PAIRINGS_OF = `partnership_id = @partnershipId AND (@status IS NULL OR status = @status)
  AND (@quietForDays IS NULL OR (status <> 'ENDED' AND ${QUIET_SINCE} IS NOT NULL AND julianday(@today) - julianday(${QUIET_SINCE}) >= @quietForDays))`;

type StoredPairing = Omit<AllyshipPairingRow, 'commitmentIds'> & { commitmentIds: string };
type StoredCheckIn = Omit<AllyshipCheckInRow, 'followUps'> & { followUps: string };

const toPairing = <Row extends StoredPairing>(row: Row) => ({ ...row, commitmentIds: JSON.parse(row.commitmentIds) as string[] });
const toCheckIn = <Row extends StoredCheckIn>(row: Row) => ({ ...row, followUps: JSON.parse(row.followUps) as string[] });

/** Whole days from one calendar date to another (YYYY-MM-DD). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Days since the pair last checked in (or since the pairing started, without a check-in) as of `today`; null before it starts. */
export const daysSinceLastCheckIn = (pairing: Pick<AllyshipPairingRow, 'lastCheckInOn' | 'activatedOn'>, today: string): number | null => {
  const since = pairing.lastCheckInOn ?? pairing.activatedOn;
  return since ? daysBetween(since, today) : null;
};

export class AllyshipPairingsQueries extends ReadModelQueries {
  pairing(id: string): AllyshipPairingRow | undefined {
    return this.pairingsById([id])[0];
  }

  pairingsById(ids: readonly string[]): AllyshipPairingRow[] {
    return this.byIds<StoredPairing>(`SELECT ${PAIRING_COLUMNS}, sequence FROM allyship_pairings`, ids).map(toPairing);
  }

  /** A partnership's pairings in the order proposed, filtered; one extra row tells whether more follow. */
  pairingsOf(partnershipId: string, { status, quietForDays, today }: PairingFilter, { afterSequence, limit }: Page): AllyshipPairingRow[] {
    return this
      .sql<unknown[], StoredPairing>(`SELECT ${PAIRING_COLUMNS}, sequence FROM allyship_pairings WHERE ${WHERE_PAIRINGS_OF} AND sequence > @afterSequence ORDER BY sequence LIMIT @limit`)
      .all({ partnershipId, status, quietForDays, today, afterSequence, limit })
      .map(toPairing);
  }

  pairingCount(partnershipId: string, { status, quietForDays, today }: PairingFilter): number {
    return this.sql<unknown[], { count: number }>(`SELECT COUNT(*) AS count FROM allyship_pairings WHERE ${WHERE_PAIRINGS_OF}`).get({ partnershipId, status, quietForDays, today })!
      .count;
  }

  /** A PROPOSED, ACTIVE or PAUSED pairing of this board member and ally, if there is one: the same two people hold one at a time. */
  openPairingOf(boardMemberId: string, allyPersonId: string): string | null {
    const row = this
      .sql<[string, string], { id: string }>(
        `SELECT id FROM allyship_pairings WHERE board_member_id = ? AND ally_person_id = ? AND status IN ('PROPOSED', 'ACTIVE', 'PAUSED') ORDER BY sequence LIMIT 1`,
      )
      .get(boardMemberId, allyPersonId);
    return row?.id ?? null;
  }

  /** Each commitment's pairings, in the order proposed. */
  pairingsOfEachCommitment(commitmentIds: readonly string[], page: Page): Paged<AllyshipPairingRow>[] {
    return this.pagesOf<StoredPairing>(
      `SELECT ${PAIRING_COLUMNS}, c.commitment_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY c.commitment_id ORDER BY allyship_pairings.sequence) AS sequence
       FROM allyship_pairing_commitments c JOIN allyship_pairings ON allyship_pairings.id = c.pairing_id WHERE c.commitment_id ${IN_IDS}`,
      commitmentIds,
      page,
    ).map(toPairing);
  }

  pairingCountOfEachCommitment(commitmentIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT commitment_id AS ownerId, COUNT(*) AS count FROM allyship_pairing_commitments WHERE commitment_id ${IN_IDS} GROUP BY commitment_id`,
      commitmentIds,
    );
  }

  checkIn(id: string): AllyshipCheckInRow | undefined {
    const row = this.sql<[string], StoredCheckIn>(`SELECT ${CHECK_IN_COLUMNS} FROM allyship_check_ins WHERE id = ?`).get(id);
    return row && toCheckIn(row);
  }

  /** Each pairing's check-ins in the order held. */
  checkInsOfEach(pairingIds: readonly string[], page: Page): Paged<AllyshipCheckInRow>[] {
    return this.pagesOf<StoredCheckIn>(
      `SELECT ${CHECK_IN_COLUMNS}, pairing_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY pairing_id ORDER BY held_on, revision) AS sequence
       FROM allyship_check_ins WHERE pairing_id ${IN_IDS}`,
      pairingIds,
      page,
    ).map(toCheckIn);
  }

  checkInCountOfEach(pairingIds: readonly string[]): Map<string, number> {
    return this.countsOf(`SELECT pairing_id AS ownerId, COUNT(*) AS count FROM allyship_check_ins WHERE pairing_id ${IN_IDS} GROUP BY pairing_id`, pairingIds);
  }

  challenge(id: string): AllyshipChallengeRow | undefined {
    return this.sql<[string], AllyshipChallengeRow>(`SELECT ${CHALLENGE_COLUMNS} FROM allyship_challenges WHERE id = ?`).get(id);
  }

  /** Each pairing's unanswered challenges, in the order raised: they stay visible until answered. */
  openChallengesOfEach(pairingIds: readonly string[], page: Page): Paged<AllyshipChallengeRow>[] {
    return this.pagesOf(
      `SELECT ${CHALLENGE_COLUMNS}, pairing_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY pairing_id ORDER BY ${CHALLENGE_ORDER}) AS sequence
       FROM allyship_challenges WHERE pairing_id ${IN_IDS} AND response IS NULL`,
      pairingIds,
      page,
    );
  }

  openChallengeCountOfEach(pairingIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT pairing_id AS ownerId, COUNT(*) AS count FROM allyship_challenges WHERE pairing_id ${IN_IDS} AND response IS NULL GROUP BY pairing_id`,
      pairingIds,
    );
  }

  /** Every challenge raised about each commitment (directly or through one of its actions), answered or not, in the order raised. */
  challengesOfEachCommitment(commitmentIds: readonly string[], page: Page): Paged<AllyshipChallengeRow>[] {
    return this.pagesOf(
      `SELECT ${CHALLENGE_COLUMNS}, commitment_id AS ownerId, ROW_NUMBER() OVER (PARTITION BY commitment_id ORDER BY ${CHALLENGE_ORDER}) AS sequence
       FROM allyship_challenges WHERE commitment_id ${IN_IDS}`,
      commitmentIds,
      page,
    );
  }

  challengeCountOfEachCommitment(commitmentIds: readonly string[]): Map<string, number> {
    return this.countsOf(
      `SELECT commitment_id AS ownerId, COUNT(*) AS count FROM allyship_challenges WHERE commitment_id ${IN_IDS} GROUP BY commitment_id`,
      commitmentIds,
    );
  }
}
