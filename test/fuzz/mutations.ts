import type { FuzzContext, SeedIds } from './context.js';
import type { Random } from './random.js';
import { credentials, type Credentials } from './tokens.js';
import {
  EDGE_DATES,
  EnumValue,
  INVALID_DATES,
  MALFORMED_IDS,
  ODD_NUMBERS,
  ODD_TEXT,
  RawNumber,
  respell,
  toJson,
  toLiteral,
  type Value,
} from './values.js';

/**
 * Write attempts the server must refuse. Each carries one defect that on its own must stop it
 * (its `defect`, named for the summary), mixed with odd but possibly valid parts (upper-case ids,
 * emoji, far-off dates). The fuzz test asserts the log head never moves, so a generator here must
 * never produce a write the server may accept.
 */
type Input = { [field: string]: Value | undefined };
/** A defect's label, and how it spoils an input (returning a finer label when it picks among kinds). */
type Defect = readonly [label: string, apply: (random: Random, input: Input, ids: SeedIds) => string | void];

type MutationSpec = Readonly<{
  field: string;
  inputType: string;
  /** A PARTNER may call it for its own organisation's objects. */
  partnerMay: boolean;
  /** The input takes expectedRevision. */
  revisioned: boolean;
  required: readonly string[];
  /** A valid input, given the seed data (odd parts included). */
  base: (random: Random, ids: SeedIds) => Input;
  /** Defects particular to this mutation. */
  defects: readonly Defect[];
  /** Defects only when a PARTNER sends it (a SECRETARIAT may do these). */
  partnerDefects?: readonly Defect[];
  /** For a PARTNER token: aims the input at another organisation's object. */
  otherOrganisation?: (random: Random, input: Input, ids: SeedIds) => void;
  selections: readonly string[];
}>;

const LEVELS = ['SYSTEM', 'PLACE', 'NEIGHBOURHOOD'];
const SECTORS = ['BUSINESS', 'COMMUNITY', 'HEALTH', 'LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'VCSE'];
const OUTCOMES = ['ACHIEVED', 'MISSED', 'WITHDRAWN'];
const ACTION_STATUSES = ['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED'];
const DIRECTIONS = ['HIGHER_IS_BETTER', 'LOWER_IS_BETTER'];
const UNKNOWN_ENUMS = ['GLOBAL', 'place', 'Place', 'DONE', 'UNKNOWN', '__typename', 'true', 'null_'];

/** A name that is plain, or odd but acceptable. */
const text = (random: Random, plain: string) => (random.chance(0.3) ? random.pick(ODD_TEXT) : plain);
/** A real id, sometimes in a hostile spelling. */
const id = (random: Random, real: string) => (random.chance(0.15) ? respell(random, real) : real);
const someDate = (random: Random) => random.pick(['2021-03-25', '2022-01-31', '2030-06-30', ...EDGE_DATES]);
const enumOf = (random: Random, values: readonly string[]) => new EnumValue(random.pick(values));

/** Text every required name, title or reason must refuse; `optional` fields may take blanks as "none". */
function refusedText(random: Random, optional: boolean): [string, string] {
  const kinds: [number, () => [string, string]][] = [
    // Longer than any text field allows (names 200, free text 4,000).
    [1, () => ['too-long', 'x'.repeat(random.pick([4_001, 20_000]))]],
    [2, () => ['control-characters', random.pick(['Leeds\u0000Board', '\u001b[31mLeeds\u001b[0m', 'Bell\u0007', 'Back\bspace', 'Delete\u007f'])]],
    [2, () => ['lone-surrogate', random.pick(['lone \ud800 high', 'lone \udfff low', '\udc00\ud800'])]],
  ];
  if (!optional) {
    kinds.push([2, () => ['blank', random.pick(['', '   ', '\t\n '])]]);
    kinds.push([2, () => ['invisible-only', random.pick(['\u200b\u200b', '\u200d\ufeff\u2060', '\u00ad', '\u200c \u200b'])]]);
  }
  return random.weighted(kinds)();
}

const textDefect = (field: string, optional = false): Defect => [
  `${field}:text`,
  (random, input) => {
    const [kind, value] = refusedText(random, optional);
    input[field] = value;
    return `${field}:${kind}`;
  },
];
const dateDefect = (field: string): Defect => [
  `${field}:invalid-date`,
  (random, input) => {
    const value = random.pick(INVALID_DATES);
    input[field] = value;
    return `${field}:invalid-date ${JSON.stringify(value)}`;
  },
];
const notFound = (field: string): Defect => [`${field}:not-found`, (random, input) => void (input[field] = random.uuid())];
const malformedId = (field: string): Defect => [`${field}:malformed-id`, (random, input) => void (input[field] = random.pick(MALFORMED_IDS))];
const unknownEnum = (field: string): Defect => [`${field}:unknown-enum`, (random, input) => void (input[field] = new EnumValue(random.pick(UNKNOWN_ENUMS)))];
const idDefects = (field: string) => [notFound(field), malformedId(field)];

const updateSelections = ['position', '__typename', 'position __typename'];

const WEBHOOK_EVENT_TYPES = ['ACTION_BECAME_OVERDUE', 'ACTION_SILENT', 'CHALLENGE_RAISED', 'COMMITMENT_STATUS_CHANGED', 'UPDATE_SUBMITTED'];
/** A year the seed partnership's return may cover (2000 to its current year). */
const returnYear = (random: Random) => random.pick([2021, 2024, 2025]);
const yearDefect: Defect = ['year:out-of-range', (random, input) => void (input.year = random.pick([1999, 0, -1, 2999, 2147483647, -2147483648]))];
/** The seed partnership has no public pages, so every publication step is refused whatever else it holds. */
const noPublicPages: Defect = ['partnership:no-public-pages', () => undefined];

/** Refused receiver URLs (the fuzz API allows no loopback): each must fail registration on its own. */
const REFUSED_WEBHOOK_URLS: readonly (readonly [string, readonly string[]])[] = [
  ['not-https', ['http://example.org/hook', 'ftp://example.org/hook', 'http://127.0.0.1:9/hook', 'http://localhost/hook', 'ws://example.org/', 'javascript:alert(1)']],
  [
    'private-address',
    [
      'https://10.0.0.1/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://127.0.0.1/hook',
      'https://0x7f.1/hook',
      'https://2130706433/hook',
      'https://0.0.0.0/',
      'https://192.168.1.1:8443/',
      'https://172.16.0.1/',
      'https://100.64.0.1/',
      'https://[::1]/hook',
      'https://[::ffff:10.0.0.1]/hook',
      'https://[fe80::1]/',
      'https://[fd00::1]/',
      'https://localhost/hook',
      'https://LOCALHOST./hook',
    ],
  ],
  ['credentials', ['https://user:secret@example.org/hook', 'https://user@example.org/hook']],
  ['fragment', ['https://example.org/hook#x', 'https://example.org/#frag']],
  ['not-a-url', ['', '   ', 'example.org/hook', '//example.org/hook', 'not a url', 'https://', 'https://exa mple.org/']],
];

/** One CSV line, every cell quoted (a doubled quote inside). */
const csvLine = (cells: readonly string[]) => cells.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',');
const CSV_HEADER = ['External id', 'Commitment', 'Action', 'Owner', 'Due date', 'Status', 'Update', 'What more is to be done'];

