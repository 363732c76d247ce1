import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApiProcess, LOCAL_ISSUER, runCli, TEST_JWT_SECRET, tokenOf, type GraphQLResponse } from './support/api-process.js';

/**
 * Two boards, each with its own secretariat, partner and auditor, and a stranger with no grant at
 * all. Every mutation the server offers is tried by every one of them, on their own board's data
 * and on the other board's: each may do exactly what its grants allow, and a refusal writes nothing.
 */

type Person = 'admin' | 'secretariat' | 'partner' | 'auditor' | 'stranger';
const PEOPLE: readonly Person[] = ['admin', 'secretariat', 'partner', 'auditor', 'stranger'];

/** What a board's data is known by in a test input. */
type Board = {
  partnershipId: string;
  council: string;
  commitmentId: string;
  actionId: string;
  indicatorId: string;
  readingId: string;
  priorityId: string;
  auditorGrantId: string;
  memberId: string;
  pairingId: string;
  meetingId: string;
};

type Case = Readonly<{
  input: (board: Board, attempt: number) => Record<string, unknown>;
  /** Who may, on their own board's data; on the other board's only the administrator's platform rights hold. */
  own: readonly Person[];
  other: readonly Person[];
}>;

const secretariatOnly: Pick<Case, 'own' | 'other'> = { own: ['secretariat'], other: [] };
const reporters: Pick<Case, 'own' | 'other'> = { own: ['secretariat', 'partner'], other: [] };
const future = (attempt: number) => `2031-0${1 + (attempt % 9)}-15`;

