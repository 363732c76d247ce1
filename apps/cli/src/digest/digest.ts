import { calendarDateIn, NotFoundError, ValidationError } from '@ledger/domain';
import type {
  AllyshipPairingsQueries,
  BoardViewsQueries,
  CommitmentTrackerQueries,
  PartnershipDirectoryQueries,
  ActionFilter,
  AllyshipChallengeRow,
} from '@ledger/projections';

/** The read models a digest is read from. */
export type DigestReadModels = Readonly<{
  directory: PartnershipDirectoryQueries;
  tracker: CommitmentTrackerQueries;
  board: BoardViewsQueries;
  allyship: AllyshipPairingsQueries;
}>;

export type DigestAction = Readonly<{
  id: string;
  title: string;
  commitment: string | null;
  dueDate: string;
  status: string;
  /** The business date of its latest update; null when never updated. */
  lastReportedOn: string | null;
}>;

export type DigestChallenge = Readonly<{ id: string; raisedOn: string; text: string; about: string | null }>;

/** One partnership's part of the digest, judged on its own "today" (its time zone, the one clock). */
export type DigestSection = Readonly<{
  partnershipId: string;
  partnership: string;
  timeZone: string;
  today: string;
  dueSoonDays: number;
  silentAfterDays: number;
  overdue: DigestAction[];
  dueSoon: DigestAction[];
  silent: DigestAction[];
  openChallenges: DigestChallenge[];
}>;

export type Digest = Readonly<{ organisationId: string; organisation: string; sections: DigestSection[] }>;

/** Rows read per query: a digest is read whole, in pages of this many. */
const PAGE = 500;

/**
 * An organisation's weekly digest, from the read models: per partnership it belongs to (or the one
 * named), the actions it owns that are overdue, due within the partnership's `dueSoonDays`, or silent
 * for its `silentAfterDays` (the board views' own rules and figures), and the allyship challenges still
 * unanswered that concern it: raised with one of its board members, or about an action it owns.
 */
export function readDigest(models: DigestReadModels, { organisationId, partnershipId, now }: Readonly<{ organisationId: string; partnershipId: string | null; now: Date }>): Digest {
  const organisation = models.directory.organisation(organisationId);
  if (!organisation) throw new NotFoundError('Organisation', organisationId, '--organisation');
  const memberOf = models.directory.partnershipIdsOfOrganisation(organisationId);
  if (partnershipId !== null && !memberOf.includes(partnershipId)) {
    if (!models.directory.partnership(partnershipId)) throw new NotFoundError('Partnership', partnershipId, '--partnership');
    throw new ValidationError('--partnership', 'isMember', `--partnership: ${organisation.name} is not a member of partnership ${partnershipId}`);
  }
  const partnershipIds = partnershipId === null ? memberOf : [partnershipId];
  const partnerships = models.directory.partnershipsById(partnershipIds).sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const settings = new Map(models.board.settingsOf(partnershipIds).map((row) => [row.id, row]));
  const sections = partnerships.map((partnership): DigestSection => {
    const { dueSoonDays, silentAfterDays } = settings.get(partnership.id) ?? { dueSoonDays: 14, silentAfterDays: 30 };
    const owned = { partnershipId: partnership.id, owningOrganisationId: organisationId };
    const list = (filter: ActionFilter) => actionsOf(models, allIds(models.board, { ...owned, ...filter }, now));
    return {
      partnershipId: partnership.id,
      partnership: partnership.name,
      timeZone: partnership.timeZone,
      today: calendarDateIn(partnership.timeZone, now),
      dueSoonDays,
      silentAfterDays,
      overdue: list({ overdue: true }),
      dueSoon: list({ dueWithinDays: dueSoonDays }),
      silent: list({ silentForDays: silentAfterDays }),
      openChallenges: challengesOf(models, partnership.id, organisationId, calendarDateIn(partnership.timeZone, now)),
    };
  });
  return { organisationId, organisation: organisation.name, sections };
}

function allIds(board: BoardViewsQueries, filter: ActionFilter, now: Date): string[] {
  const ids: string[] = [];
  for (let after = null as { dueDate: string; id: string } | null; ; ) {
    const rows = board.actions(filter, null, now, 'DUE_DATE_ASC', after, PAGE);
    ids.push(...rows.map((row) => row.id));
    if (rows.length < PAGE) return ids;
    after = rows[rows.length - 1]!;
  }
}

function actionsOf(models: DigestReadModels, ids: readonly string[]): DigestAction[] {
  const rows = new Map(models.tracker.actionsById(ids).map((row) => [row.id, row]));
  const commitmentIds = [...new Set([...rows.values()].flatMap((row) => (row.commitmentId ? [row.commitmentId] : [])))];
  const commitments = new Map(models.tracker.commitmentsById(commitmentIds).map((row) => [row.id, row.title]));
  const updateIds = [...rows.values()].flatMap((row) => (row.latestUpdateId ? [row.latestUpdateId] : []));
  const reported = new Map(models.tracker.updatesById(updateIds).map((row) => [row.id, row.reportedOn]));
  return ids.flatMap((id) => {
    const row = rows.get(id);
    if (!row) return [];
    return [
      {
        id,
        title: row.title,
        commitment: row.commitmentId ? (commitments.get(row.commitmentId) ?? null) : null,
        dueDate: row.dueDate,
        status: row.status,
        lastReportedOn: row.latestUpdateId ? (reported.get(row.latestUpdateId) ?? null) : null,
      },
    ];
  });
}