/** Status, update and what more: a new action not started needs no update; any other status does. */
const goodProgress = (random: Random) => (random.chance(0.5) ? ['Not started', '', ''] : ['On track', 'Kick-off held', random.pick(['', 'Roll out'])]);

/** A row the importer must call INVALID before it writes anything, and the label of what is wrong with it. */
function badImportRow(random: Random, ids: SeedIds, goodExternalId: string): [string, string[]] {
  const row = [`FZ-BAD-${random.int(1, 999_999)}`, ids.activeCommitment, 'Fuzz imported action', ids.organisations[0]!, '2030-06-30', ...goodProgress(random)];
  const kinds: [string, () => void][] = [
    ['status:unknown', () => void (row[5] = random.pick(['Done', 'ON TRACKK', 'on_track ✓', '=1+1']))],
    ['dueDate:invalid', () => void (row[4] = random.pick(['2021-02-30', '31/02/2021', 'soon', '2021-13-01']))],
    ['owner:unknown', () => void (row[3] = random.pick(['Nobody Ltd', '', ids.other.organisation, random.uuid()]))],
    ['commitment:not-active', () => void (row[1] = random.pick([ids.closedCommitment, ids.proposedCommitment, ids.other.commitment, 'No such commitment', random.uuid()]))],
    ['commitment:empty', () => void (row[1] = '')],
    ['action:empty', () => void (row[2] = random.pick(['', '   ']))],
    ['externalId:duplicate', () => void (row[0] = goodExternalId)],
    ['externalId:bad', () => void (row[0] = random.pick(['', 'x'.repeat(101), 'two\nlines', 'tab\there']))],
    ['externalId:other-partnership-action', () => void (row[0] = ids.other.action)],
  ];
  const [label, spoil] = random.pick(kinds);
  spoil();
  return [`csv:${label}`, row];
}

/** An action log with one good row and one bad: without skipInvalid nothing of it may be written. */
function importCsv(random: Random, ids: SeedIds): { csv: string; defect: string } {
  const goodExternalId = `FZ-${random.int(1, 999_999)}`;
  const good = [goodExternalId, id(random, ids.activeCommitment), text(random, 'Fuzz imported action'), ids.organisations[0]!, '2030-06-30', ...goodProgress(random)];
  const [defect, bad] = badImportRow(random, ids, goodExternalId);
  const rows = random.chance(0.5) ? [good, bad] : [bad, good];
  const newline = random.pick(['\n', '\r\n']);
  return { csv: [CSV_HEADER, ...rows].map(csvLine).join(newline) + (random.chance(0.5) ? newline : ''), defect };
}