/** One row per mutation in the schema: the access test fails for a mutation without one. */
const CASES: Record<string, Case> = {
  registerOrganisation: { input: (_b, n) => ({ name: `Community Group ${n}`, sector: 'VCSE' }), own: ['admin'], other: ['admin'] },
  formPartnership: {
    input: (b, n) => ({ name: `Neighbourhood board ${n}`, level: 'NEIGHBOURHOOD', parentPartnershipId: b.partnershipId }),
    own: ['admin', 'secretariat'],
    other: ['admin'],
  },
  joinPartnership: { input: (b) => ({ partnershipId: b.partnershipId, organisationId: b.council }), ...secretariatOnly },
  appointMember: { input: (b, n) => ({ partnershipId: b.partnershipId, organisationId: b.council, name: `Member ${n}`, roleTitle: 'Director Public Health' }), ...secretariatOnly },
  adoptPriority: { input: (b, n) => ({ partnershipId: b.partnershipId, code: `Z${n}`, title: `Priority ${n}` }), ...secretariatOnly },
  retirePriority: { input: (b) => ({ partnershipId: b.partnershipId, priorityId: b.priorityId, reason: 'Merged' }), ...secretariatOnly },
  changePartnershipSettings: { input: (b, n) => ({ partnershipId: b.partnershipId, amberWithinDays: 1 + (n % 300) }), ...secretariatOnly },
  makeCommitment: { input: (b, n) => ({ partnershipId: b.partnershipId, owningOrganisationId: b.council, title: `Commitment ${n}`, description: 'x' }), ...secretariatOnly },
  endorseCommitment: { input: (b) => ({ commitmentId: b.commitmentId, endorsedOn: '2026-01-15' }), ...secretariatOnly },
  amendCommitment: { input: (b, n) => ({ commitmentId: b.commitmentId, title: `Amended ${n}`, reason: 'Clearer' }), ...secretariatOnly },
  planAction: { input: (b, n) => ({ commitmentId: b.commitmentId, owningOrganisationId: b.council, title: `Action ${n}`, dueDate: future(n) }), ...secretariatOnly },
  rescheduleAction: { input: (b, n) => ({ actionId: b.actionId, dueDate: future(n), reason: 'Later' }), ...secretariatOnly },
  reassignAction: { input: (b) => ({ actionId: b.actionId, owningOrganisationId: b.council, reason: 'Same owner' }), ...secretariatOnly },
  reopenAction: { input: (b) => ({ actionId: b.actionId, reason: 'Audit found gaps' }), ...secretariatOnly },
  submitActionUpdate: { input: (b, n) => ({ actionId: b.actionId, status: 'ON_TRACK', percentComplete: n, whatHasHappened: `Update ${n}` }), ...reporters },
  defineIndicator: {
    input: (b, n) => ({
      commitmentId: b.commitmentId,
      owningOrganisationId: b.council,
      name: `Indicator ${n}`,
      unit: 'percent',
      direction: 'HIGHER_IS_BETTER',
      baseline: { value: 10, date: '2025-01-01' },
      target: { value: 20, date: '2030-01-01' },
    }),
    ...secretariatOnly,
  },
  recordIndicatorReading: { input: (b, n) => ({ indicatorId: b.indicatorId, value: n, periodDate: `2025-0${1 + (n % 9)}-01`, source: 'Survey' }), ...reporters },
  correctIndicatorReading: { input: (b, n) => ({ indicatorId: b.indicatorId, readingId: b.readingId, value: n, reason: 'Typo' }), ...reporters },
  scheduleMeeting: {
    input: (b, n) => ({ partnershipId: b.partnershipId, date: future(n), startTime: '17:30', format: 'ONLINE', link: 'https://meet.example/board' }),
    ...secretariatOnly,
  },
  recordAttendance: { input: (b) => ({ meetingId: b.meetingId, attendance: [{ memberId: b.council, presence: 'PRESENT' }] }), ...secretariatOnly },
  recordMinuteItem: {
    input: (b, n) => ({ meetingId: b.meetingId, number: `${n}`, title: 'Any other business', presenter: { role: 'Chair' }, visibility: 'PUBLIC', text: 'None.', resolution: { kind: 'NOTE' } }),
    ...secretariatOnly,
  },
  confirmMinutes: { input: (b) => ({ meetingId: b.meetingId, confirmedAtMeetingId: b.meetingId }), ...secretariatOnly },
  grantRole: {
    input: (b, n) => ({ issuer: LOCAL_ISSUER, subject: `auditor-${n}`, role: 'AUDITOR', partnershipId: b.partnershipId, reason: 'Internal audit' }),
    own: ['admin', 'secretariat'],
    other: ['admin'],
  },
  revokeRole: { input: (b) => ({ grantId: b.auditorGrantId, reason: 'Audit finished' }), own: ['admin', 'secretariat'], other: ['admin'] },
  proposeAllyshipPairing: {
    // A new ally each time, so no two attempts pair the same two people; the council is not VCSE, hence the exception.
    input: (b, n) => ({ partnershipId: b.partnershipId, boardMemberId: b.memberId, ally: { name: `Ally ${n}`, organisationId: b.council }, sectorException: { reason: 'Peer supporter' }, focus: 'Prevention' }),
    ...secretariatOnly,
  },
  activateAllyshipPairing: { input: (b) => ({ pairingId: b.pairingId, activatedOn: '2026-01-20', reason: 'Resumed' }), ...secretariatOnly },
  pauseAllyshipPairing: { input: (b) => ({ pairingId: b.pairingId, pausedOn: '2026-01-20', reason: 'Leave' }), ...secretariatOnly },
  // The council's partner is refused: only the two people named in the pairing act as its parties.
  logAllyshipCheckIn: { input: (b, n) => ({ pairingId: b.pairingId, heldOn: '2026-01-20', summary: `Check-in ${n}` }), ...secretariatOnly },
  respondToChallenge: {
    input: (b) => ({ pairingId: b.pairingId, challengeId: '0190a1b2-0000-7000-8000-000000000999', response: 'Answered', respondedOn: '2026-01-20' }),
    ...secretariatOnly,
  },
  endAllyshipPairing: { input: (b) => ({ pairingId: b.pairingId, endedOn: '2026-01-20', reason: 'Year done' }), ...secretariatOnly },
  // Publication: the secretariat's steps; a partner drafts only its own organisation's annual return.
  changePublicationSettings: { input: (b) => ({ partnershipId: b.partnershipId, publicPages: true }), ...secretariatOnly },
  publishCommitment: { input: (b) => ({ commitmentId: b.commitmentId }), ...secretariatOnly },
  publishActionUpdate: { input: (b) => ({ actionId: b.actionId, updateId: '0190a1b2-0000-7000-8000-000000000996' }), ...secretariatOnly },
  publishMinutes: { input: (b) => ({ meetingId: b.meetingId }), ...secretariatOnly },
  draftAnnualReturn: {
    input: (b, n) => ({
      partnershipId: b.partnershipId,
      organisationId: b.council,
      year: 2025,
      entries: [{ commitmentId: b.commitmentId, whatHasHappened: `Progress ${n}`, whatMoreIsToBeDone: 'More' }],
    }),
    ...reporters,
  },
  publishAnnualReturn: { input: (b) => ({ partnershipId: b.partnershipId, organisationId: b.council, year: 2025 }), ...secretariatOnly },
  // Corrections. Each allowed attempt is refused on the data, so the boards stay as the rows around expect them:
  // a rename to a blank name, a merge into itself, leaving while the council owns an open action, a seat
  // that does not exist, a dissolution dated after today.
  renameOrganisation: { input: (b) => ({ organisationId: b.council, name: ' ', reason: 'Access check' }), own: ['admin'], other: ['admin'] },
  mergeOrganisations: { input: (b) => ({ survivorId: b.council, duplicateId: b.council, reason: 'Access check' }), own: ['admin'], other: ['admin'] },
  leavePartnership: { input: (b) => ({ partnershipId: b.partnershipId, organisationId: b.council, reason: 'Access check' }), ...secretariatOnly },
  vacateMember: { input: (b) => ({ partnershipId: b.partnershipId, memberId: '0190a1b2-0000-7000-8000-000000000998', reason: 'Access check' }), ...secretariatOnly },
  dissolvePartnership: { input: (b) => ({ partnershipId: b.partnershipId, reason: 'Access check', dissolvedOn: '2199-12-31' }), ...secretariatOnly },
  // An unknown person: the administrator passes access and meets NOT_FOUND, so nobody the rows around use is forgotten.
  forgetPerson: { input: () => ({ personId: '0190a1b2-0000-7000-8000-000000000997', reason: 'Access check' }), own: ['admin'], other: ['admin'] },
  // Last: a closed commitment takes no more changes, which the rows above do not expect.
  closeCommitment: { input: (b) => ({ commitmentId: b.commitmentId, outcome: 'WITHDRAWN', reason: 'Superseded by the new framework' }), ...secretariatOnly },
};