function challengesOf(models: DigestReadModels, partnershipId: string, organisationId: string, today: string): DigestChallenge[] {
  const pairings = [];
  for (let afterSequence = 0; ; ) {
    const page = models.allyship.pairingsOf(partnershipId, { status: null, quietForDays: null, today }, { afterSequence, limit: PAGE });
    pairings.push(...page);
    if (page.length < PAGE) break;
    afterSequence = page[page.length - 1]!.sequence;
  }
  const ours = new Set(pairings.filter((pairing) => models.directory.member(pairing.boardMemberId)?.organisationId === organisationId).map((pairing) => pairing.id));
  const open: AllyshipChallengeRow[] = [];
  for (let afterSequence = 0; ; ) {
    const page = models.allyship.openChallengesOfEach(
      pairings.map((pairing) => pairing.id),
      { afterSequence, limit: PAGE },
    );
    // A window of PAGE challenges of each pairing: an empty one means no pairing has more.
    if (page.length === 0) break;
    open.push(...page);
    afterSequence += PAGE;
  }
  const actions = new Map(models.tracker.actionsById(open.flatMap((challenge) => (challenge.actionId ? [challenge.actionId] : []))).map((row) => [row.id, row]));
  const commitments = new Map(models.tracker.commitmentsById(open.flatMap((challenge) => (challenge.commitmentId ? [challenge.commitmentId] : []))).map((row) => [row.id, row.title]));
  return open
    .filter((challenge) => ours.has(challenge.pairingId) || (challenge.actionId !== null && actions.get(challenge.actionId)?.owningOrganisationId === organisationId))
    .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.id.localeCompare(b.id))
    .map((challenge) => ({
      id: challenge.id,
      raisedOn: challenge.raisedOn,
      text: challenge.text,
      about: (challenge.actionId ? actions.get(challenge.actionId)?.title : null) ?? (challenge.commitmentId ? commitments.get(challenge.commitmentId) : null) ?? null,
    }));
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

const describeAction = (action: DigestAction) =>
  `${action.title} — due ${action.dueDate}, ${action.status.replaceAll('_', ' ').toLowerCase()}, ${action.lastReportedOn ? `last update ${action.lastReportedOn}` : 'never updated'}${action.commitment ? ` (${action.commitment})` : ''}`;

/** The parts of a section, titled, in the order a reader acts on them. */
const partsOf = (section: DigestSection) =>
  [
    { title: 'Overdue', empty: 'Nothing overdue.', items: section.overdue.map(describeAction) },
    { title: `Due in the next ${plural(section.dueSoonDays, 'day')}`, empty: 'Nothing due soon.', items: section.dueSoon.map(describeAction) },
    { title: `Silent for ${plural(section.silentAfterDays, 'day')} or more`, empty: 'No silent actions.', items: section.silent.map(describeAction) },
    {
      title: 'Open allyship challenges',
      empty: 'No open challenges.',
      items: section.openChallenges.map((challenge) => `${challenge.raisedOn}: ${challenge.text}${challenge.about ? ` (about ${challenge.about})` : ''}`),
    },
  ] as const;

const summaryOf = (section: DigestSection) =>
  `${section.overdue.length} overdue, ${section.dueSoon.length} due soon, ${section.silent.length} silent, ${plural(section.openChallenges.length, 'open challenge')}`;

/** The digest as plain text, for a mail body or a terminal. */
export function digestText(digest: Digest): string {
  const lines = [`Weekly digest for ${digest.organisation}`, ''];
  if (digest.sections.length === 0) lines.push('The organisation is not a member of any partnership.', '');
  for (const section of digest.sections) {
    lines.push(`${section.partnership} — today ${section.today} (${section.timeZone})`, summaryOf(section), '');
    for (const part of partsOf(section)) {
      lines.push(`${part.title}:`);
      lines.push(...(part.items.length === 0 ? [`  ${part.empty}`] : part.items.map((item) => `  - ${item}`)), '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Every text from the ledger is escaped: titles and challenges are written by people. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (character) => ESCAPES[character]!);

/** The digest as a self-contained HTML page (no scripts, no external resources), for a mail or a browser. */
export function digestHtml(digest: Digest): string {
  const title = escapeHtml(`Weekly digest for ${digest.organisation}`);
  const body = digest.sections.length === 0 ? ['<p>The organisation is not a member of any partnership.</p>'] : [];
  for (const section of digest.sections) {
    body.push(`<section>`, `<h2>${escapeHtml(section.partnership)}</h2>`, `<p>Today ${escapeHtml(section.today)} (${escapeHtml(section.timeZone)}): ${escapeHtml(summaryOf(section))}</p>`);
    for (const part of partsOf(section)) {
      body.push(`<h3>${escapeHtml(part.title)}</h3>`);
      body.push(part.items.length === 0 ? `<p>${escapeHtml(part.empty)}</p>` : `<ul>\n${part.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('\n')}\n</ul>`);
    }
    body.push(`</section>`);
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${title}</title>`,
    '</head>',
    '<body>',
    `<h1>${title}</h1>`,
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