export const MUTATIONS: readonly MutationSpec[] = [
  {
    field: 'formPartnership',
    inputType: 'FormPartnershipInput',
    partnerMay: false,
    revisioned: false,
    required: ['name', 'level'],
    base: (random, ids) => ({
      name: text(random, 'Fuzz Health and Wellbeing Board'),
      level: enumOf(random, LEVELS),
      parentPartnershipId: random.chance(0.3) ? id(random, ids.partnership) : undefined,
    }),
    defects: [textDefect('name'), unknownEnum('level'), ...idDefects('parentPartnershipId')],
    selections: [...updateSelections, 'partnership { id name }'],
  },
  {
    field: 'grantRole',
    inputType: 'GrantRoleInput',
    partnerMay: false,
    revisioned: false,
    required: ['role', 'reason'],
    base: (random, ids) => ({
      issuer: 'partnership-ledger',
      subject: `fuzz-auditor-${random.uuid()}`,
      role: new EnumValue('AUDITOR'),
      partnershipId: id(random, ids.partnership),
      reason: text(random, 'Internal audit of the board'),
    }),
    defects: [
      textDefect('reason'),
      unknownEnum('role'),
      ...idDefects('partnershipId'),
      ['issuer:untrusted', (random, input) => void (input.issuer = random.pick(['https://evil.example', 'partnership-ledger ', 'PARTNERSHIP-LEDGER']))],
      ['person:both-ways', (random, input) => void (input.personId = random.uuid())],
      ['role:scope-mismatch', (random, input, ids) => void (input.organisationId = id(random, random.pick(ids.organisations)))],
    ],
    selections: [...updateSelections, 'grant { id role active }'],
  },
  {
    field: 'registerOrganisation',
    inputType: 'RegisterOrganisationInput',
    partnerMay: false,
    revisioned: false,
    required: ['name', 'sector'],
    base: (random) => ({ name: text(random, 'Fuzz Community Trust'), sector: enumOf(random, SECTORS) }),
    defects: [textDefect('name'), unknownEnum('sector')],
    selections: [...updateSelections, 'organisation { id sector }'],
  },
  {
    field: 'joinPartnership',
    inputType: 'JoinPartnershipInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId', 'organisationId'],
    base: (random, ids) => ({ partnershipId: id(random, ids.partnership), organisationId: id(random, ids.other.organisation) }),
    defects: [
      ['organisationId:already-joined', (random, input, ids) => void (input.organisationId = id(random, random.pick(ids.organisations)))],
      ...idDefects('organisationId'),
      ...idDefects('partnershipId'),
    ],
    selections: [...updateSelections, 'partnership { id organisations { id } }'],
  },
  {
    field: 'appointMember',
    inputType: 'AppointMemberInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId', 'organisationId', 'name', 'roleTitle'],
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      organisationId: id(random, random.pick(ids.organisations)),
      name: text(random, 'Fuzz Person'),
      roleTitle: text(random, 'Director of Public Health'),
    }),
    defects: [
      ['organisationId:not-a-member', (random, input, ids) => void (input.organisationId = id(random, ids.other.organisation))],
      ['partnershipId:other-partnership', (random, input, ids) => void (input.partnershipId = ids.other.partnership)],
      textDefect('name'),
      textDefect('roleTitle'),
      ...idDefects('partnershipId'),
      ...idDefects('organisationId'),
    ],
    selections: [...updateSelections, 'member { id name }'],
  },
  {
    field: 'adoptPriority',
    inputType: 'AdoptPriorityInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId', 'code', 'title'],
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      code: random.pick(['P99', 'Q1', '🏥']),
      title: text(random, 'Reduce waiting times'),
      description: random.chance(0.5) ? text(random, 'Why it matters') : undefined,
    }),
    defects: [
      ['code:taken', (random, input) => void (input.code = random.pick(['P7', 'p7']))],
      textDefect('code'),
      textDefect('title'),
      textDefect('description', true),
      ...idDefects('partnershipId'),
    ],
    selections: [...updateSelections, 'priority { id code }'],
  },
  {
    field: 'retirePriority',
    inputType: 'RetirePriorityInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId', 'priorityId'],
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      priorityId: id(random, ids.priority),
      reason: random.chance(0.5) ? text(random, 'Superseded') : undefined,
    }),
    defects: [
      ['priorityId:other-partnership', (random, input, ids) => void (input.priorityId = ids.other.priority)],
      textDefect('reason', true),
      ...idDefects('priorityId'),
      ...idDefects('partnershipId'),
    ],
    selections: [...updateSelections, 'priority { id retiredAt }'],
  },
  {
    field: 'makeCommitment',
    inputType: 'MakeCommitmentInput',
    partnerMay: false,
    revisioned: false,
    required: ['partnershipId', 'owningOrganisationId', 'title', 'description'],
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      owningOrganisationId: id(random, random.pick(ids.organisations)),
      title: text(random, 'Health equity audit'),
      description: text(random, 'A standard tool.'),
      priorityIds: random.chance(0.4) ? [id(random, ids.priority)] : undefined,
      contributingOrganisationIds: random.chance(0.3) ? [id(random, ids.organisations[1]!)] : undefined,
      sourceReference: random.chance(0.3) ? text(random, 'LLR framework v10.1, Action 7') : undefined,
      targetDate: random.chance(0.4) ? random.pick(['2099-12-31', '9999-12-31']) : undefined,
    }),
    defects: [
      ['owningOrganisationId:not-a-member', (random, input, ids) => void (input.owningOrganisationId = ids.other.organisation)],
      ['contributingOrganisationIds:not-a-member', (random, input, ids) => void (input.contributingOrganisationIds = [ids.organisations[0]!, ids.other.organisation])],
      ['priorityIds:other-partnership', (random, input, ids) => void (input.priorityIds = [ids.other.priority])],
      ['priorityIds:not-found', (random, input) => void (input.priorityIds = [random.uuid()])],
      ['priorityIds:malformed-id', (random, input) => void (input.priorityIds = [random.pick(MALFORMED_IDS)])],
      ['targetDate:past', (random, input) => void (input.targetDate = random.pick(['2000-01-01', '1970-01-01', '0001-01-01']))],
      dateDefect('targetDate'),
      ['madeOn:future', (random, input) => void (input.madeOn = random.pick(['2999-01-01', '2199-12-31', '9999-12-31']))],
      ['madeOn:after-target', (random, input) => void Object.assign(input, { madeOn: '2021-03-25', targetDate: '2021-03-24' })],
      dateDefect('madeOn'),
      textDefect('title'),
      textDefect('description'),
      textDefect('sourceReference', true),
      ...idDefects('partnershipId'),
      ...idDefects('owningOrganisationId'),
    ],
    selections: [...updateSelections, 'commitment { id status }'],
  },
  {
    field: 'amendCommitment',
    inputType: 'AmendCommitmentInput',
    partnerMay: false,
    revisioned: true,
    required: ['commitmentId', 'reason'],
    base: (random, ids) => ({
      commitmentId: id(random, random.pick([ids.activeCommitment, ids.proposedCommitment])),
      reason: text(random, 'Board asked for it'),
      title: text(random, 'A clearer title'),
      description: random.chance(0.3) ? text(random, 'New description') : undefined,
    }),
    defects: [
      ['changes:nothing', (random, input) => void Object.assign(input, { title: undefined, description: undefined, targetDate: undefined, owningOrganisationId: undefined })],
      ['owningOrganisationId:not-a-member', (random, input, ids) => void (input.owningOrganisationId = ids.other.organisation)],
      ['commitmentId:closed', (random, input, ids) => void (input.commitmentId = ids.closedCommitment)],
      ['targetDate:past', (random, input) => void (input.targetDate = '2000-01-01')],
      dateDefect('targetDate'),
      textDefect('reason'),
      textDefect('title'),
      ...idDefects('commitmentId'),
    ],
    selections: [...updateSelections, 'commitment { id title }'],
  },
  {
    field: 'endorseCommitment',
    inputType: 'EndorseCommitmentInput',
    partnerMay: false,
    revisioned: true,
    required: ['commitmentId', 'endorsedOn'],
    base: (random, ids) => ({ commitmentId: id(random, ids.proposedCommitment), endorsedOn: random.pick(['2021-03-25', '2024-02-29']) }),
    defects: [
      ['commitmentId:already-active', (random, input, ids) => void (input.commitmentId = id(random, random.pick([ids.activeCommitment, ids.closedCommitment])))],
      ['endorsedOn:future', (random, input) => void (input.endorsedOn = random.pick(['9999-12-31', '2999-01-01']))],
      ['meetingId:malformed-id', (random, input) => void (input.meetingId = random.pick(MALFORMED_IDS))],
      dateDefect('endorsedOn'),
      ...idDefects('commitmentId'),
    ],
    selections: [...updateSelections, 'commitment { id status }'],
  },
  {
    field: 'closeCommitment',
    inputType: 'CloseCommitmentInput',
    partnerMay: false,
    revisioned: true,
    required: ['commitmentId', 'outcome', 'reason'],
    base: (random, ids) => ({ commitmentId: id(random, ids.activeCommitment), outcome: enumOf(random, OUTCOMES), reason: text(random, 'Done') }),
    defects: [
      ['commitmentId:already-closed', (random, input, ids) => void (input.commitmentId = ids.closedCommitment)],
      unknownEnum('outcome'),
      textDefect('reason'),
      ...idDefects('commitmentId'),
    ],
    selections: [...updateSelections, 'commitment { id status }'],
  },
  {
    field: 'planAction',
    inputType: 'PlanActionInput',
    partnerMay: false,
    revisioned: false,
    required: ['commitmentId', 'title', 'dueDate'],
    base: (random, ids) => ({
      commitmentId: id(random, ids.activeCommitment),
      ...(random.chance(0.5) ? { everyMemberOrganisation: true } : { owningOrganisationId: id(random, random.pick(ids.organisations)) }),
      title: text(random, '7a Standard HEA tool adopted'),
      dueDate: someDate(random),
      leadMemberId: random.chance(0.3) ? id(random, ids.member) : undefined,
    }),
    defects: [
      ['owner:both', (random, input, ids) => void Object.assign(input, { everyMemberOrganisation: true, owningOrganisationId: ids.organisations[0] })],
      ['owner:neither', (random, input) => void Object.assign(input, { everyMemberOrganisation: random.pick([false, null, undefined]), owningOrganisationId: undefined })],
      ['owningOrganisationId:not-a-member', (random, input, ids) => void Object.assign(input, { everyMemberOrganisation: undefined, owningOrganisationId: ids.other.organisation })],
      ['commitmentId:proposed', (random, input, ids) => void (input.commitmentId = ids.proposedCommitment)],
      ['commitmentId:closed', (random, input, ids) => void (input.commitmentId = ids.closedCommitment)],
      ['commitmentId:other-partnership-owner', (random, input, ids) => void Object.assign(input, { commitmentId: ids.other.commitment, everyMemberOrganisation: undefined, owningOrganisationId: ids.organisations[0] })],
      ['owningPartnershipId:other-system', (random, input, ids) => void Object.assign(input, { everyMemberOrganisation: undefined, owningOrganisationId: undefined, owningPartnershipId: ids.other.partnership })],
      ['owners:other-system', (random, input, ids) => void Object.assign(input, { everyMemberOrganisation: undefined, owningOrganisationId: undefined, owners: { partnershipIds: [ids.other.partnership] } })],
      ['owners:none-set', (random, input) => void Object.assign(input, { everyMemberOrganisation: undefined, owningOrganisationId: undefined, owners: random.pick([{}, { everyMemberOrganisation: false }]) })],
      ['leadMemberId:not-found', (random, input) => void (input.leadMemberId = random.uuid())],
      dateDefect('dueDate'),
      ['plannedOn:future', (random, input) => void (input.plannedOn = random.pick(['2999-01-01', '2199-12-31']))],
      ['plannedOn:before-commitment', (random, input) => void (input.plannedOn = random.pick(['1900-01-01', '2000-02-29']))],
      dateDefect('plannedOn'),
      textDefect('title'),
      ...idDefects('commitmentId'),
    ],
    selections: [...updateSelections, 'actions { id planId }'],
  },
  {
    field: 'rescheduleAction',
    inputType: 'RescheduleActionInput',
    partnerMay: false,
    revisioned: true,
    required: ['actionId', 'dueDate', 'reason'],
    base: (random, ids) => ({ actionId: id(random, random.pick(ids.actions)), dueDate: random.pick(['2022-01-31', '2030-06-30', '9999-12-31']), reason: text(random, 'Delayed') }),
    defects: [
      ['dueDate:unchanged', (random, input, ids) => void (input.dueDate = ids.actionDueDate)],
      dateDefect('dueDate'),
      textDefect('reason'),
      ...idDefects('actionId'),
    ],
    selections: [...updateSelections, 'action { id dueDate }'],
  },
  {
    field: 'reassignAction',
    inputType: 'ReassignActionInput',
    partnerMay: false,
    revisioned: true,
    required: ['actionId', 'reason'],
    base: (random, ids) => ({ actionId: id(random, ids.actions[0]!), owningOrganisationId: id(random, ids.organisations[1]!), reason: text(random, 'Handed over') }),
    defects: [
      ['owner:neither', (random, input) => void (input.owningOrganisationId = random.pick([null, undefined]))],
      ['owningPartnershipId:other-system', (random, input, ids) => void Object.assign(input, { owningOrganisationId: undefined, owningPartnershipId: ids.other.partnership })],
      ['owningOrganisationId:unchanged', (random, input, ids) => void Object.assign(input, { actionId: ids.actions[0], owningOrganisationId: id(random, ids.organisations[0]!) })],
      ['owningOrganisationId:not-a-member', (random, input, ids) => void (input.owningOrganisationId = ids.other.organisation)],
      textDefect('reason'),
      ...idDefects('actionId'),
      ...idDefects('owningOrganisationId'),
    ],
    selections: [...updateSelections, 'action { id owningOrganisation { id } }'],
  },
  {
    field: 'reopenAction',
    inputType: 'ReopenActionInput',
    partnerMay: false,
    revisioned: true,
    required: ['actionId', 'reason'],
    // No seed action is completed or cancelled, so every reopen is refused whatever else it holds.
    base: (random, ids) => ({ actionId: id(random, random.pick(ids.actions)), reason: text(random, 'Not really done') }),
    defects: [
      ['actionId:not-completed', () => undefined],
      textDefect('reason'),
      ...idDefects('actionId'),
    ],
    selections: [...updateSelections, 'action { id status }'],
  },
  {
    field: 'submitActionUpdate',
    inputType: 'SubmitActionUpdateInput',
    partnerMay: true,
    revisioned: true,
    required: ['actionId', 'status', 'whatHasHappened'],
    base: (random, ids) => ({
      actionId: id(random, ids.actions[0]!),
      status: enumOf(random, ['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NOT_STARTED']),
      percentComplete: random.chance(0.6) ? random.int(0, 99) : undefined,
      whatHasHappened: text(random, 'Tool adopted by the executive team'),
      whatMoreIsToBeDone: random.chance(0.4) ? text(random, 'Roll out') : undefined,
      evidenceLinks: random.chance(0.4) ? [random.pick(['https://example.org/hea', 'http://example.org/a?b=c#d', 'https://例え.jp/証拠'])] : undefined,
    }),
    defects: [
      ['percentComplete:out-of-range', (random, input) => void (input.percentComplete = random.pick([-1, 101, 1000, -2147483648, 2147483647]))],
      ['percentComplete:not-an-int', (random, input) => void (input.percentComplete = random.pick([new RawNumber('40.5'), new RawNumber('1e309'), new RawNumber('2147483648'), '40', true]))],
      ['percentComplete:completed-below-100', (random, input) => void Object.assign(input, { status: new EnumValue('COMPLETED'), percentComplete: random.int(0, 99) })],
      ['evidenceLinks:not-http', (random, input) => void (input.evidenceLinks = [random.pick(['javascript:alert(1)', 'ftp://example.org/x', 'file:///etc/passwd', 'not a link', '', 'data:text/html,<b>x</b>', '//example.org'])])],
      ['evidenceLinks:too-long', (random, input) => void (input.evidenceLinks = [`https://example.org/${'a'.repeat(random.pick([2_001, 10_000, 60_000]))}`])],
      ['evidenceLinks:too-many', (random, input) => void (input.evidenceLinks = Array.from({ length: random.pick([21, 50, 1000]) }, (_, n) => `https://example.org/${n}`))],
      ['actionId:closed-commitment', (random, input, ids) => void (input.actionId = ids.closedAction)],
      ['reportedOn:future', (random, input) => void (input.reportedOn = random.pick(['2999-01-01', '2199-12-31']))],
      ['reportedOn:before-planned', (random, input) => void (input.reportedOn = random.pick(['1900-01-01', '2000-02-29']))],
      dateDefect('reportedOn'),
      unknownEnum('status'),
      textDefect('whatHasHappened'),
      textDefect('whatMoreIsToBeDone', true),
      ...idDefects('actionId'),
    ],
    partnerDefects: [['status:partner-cancels', (random, input) => void (input.status = new EnumValue('CANCELLED'))]],
    otherOrganisation: (random, input, ids) => void (input.actionId = random.pick([ids.actions[1]!, ids.actions[2]!, ids.other.action])),
    selections: [...updateSelections, 'action { id status } update { id }'],
  },
  {
    field: 'defineIndicator',
    inputType: 'DefineIndicatorInput',
    partnerMay: false,
    revisioned: false,
    required: ['commitmentId', 'name', 'unit', 'direction', 'baseline', 'target', 'owningOrganisationId'],
    base: (random, ids) => ({
      commitmentId: id(random, ids.activeCommitment),
      name: text(random, 'HEA tool uptake'),
      unit: random.pick(['percent', '%', 'per 100,000']),
      direction: new EnumValue('HIGHER_IS_BETTER'),
      baseline: { value: 30, date: '2021-03-31' },
      target: { value: 80, date: '2022-03-31' },
      owningOrganisationId: id(random, random.pick(ids.organisations)),
    }),
    defects: [
      ['target:does-not-improve', (random, input) => void (input.target = { value: random.pick([30, 10, new RawNumber('-0')]), date: '2022-03-31' })],
      ['target.date:before-baseline', (random, input) => void (input.target = { value: 80, date: '2020-01-01' })],
      ['value:infinite', (random, input) => void (input[random.pick(['baseline', 'target'])] = { value: new RawNumber(random.pick(['1e309', '-1e309'])), date: '2021-03-31' })],
      ['value:not-a-number', (random, input) => void (input.baseline = { value: random.pick(['thirty', null, true, [30]]), date: '2021-03-31' })],
      ['baseline.date:invalid-date', (random, input) => void (input.baseline = { value: 30, date: random.pick(INVALID_DATES) })],
      ['owningOrganisationId:not-a-member', (random, input, ids) => void (input.owningOrganisationId = ids.other.organisation)],
      ['commitmentId:closed', (random, input, ids) => void (input.commitmentId = ids.closedCommitment)],
      unknownEnum('direction'),
      textDefect('name'),
      textDefect('unit'),
      ...idDefects('commitmentId'),
    ],
    selections: [...updateSelections, 'indicator { id progress }'],
  },
  {
    field: 'recordIndicatorReading',
    inputType: 'RecordIndicatorReadingInput',
    partnerMay: true,
    revisioned: true,
    required: ['indicatorId', 'value', 'periodDate', 'source'],
    base: (random, ids) => ({
      indicatorId: id(random, ids.indicator),
      value: random.pick<Value>([45, 0, 100, new RawNumber(random.pick(ODD_NUMBERS.filter((text) => !text.includes('309'))))]),
      periodDate: random.pick(['2021-06-30', '2021-12-31']),
      source: text(random, 'Local audit'),
    }),
    defects: [
      ['value:infinite', (random, input) => void (input.value = new RawNumber(random.pick(['1e309', '-1e309'])))],
      ['value:not-a-number', (random, input) => void (input.value = random.pick(['45', null, true, [45], { value: 45 }]))],
      ['periodDate:far-future', (random, input) => void (input.periodDate = random.pick(['9999-12-31', '2999-01-01']))],
      ['periodDate:far-past', (random, input) => void (input.periodDate = random.pick(['0001-01-01', '1000-01-01']))],
      ['indicatorId:closed-commitment', (random, input, ids) => void (input.indicatorId = ids.closedIndicator)],
      dateDefect('periodDate'),
      ['readingDate:disagrees-with-periodDate', (random, input) => void (input.readingDate = '2021-06-29')],
      ['readingDate:far-future', (random, input) => void Object.assign(input, { periodDate: undefined, readingDate: random.pick(['9999-12-31', '2999-01-01']) })],
      ['readingDate:missing', (random, input) => void (input.periodDate = undefined)],
      textDefect('source'),
      ...idDefects('indicatorId'),
    ],
    otherOrganisation: (random, input, ids) => void (input.indicatorId = ids.other.indicator),
    selections: [...updateSelections, 'reading { id } indicator { progress }'],
  },
  {
    field: 'correctIndicatorReading',
    inputType: 'CorrectIndicatorReadingInput',
    partnerMay: true,
    revisioned: true,
    required: ['indicatorId', 'readingId', 'value', 'reason'],
    base: (random, ids) => ({
      indicatorId: id(random, ids.indicator),
      readingId: id(random, ids.reading),
      value: random.pick([46, 0.5, 99]),
      reason: text(random, 'Typo'),
      periodDate: random.chance(0.3) ? '2021-06-30' : undefined,
    }),
    defects: [
      ['readingId:other-indicator', (random, input, ids) => void (input.readingId = ids.other.reading)],
      ['value:infinite', (random, input) => void (input.value = new RawNumber(random.pick(['1e309', '-1e309'])))],
      ['periodDate:far-future', (random, input) => void (input.periodDate = '9999-12-31')],
      dateDefect('periodDate'),
      textDefect('reason'),
      textDefect('source', true),
      ...idDefects('readingId'),
      ...idDefects('indicatorId'),
    ],
    otherOrganisation: (random, input, ids) => void Object.assign(input, { indicatorId: ids.other.indicator, readingId: ids.other.reading }),
    selections: [...updateSelections, 'reading { id correctsReadingId }'],
  },
  {
    field: 'changePublicationSettings',
    inputType: 'ChangePublicationSettingsInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId'],
    // Acceptable as it stands (public pages on): every call carries one of the defects below.
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      publicPages: true,
      publishUpdatesAutomatically: random.chance(0.5) ? random.pick([true, false]) : undefined,
      publishMinutesAutomatically: random.chance(0.3) ? random.pick([true, false, null]) : undefined,
    }),
    defects: [
      // The seed partnership's settings are all off; nothing the fuzzer sends may turn them on.
      ['settings:unchanged', (random, input) => void Object.assign(input, random.pick([{ publicPages: undefined, publishUpdatesAutomatically: undefined, publishMinutesAutomatically: undefined }, { publicPages: false, publishUpdatesAutomatically: undefined, publishMinutesAutomatically: undefined }, { publicPages: null, publishUpdatesAutomatically: false, publishMinutesAutomatically: null }]))],
      ['publishUpdatesAutomatically:needs-public-pages', (random, input) => void Object.assign(input, { publicPages: random.pick([false, null, undefined]), publishUpdatesAutomatically: true })],
      ['publishMinutesAutomatically:needs-public-pages', (random, input) => void Object.assign(input, { publicPages: random.pick([false, null, undefined]), publishMinutesAutomatically: true })],
      ['publicPages:not-a-boolean', (random, input) => void (input.publicPages = random.pick<Value>(['true', 1, 'yes', [true]]))],
      ...idDefects('partnershipId'),
    ],
    selections: [...updateSelections, 'partnership { id }'],
  },
  {
    field: 'publishCommitment',
    inputType: 'PublishCommitmentInput',
    partnerMay: false,
    revisioned: true,
    required: ['commitmentId'],
    base: (random, ids) => ({ commitmentId: id(random, random.pick([ids.activeCommitment, ids.proposedCommitment, ids.closedCommitment])) }),
    defects: [noPublicPages, ['commitmentId:other-partnership', (random, input, ids) => void (input.commitmentId = ids.other.commitment)], ...idDefects('commitmentId')],
    selections: [...updateSelections, 'commitment { id }'],
  },
  {
    field: 'publishActionUpdate',
    inputType: 'PublishActionUpdateInput',
    partnerMay: false,
    revisioned: true,
    required: ['actionId', 'updateId'],
    base: (random, ids) => ({ actionId: id(random, ids.actions[0]!), updateId: id(random, ids.update) }),
    defects: [
      noPublicPages,
      ['updateId:other-action', (random, input, ids) => void (input.actionId = random.pick([ids.actions[1]!, ids.other.action, ids.closedAction]))],
      ...idDefects('updateId'),
      ...idDefects('actionId'),
    ],
    selections: [...updateSelections, 'action { id } update { id }'],
  },
  {
    field: 'publishMinutes',
    inputType: 'PublishMinutesInput',
    partnerMay: false,
    revisioned: true,
    required: ['meetingId'],
    base: (random, ids) => ({ meetingId: id(random, ids.meeting), throughPosition: random.chance(0.3) ? random.int(1, 3) : undefined }),
    defects: [
      noPublicPages,
      ['throughPosition:out-of-range', (random, input) => void (input.throughPosition = random.pick<Value>([0, -1, 2147483647, -2147483648, new RawNumber('1.5'), new RawNumber('2147483648')]))],
      ...idDefects('meetingId'),
    ],
    selections: [...updateSelections, 'meeting { id }'],
  },
  {
    field: 'draftAnnualReturn',
    inputType: 'DraftAnnualReturnInput',
    partnerMay: true,
    revisioned: true,
    required: ['partnershipId', 'organisationId', 'year', 'entries'],
    // Acceptable as it stands: every call carries one of the defects below (or a token that may not).
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      organisationId: id(random, ids.organisations[0]!),
      year: returnYear(random),
      entries: [{ commitmentId: id(random, random.pick([ids.activeCommitment, ids.closedCommitment])), whatHasHappened: text(random, 'Tool adopted'), whatMoreIsToBeDone: text(random, 'Roll out') }],
    }),
    defects: [
      yearDefect,
      ['entries:empty', (random, input) => void (input.entries = [])],
      ['entries:too-many', (random, input, ids) => void (input.entries = Array.from({ length: 201 }, () => ({ commitmentId: ids.activeCommitment, whatHasHappened: 'x', whatMoreIsToBeDone: 'y' })))],
      ['entries:twice', (random, input, ids) => void (input.entries = [ids.activeCommitment, respell(random, ids.activeCommitment)].map((commitmentId) => ({ commitmentId, whatHasHappened: 'x', whatMoreIsToBeDone: 'y' })))],
      ['entries:other-partnership', (random, input, ids) => void (input.entries = [{ commitmentId: ids.other.commitment, whatHasHappened: 'x', whatMoreIsToBeDone: 'y' }])],
      // Every seed commitment is the first organisation's.
      ['entries:other-organisation', (random, input, ids) => void (input.organisationId = ids.organisations[random.int(1, 2)]!)],
      ['entries:not-found', (random, input) => void (input.entries = [{ commitmentId: random.uuid(), whatHasHappened: 'x', whatMoreIsToBeDone: 'y' }])],
      ['entries:malformed-id', (random, input) => void (input.entries = [{ commitmentId: random.pick(MALFORMED_IDS), whatHasHappened: 'x', whatMoreIsToBeDone: 'y' }])],
      ['entries:text', (random, input, ids) => {
        const [kind, value] = refusedText(random, false);
        const field = random.pick(['whatHasHappened', 'whatMoreIsToBeDone']);
        input.entries = [{ commitmentId: ids.activeCommitment, whatHasHappened: 'x', whatMoreIsToBeDone: 'y', [field]: value }];
        return `entries.${field}:${kind}`;
      }],
      ['organisationId:not-a-member', (random, input, ids) => void (input.organisationId = ids.other.organisation)],
      ['partnershipId:other-partnership', (random, input, ids) => void (input.partnershipId = ids.other.partnership)],
      ...idDefects('partnershipId'),
      ...idDefects('organisationId'),
    ],
    otherOrganisation: (random, input, ids) => void (input.organisationId = random.pick([ids.organisations[1]!, ids.other.organisation])),
    selections: [...updateSelections, 'annualReturn { status year }'],
  },
  {
    field: 'publishAnnualReturn',
    inputType: 'PublishAnnualReturnInput',
    partnerMay: false,
    revisioned: true,
    required: ['partnershipId', 'organisationId', 'year'],
    // No return is ever drafted (every draft is refused), so every publication is refused too.
    base: (random, ids) => ({ partnershipId: id(random, ids.partnership), organisationId: id(random, random.pick(ids.organisations)), year: returnYear(random) }),
    defects: [['year:not-drafted', () => undefined], yearDefect, ...idDefects('partnershipId'), ...idDefects('organisationId')],
    selections: [...updateSelections, 'annualReturn { status publishedAt }'],
  },
  {
    field: 'registerWebhook',
    inputType: 'RegisterWebhookInput',
    partnerMay: false,
    revisioned: false,
    required: ['partnershipId', 'url', 'eventTypes'],
    // Acceptable as it stands: every call carries one of the defects below.
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      url: random.pick(['https://example.org/fuzz-hook', 'https://hooks.example.net:8443/a?b=c', 'https://例え.jp/フック']),
      eventTypes: [...new Set([random.pick(WEBHOOK_EVENT_TYPES), random.pick(WEBHOOK_EVENT_TYPES)])].map((type) => new EnumValue(type)),
    }),
    defects: [
      ['url:refused', (random, input) => {
        const [kind, urls] = random.pick(REFUSED_WEBHOOK_URLS);
        input.url = random.pick(urls);
        return `url:${kind} ${JSON.stringify(input.url)}`;
      }],
      ['url:too-long', (random, input) => void (input.url = `https://example.org/${'a'.repeat(random.pick([2_000, 20_000]))}`)],
      ['eventTypes:empty', (random, input) => void (input.eventTypes = [])],
      ['eventTypes:twice', (random, input) => void (input.eventTypes = [new EnumValue('UPDATE_SUBMITTED'), new EnumValue('UPDATE_SUBMITTED')])],
      ['eventTypes:unknown-enum', (random, input) => void (input.eventTypes = [new EnumValue(random.pick(UNKNOWN_ENUMS))])],
      ...idDefects('partnershipId'),
    ],
    selections: [...updateSelections, 'webhook { id url }', 'secret', 'webhook { id } secret'],
  },
  {
    field: 'rotateWebhookSecret',
    inputType: 'RotateWebhookSecretInput',
    partnerMay: false,
    revisioned: true,
    required: ['webhookId'],
    // Acceptable as it stands: every call carries one of the defects below.
    base: (random, ids) => ({ webhookId: id(random, ids.webhook) }),
    defects: [['webhookId:removed', (random, input, ids) => void (input.webhookId = id(random, ids.removedWebhook))], ...idDefects('webhookId')],
    selections: [...updateSelections, 'secret', 'webhook { id secretVersion }'],
  },
  {
    field: 'removeWebhook',
    inputType: 'RemoveWebhookInput',
    partnerMay: false,
    revisioned: true,
    required: ['webhookId'],
    // Acceptable as it stands: every call carries one of the defects below.
    base: (random, ids) => ({ webhookId: id(random, ids.webhook) }),
    defects: [['webhookId:already-removed', (random, input, ids) => void (input.webhookId = id(random, ids.removedWebhook))], ...idDefects('webhookId')],
    selections: [...updateSelections, 'webhook { id removed }'],
  },
  {
    field: 'replayWebhookDelivery',
    inputType: 'ReplayWebhookDeliveryInput',
    partnerMay: false,
    revisioned: false,
    required: ['webhookId', 'deliveryId'],
    // The seed webhooks have delivered nothing, so every replay is refused whatever else it holds.
    base: (random, ids) => ({ webhookId: id(random, ids.webhook), deliveryId: random.uuid() }),
    defects: [
      ['deliveryId:unknown', () => undefined],
      ['webhookId:removed', (random, input, ids) => void (input.webhookId = ids.removedWebhook)],
      ...idDefects('deliveryId'),
      ...idDefects('webhookId'),
    ],
    selections: [...updateSelections, 'deliveryId', 'webhook { id }'],
  },
  {
    field: 'importActions',
    inputType: 'ImportActionsInput',
    partnerMay: false,
    revisioned: false,
    required: ['partnershipId'],
    // Always a bad row (never skipInvalid without dryRun): the report says so and nothing is written.
    // `applied` is always selected: the verdict reads a report with applied false as a refusal.
    base: (random, ids) => ({
      partnershipId: id(random, ids.partnership),
      csv: importCsv(random, ids).csv,
      ...(random.chance(0.3) ? { dryRun: true, skipInvalid: random.pick([true, false]) } : { dryRun: random.pick([false, undefined]) }),
    }),
    defects: [
      ['csv:bad-row', (random, input, ids) => {
        const { csv, defect } = importCsv(random, ids);
        input.csv = csv;
        return defect;
      }],
      ['csv:column-missing', (random, input, ids) => void (input.csv = [CSV_HEADER.filter((header) => header !== random.pick(['External id', 'Action', 'Owner', 'Due date', 'Status'])), ['FZ-1', ids.activeCommitment, 'x', ids.organisations[0]!, '2030-06-30', 'On track']].map(csvLine).join('\n'))],
      ['csv:not-csv', (random, input) => void (input.csv = random.pick(['', '\n', '"unterminated,quote\n1,2', 'a,b\n"x"y",z', '\u0000\u0001', '\ufeff', 'External id\n"', '<html>not a spreadsheet</html>']))],
      ['csv:missing', (random, input) => void (input.csv = random.pick([undefined, null]))],
      ...idDefects('partnershipId'),
    ],
    selections: ['applied', 'applied dryRun', 'applied rows { row outcome problems { column rule message } }', 'applied fileProblems { rule message } position'],
  },
];