const upperFirst = (name: string) => name[0]!.toUpperCase() + name.slice(1);
const mutationOf = (name: string) => `mutation($input: ${upperFirst(name)}Input!) { ${name}(input: $input) { position } }`;

describe('who may do what: grants and revocations in the ledger', () => {
  let api: ApiProcess;
  const tokens = {} as Record<'leicester' | 'leeds', Record<Person, string>>;
  const boards = {} as Record<'leicester' | 'leeds', Board>;
  let adminToken: string;

  const call = (query: string, variables: object, token: string) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token: string) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await call('{ health { store { headPosition } } }', {}, adminToken)).data.health.store.headPosition;

  async function setUpBoard(name: 'leicester' | 'leeds', title: string): Promise<void> {
    const formed = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name: title, level: 'PLACE' } }, adminToken);
    const partnershipId = formed.formPartnership.partnership.id;
    const registered = await ok(
      `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`,
      { input: { name: `${title} City Council`, sector: 'LOCAL_GOVERNMENT' } },
      adminToken,
    );
    const council = registered.registerOrganisation.organisation.id;
    await api.grant(`secretariat@${name}.example`, 'SECRETARIAT', { partnershipId });
    await api.grant(`partner@${name}.example`, 'PARTNER', { organisationId: council });
    await api.grant(`auditor@${name}.example`, 'AUDITOR', { partnershipId });
    tokens[name] = {
      admin: adminToken,
      secretariat: await tokenOf(`secretariat@${name}.example`, { name: `${title} Board Secretary`, email: `secretariat@${name}.example` }),
      partner: await tokenOf(`partner@${name}.example`, { name: `${title} Council Officer` }),
      auditor: await tokenOf(`auditor@${name}.example`),
      stranger: await tokenOf(`stranger@${name}.example`),
    };
    const secretariat = tokens[name].secretariat;
    await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId: council } }, secretariat);
    const appointed = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
      input: { partnershipId, organisationId: council, name: `Ivan Browne of ${title}`, roleTitle: 'Director Public Health' },
    }, secretariat);
    const memberId = appointed.appointMember.member.id;
    const paired = await ok(
      `mutation($input: ProposeAllyshipPairingInput!) { proposeAllyshipPairing(input: $input) { allyshipPairing { id } } }`,
      { input: { ...CASES.proposeAllyshipPairing!.input({ partnershipId, council, memberId } as Board, 0), proposedOn: '2026-01-10' } },
      secretariat,
    );
    const pairingId = paired.proposeAllyshipPairing.allyshipPairing.id;
    await ok(`mutation($input: ActivateAllyshipPairingInput!) { activateAllyshipPairing(input: $input) { position } }`, { input: { pairingId, activatedOn: '2026-01-15', reason: 'Agreed' } }, secretariat);
    const priority = await ok(`mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { priority { id } } }`, { input: { partnershipId, code: 'P1', title: 'Prevention' } }, secretariat);
    const made = await ok(
      `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`,
      { input: { partnershipId, owningOrganisationId: council, title: 'Health equity audit', description: 'Every project.' } },
      secretariat,
    );
    const commitmentId = made.makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2026-01-15' } }, secretariat);
    const planned = await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, { input: { commitmentId, owningOrganisationId: council, title: 'Adopt the HEA tool', dueDate: '2030-10-30' } }, secretariat);
    const indicator = await ok(
      `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`,
      { input: { ...CASES.defineIndicator!.input({ commitmentId } as Board, 0), owningOrganisationId: council } },
      secretariat,
    );
    const indicatorId = indicator.defineIndicator.indicator.id;
    const reading = await ok(
      `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { reading { id } } }`,
      { input: { indicatorId, value: 12, periodDate: '2025-12-01', source: 'Survey' } },
      tokens[name].partner,
    );
    const auditorGrantId = await api.grant(`visiting-auditor@${name}.example`, 'AUDITOR', { partnershipId });
    const meeting = await ok(
      `mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`,
      { input: { partnershipId, date: '2026-01-15', startTime: '17:30', format: 'IN_PERSON', place: 'City Hall' } },
      secretariat,
    );
    boards[name] = {
      partnershipId,
      council,
      commitmentId,
      actionId: planned.planAction.actions[0].id,
      indicatorId,
      readingId: reading.recordIndicatorReading.reading.id,
      priorityId: priority.adoptPriority.priority.id,
      auditorGrantId,
      memberId,
      pairingId,
      meetingId: meeting.scheduleMeeting.meeting.id,
    };
  }

  beforeAll(async () => {
    api = await ApiProcess.start();
    adminToken = await api.adminToken();
    await setUpBoard('leicester', 'Leicester');
    await setUpBoard('leeds', 'Leeds');
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('has an access rule, and a row in this table, for every mutation the server offers', async () => {
    const schema = await ok('{ __schema { mutationType { fields { name } } } }', {}, adminToken);
    const offered: string[] = schema.__schema.mutationType.fields.map((field: { name: string }) => field.name).sort();
    expect(offered.filter((name) => !(name in CASES))).toEqual([]);
    expect(Object.keys(CASES).filter((name) => !offered.includes(name))).toEqual([]);
  });

  let attempt = 0;
  describe.each(Object.keys(CASES))('%s', (mutation) => {
    it.each(['own', 'other'] as const)('on %s board data: allows exactly its grants, and a refusal names the grant and writes nothing', async (scope) => {
      const rule = CASES[mutation]!;
      const target = scope === 'own' ? boards.leicester : boards.leeds;
      const allowed = rule[scope];
      // Refusals first: they must leave the log exactly as it was.
      for (const person of PEOPLE.filter((p) => !allowed.includes(p))) {
        const before = await head();
        const response: GraphQLResponse = await call(mutationOf(mutation), { input: rule.input(target, ++attempt) }, tokens.leicester[person]);
        expect({ person, code: response.errors?.[0]?.extensions.code }).toEqual({ person, code: 'FORBIDDEN' });
        expect(response.errors![0]!.extensions.required.length).toBeGreaterThan(0);
        expect(response.errors![0]!.message).toMatch(/^You may not .+: this needs /);
        expect(await head()).toBe(before);
      }
      for (const person of allowed) {
        const response: GraphQLResponse = await call(mutationOf(mutation), { input: rule.input(target, ++attempt) }, tokens.leicester[person]);
        // Allowed past access: it may still fail on the data's state (e.g. endorsing twice), never as FORBIDDEN.
        const codes = (response.errors ?? []).map((error) => error.extensions.code);
        expect({ person, codes: codes.filter((code) => code === 'FORBIDDEN' || code === 'UNAUTHENTICATED') }).toEqual({ person, codes: [] });
      }
    });
  });

  it('refuses a revoked secretariat at once, and keeps the grant’s history', async () => {
    const { partnershipId, council } = boards.leicester;
    const grantId = await api.grant('interim-secretary@leicester.example', 'SECRETARIAT', { partnershipId });
    const interim = await tokenOf('interim-secretary@leicester.example');
    const make = (n: number) => call(mutationOf('makeCommitment'), { input: { partnershipId, owningOrganisationId: council, title: `Interim ${n}`, description: 'x' } }, interim);
    expect((await make(1)).errors).toBeUndefined();

    // A secretariat grants and revokes PARTNER and AUDITOR only; a secretariat is the administrator's to end.
    const byPeer = await call(`mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { position } }`, { input: { grantId, reason: 'x' } }, tokens.leicester.secretariat);
    expect(byPeer.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', required: [{ role: 'PLATFORM_ADMIN' }] });
    const revoked = await ok(
      `mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { grant { id active revokedAt revocationReason revokedBy { id } } position } }`,
      { input: { grantId, reason: 'Interim period ended' } },
      adminToken,
    );
    expect(revoked.revokeRole.grant).toMatchObject({ id: grantId, active: false, revocationReason: 'Interim period ended' });

    const refused = await make(2);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', required: [{ role: 'SECRETARIAT', partnershipId }] });

    const history = await ok(
      `query($p: ID!) { grants(partnershipId: $p, first: 50) { totalCount nodes { id role active reason revocationReason grantedAt revokedAt
          person { id } grantedBy { id name } revokedBy { id name } partnership { id } organisation { id } } } }`,
      { p: partnershipId },
      tokens.leicester.auditor,
    );
    const interimGrant = history.grants.nodes.find((grant: any) => grant.id === grantId);
    expect(interimGrant).toMatchObject({ role: 'SECRETARIAT', active: false, reason: 'e2e', revocationReason: 'Interim period ended', partnership: { id: partnershipId } });
    const admin = await ok('{ me { person { id } } }', {}, adminToken);
    expect(interimGrant.revokedBy.id).toBe(admin.me.person.id);
    expect(interimGrant.grantedBy.id).toBe(admin.me.person.id);
    // The council's PARTNER grant belongs to Leicester's history too, as the council is a member.
    expect(history.grants.nodes.some((grant: any) => grant.role === 'PARTNER' && grant.organisation.id === council)).toBe(true);
    // Leeds's secretariat cannot read Leicester's grants.
    const leeds = await call(`query($p: ID!) { grants(partnershipId: $p) { totalCount } }`, { p: partnershipId }, tokens.leeds.secretariat);
    expect(leeds.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lets a secretariat act on, and an auditor read, the partnerships beneath their own', async () => {
    const formed = await ok(
      `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`,
      { input: { name: 'Braunstone neighbourhood board', level: 'NEIGHBOURHOOD', parentPartnershipId: boards.leicester.partnershipId } },
      tokens.leicester.secretariat,
    );
    const child = formed.formPartnership.partnership.id;
    const adopt = (token: string) => call(mutationOf('adoptPriority'), { input: { partnershipId: child, code: 'N1', title: 'Damp homes' } }, token);
    expect((await adopt(tokens.leicester.secretariat)).errors).toBeUndefined();
    expect((await adopt(tokens.leeds.secretariat)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const read = (token: string) => call(`query($id: ID!) { partnership(id: $id) { name parent { name } } }`, { id: child }, token);
    expect((await read(tokens.leicester.auditor)).data?.partnership).toEqual({ name: 'Braunstone neighbourhood board', parent: { name: 'Leicester' } });
    // The council has not joined the neighbourhood board, so its partner does not see it.
    expect((await read(tokens.leicester.partner)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses every escalation: nobody grants beyond their own reach', async () => {
    const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } } }`;
    const { partnershipId, council } = boards.leicester;
    const attempts: [Person, Record<string, unknown>][] = [
      ['secretariat', { role: 'PLATFORM_ADMIN' }],
      ['secretariat', { role: 'SECRETARIAT', partnershipId }],
      ['secretariat', { role: 'AUDITOR' }],
      ['secretariat', { role: 'PARTNER', organisationId: boards.leeds.council }],
      ['partner', { role: 'PARTNER', organisationId: council }],
      ['auditor', { role: 'AUDITOR', partnershipId }],
    ];
    for (const [person, grant] of attempts) {
      const before = await head();
      const response = await call(GRANT, { input: { issuer: LOCAL_ISSUER, subject: `${person}@leicester.example`, reason: 'Please', ...grant } }, tokens.leicester[person]);
      expect({ person, grant, code: response.errors?.[0]?.extensions.code }).toEqual({ person, grant, code: 'FORBIDDEN' });
      expect(await head()).toBe(before);
    }
  });

  it('makes a retried grant once, and refuses the same role twice', async () => {
    const GRANT = `mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } position } }`;
    const input = { issuer: LOCAL_ISSUER, subject: 'retry@leicester.example', role: 'PARTNER', organisationId: boards.leicester.council, reason: 'Council officer' };
    const [first, retry] = await Promise.all([
      ok(GRANT, { input: { ...input, clientMutationId: 'grant-retry-1' } }, tokens.leicester.secretariat),
      ok(GRANT, { input: { ...input, clientMutationId: 'grant-retry-1' } }, tokens.leicester.secretariat),
    ]);
    expect(retry.grantRole).toEqual(first.grantRole);
    const typo = await call(GRANT, { input: { ...input, issuer: 'https://login.exmaple.nhs.uk' } }, tokens.leicester.secretariat);
    expect(typo.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'issuer', rule: 'isTrustedIssuer' });
    const again = await call(GRANT, { input }, tokens.leicester.secretariat);
    expect(again.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    expect(again.errors?.[0]?.message).toMatch(/already holds PARTNER/);
  });

  it('tells anyone who they are and what they hold now', async () => {
    const me = await ok('{ me { person { id name } email grants { totalCount nodes { role partnership { id } } } } }', {}, tokens.leicester.secretariat);
    expect(me.me).toMatchObject({
      person: { name: 'Leicester Board Secretary' },
      email: 'secretariat@leicester.example',
      grants: { totalCount: 1, nodes: [{ role: 'SECRETARIAT', partnership: { id: boards.leicester.partnershipId } }] },
    });
    const stranger = await ok('{ me { person { id } grants { totalCount } } }', {}, tokens.leicester.stranger);
    expect(stranger.me.grants.totalCount).toBe(0);
  });

  describe('reading', () => {
    const PARTNERSHIP = `query($id: ID!) { partnership(id: $id) { name } }`;

    it('shows a board to its own people only', async () => {
      const { partnershipId } = boards.leicester;
      for (const person of ['secretariat', 'partner', 'auditor'] as const) {
        expect((await call(PARTNERSHIP, { id: partnershipId }, tokens.leicester[person])).data?.partnership.name).toBe('Leicester');
        const refused = await call(PARTNERSHIP, { id: partnershipId }, tokens.leeds[person]);
        expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
      expect((await call(PARTNERSHIP, { id: partnershipId }, tokens.leicester.stranger)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect((await call(PARTNERSHIP, { id: partnershipId }, adminToken)).data?.partnership.name).toBe('Leicester');
    });

    it('lets a platform-wide auditor read every board and change none', async () => {
      await api.grant('national-auditor@example.org', 'AUDITOR');
      const auditor = await tokenOf('national-auditor@example.org');
      const listed = await ok('{ partnerships(first: 50) { nodes { id } } }', {}, auditor);
      expect(listed.partnerships.nodes.map((node: any) => node.id)).toEqual(expect.arrayContaining([boards.leicester.partnershipId, boards.leeds.partnershipId]));
      expect((await ok(`query($id: ID!) { commitment(id: $id) { title } }`, { id: boards.leeds.commitmentId }, auditor)).commitment.title).toBeTruthy();
      const write = await call(mutationOf('submitActionUpdate'), { input: CASES.submitActionUpdate!.input(boards.leeds, 0) }, auditor);
      expect(write.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('refuses another board’s commitment and action by id', async () => {
      const { commitmentId, actionId } = boards.leeds;
      const commitment = await call(`query($id: ID!) { commitment(id: $id) { title } }`, { id: commitmentId }, tokens.leicester.secretariat);
      expect(commitment.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN' });
      expect(commitment.data).toBeNull();
      const action = await call(`query($id: ID!) { action(id: $id) { title } }`, { id: actionId }, tokens.leicester.partner);
      expect(action.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it('lists only the partnerships a person may read, also when reached through another board’s organisation', async () => {
      const listed = await ok('{ partnerships { totalCount nodes { id } } }', {}, tokens.leicester.partner);
      expect(listed.partnerships.nodes.map((node: any) => node.id)).toEqual([boards.leicester.partnershipId]);
      expect(listed.partnerships.totalCount).toBe(1);
      // Hostile: walk from Leeds's council (organisations are public) into its partnerships.
      const walked = await ok(
        `query($id: ID!) { organisation(id: $id) { name partnerships { totalCount nodes { id name members { nodes { name } } } } } }`,
        { id: boards.leeds.council },
        tokens.leicester.secretariat,
      );
      expect(walked.organisation.partnerships).toEqual({ totalCount: 0, nodes: [] });
    });

    it('finds organisations by name for anyone signed in', async () => {
      const found = await ok(`{ organisations(search: "leeds city", first: 10) { totalCount nodes { name } } }`, {}, tokens.leicester.stranger);
      expect(found.organisations).toEqual({ totalCount: 1, nodes: [{ name: 'Leeds City Council' }] });
    });
  });

  it('erases a person’s name and identities at the operator’s request, while their grants’ history still reads', async () => {
    const leaver = await tokenOf('leaver@leicester.example', { name: 'Sam Leaver', email: 'sam@leicester.example' });
    await api.grant('leaver@leicester.example', 'AUDITOR', { partnershipId: boards.leicester.partnershipId });
    const before = await ok('{ me { person { id name } } }', {}, leaver);
    expect(before.me.person.name).toBe('Sam Leaver');
    const erased = await runCli(['erase-person', before.me.person.id], { LEDGER_DATA_DIR: api.dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(erased).toMatchObject({ code: 0, stdout: `Erased person ${before.me.person.id}\n` });
    const history = await ok(`query($p: ID!) { grants(partnershipId: $p, first: 50) { nodes { person { id name } } } }`, { p: boards.leicester.partnershipId }, adminToken);
    expect(history.grants.nodes).toContainEqual({ person: { id: before.me.person.id, name: null } });
    const again = await runCli(['erase-person', before.me.person.id], { LEDGER_DATA_DIR: api.dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(again.stdout).toMatch(/nothing was changed/);
  });

  it('keeps no subject, issuer, email or name in any event of the log', async () => {
    const db = new Database(join(api.dataDir, 'events.sqlite'), { readonly: true });
    try {
      const rows = db.prepare<[], { text: string }>(`SELECT type || ' ' || data || ' ' || metadata AS text FROM events`).all();
      expect(rows.length).toBeGreaterThan(50);
      const log = rows.map((row) => row.text).join('\n');
      for (const personal of ['@leicester.example', '@leeds.example', 'admin-e2e', LOCAL_ISSUER, 'Board Secretary', 'Council Officer', 'Ivan Browne', 'Sam Leaver', 'subjectId']) {
        expect({ personal, found: log.includes(personal) }).toEqual({ personal, found: false });
      }
    } finally {
      db.close();
    }
  });
});