/** A field the input type does not have; `__proto__` as an own key, as JSON.parse would make it. */
function unknownField(random: Random, input: Input): string {
  const name = random.pick(['bogusField', '__proto__', 'constructor', 'Name', 'name_']);
  const value = random.pick<Value>([1, 'x', { polluted: true }]);
  Object.defineProperty(input, name, { value, enumerable: true, writable: true, configurable: true });
  return `graphql:unknown-input-field(${name})`;
}

export type MutationCall = Readonly<{ field: string; inputType: string; input: Input | Value; selection: string; defect: string; literalOnly?: boolean; variableType?: string }>;

function wrongType(random: Random, spec: MutationSpec, input: Input): { label: string; literalOnly: boolean } {
  const field = random.pick(spec.required);
  const current = input[field];
  if (current instanceof EnumValue && random.chance(0.5)) {
    // A quoted enum is valid JSON for a variable but not a GraphQL literal.
    input[field] = current.name;
    return { label: `graphql:enum-as-string(${field})`, literalOnly: true };
  }
  const numeric = typeof current === 'number' || current instanceof RawNumber;
  input[field] = numeric
    ? random.pick<Value>(['45', true, { n: 1 }, [], new EnumValue('FORTY')])
    : random.pick<Value>([true, { nested: 'object' }, [], [1, 2], new RawNumber('1.5'), new RawNumber('1e309')]);
  return { label: `graphql:wrong-type(${field})`, literalOnly: false };
}

/**
 * One refused write: a mutation field with an input holding at least one defect, and the token it
 * is sent with. The token itself may be the defect (none, forged, expired, a role that may not).
 */
export function mutationCall(random: Random, context: FuzzContext, spec = random.pick(MUTATIONS), forceInputDefect = false) {
  const { ids } = context;
  const input = spec.base(random, ids);
  let literalOnly = false;
  let token: Credentials;
  let defect: string;

  const kind = forceInputDefect ? 'input' : random.weighted([[3, 'token'], [2, 'role'], [2, 'shape'], [8, 'input'], ...(spec.revisioned ? ([[1, 'revision']] as const) : [])] as const);
  if (kind === 'token') {
    token = credentials(random, context, 'refused');
    defect = token.label;
  } else if (kind === 'role') {
    if (spec.partnerMay && spec.otherOrganisation && random.chance(0.6)) {
      spec.otherOrganisation(random, input, ids);
      token = credentials(random, context, 'partner');
      defect = 'role:partner-other-organisation';
    } else if (!spec.partnerMay && random.chance(0.5)) {
      token = credentials(random, context, 'partner');
      defect = 'role:partner-secretariat-only';
    } else {
      token = credentials(random, context, 'auditor');
      defect = 'role:auditor';
    }
  } else {
    // The defect is in the input: the caller may do this kind of thing. A forced input defect goes into a
    // document sent with the secretariat's token, so it never takes a defect only a partner's token makes one.
    token = credentials(random, context, !forceInputDefect && spec.partnerMay && random.chance(0.4) ? 'partner' : 'secretariat');
    if (kind === 'revision') {
      const stale = random.chance(0.5);
      input.expectedRevision = stale ? random.pick(['999999', '4242']) : random.pick<Value>(['abc', '-1', '1.0', '', ' 1', '0x1', '99999999999999999999', 5, new RawNumber('1e3')]);
      defect = stale ? 'expectedRevision:stale' : 'expectedRevision:malformed';
    } else if (kind === 'shape') {
      const shape = random.pick(['wrong-type', 'missing-required', 'unknown-field'] as const);
      if (shape === 'wrong-type') ({ label: defect, literalOnly } = wrongType(random, spec, input));
      else if (shape === 'unknown-field') defect = unknownField(random, input);
      else {
        const field = random.pick(spec.required);
        delete input[field];
        defect = `graphql:missing-required(${field})`;
      }
    } else {
      const partnerDefects = token.verdict === 'partner' ? (spec.partnerDefects ?? []) : [];
      const [label, apply] = random.pick([...spec.defects, ...partnerDefects]);
      defect = apply(random, input, ids) ?? label;
    }
  }
  return { call: { field: spec.field, inputType: spec.inputType, input, selection: random.pick(spec.selections), defect: `${spec.field}/${defect}`, literalOnly }, token };
}

/** A mutation document with one or many refused calls, as inline literals or as variables. */
export function mutationDocument(random: Random, calls: readonly MutationCall[]): { query: string; variables?: string; defect: string } {
  const asVariables = !calls.some((call) => call.literalOnly) && random.chance(0.5);
  const aliased = calls.length > 1 || random.chance(0.1);
  const fields = calls.map((call, n) => {
    const alias = aliased ? `m${n}: ` : '';
    const argument = asVariables ? `$input${n}` : toLiteral(call.input as Value);
    return `${alias}${call.field}(input: ${argument}) { ${call.selection} }`;
  });
  const defect = calls.length === 1 ? calls[0]!.defect : `many(${calls.length})`;
  if (!asVariables) return { query: `mutation ${random.chance(0.3) ? 'Fuzz ' : ''}{ ${fields.join(' ')} }`, defect };
  // Sometimes the declared type is wrong: the variable cannot be used where it is.
  const wrongDeclaration = random.chance(0.05);
  const declarations = calls.map((call, n) => `$input${n}: ${wrongDeclaration ? random.pick(['String!', 'ID', `[${call.inputType}!]!`, 'FormPartnershipInput!']) : `${call.inputType}!`}`);
  const variables = `{${calls.map((call, n) => `"input${n}":${toJson(call.input as Value)}`).join(',')}}`;
  return { query: `mutation(${declarations.join(', ')}) { ${fields.join(' ')} }`, variables, defect: wrongDeclaration ? `${defect}+graphql:wrong-variable-type` : defect };
}
