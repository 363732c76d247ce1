import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ApiProcess, tokenOf, type GraphQLResponse } from './support/api-process.js';

/**
 * The Leeds Allyship Programme over HTTP: a board member paired with a Communities of Interest
 * Network ally, through proposal, check-ins, a challenge raised and answered, a pause and an end;
 * a pairing gone quiet; the moves the rules refuse; and no person's name in the log.
 * The server's clock is 1 November 2021, 10:00 UTC.
 */

const PAIRING_FIELDS = `id status focus proposedOn activatedOn endedOn lastCheckInOn revision daysSinceLastCheckIn
  boardMember { id roleTitle name } ally { person { id name } organisation { name sector } }
  commitments { totalCount nodes { id title } }
  checkIns { totalCount nodes { heldOn summary followUps loggedBy } }
  openChallenges { totalCount nodes { id text commitmentId actionId open } }`;
const PROPOSE = `mutation($input: ProposeAllyshipPairingInput!) { proposeAllyshipPairing(input: $input) { allyshipPairing { ${PAIRING_FIELDS} } position clientMutationId } }`;
const ACTIVATE = `mutation($input: ActivateAllyshipPairingInput!) { activateAllyshipPairing(input: $input) { allyshipPairing { id status revision } position } }`;
const PAUSE = `mutation($input: PauseAllyshipPairingInput!) { pauseAllyshipPairing(input: $input) { allyshipPairing { id status revision } position } }`;
const END = `mutation($input: EndAllyshipPairingInput!) { endAllyshipPairing(input: $input) { allyshipPairing { id status endedOn revision } position } }`;
const CHECK_IN = `mutation($input: LogAllyshipCheckInInput!) { logAllyshipCheckIn(input: $input) {
  allyshipPairing { id lastCheckInOn revision openChallenges { totalCount } } checkIn { id heldOn loggedBy followUps } challenges { id text commitmentId actionId open } position } }`;
const RESPOND = `mutation($input: RespondToChallengeInput!) { respondToChallenge(input: $input) {
  allyshipPairing { id openChallenges { totalCount } } challenge { id open response respondedBy respondedOn responseCheckInId } position } }`;
const PAIRING = `query($id: ID!) { allyshipPairing(id: $id) { ${PAIRING_FIELDS} } }`;

describe('allyship pairings', () => {
  let api: ApiProcess;
  let admin: string;
  let secretary: string;
  let allyToken: string;
  let allyPersonId: string;
  let leeds: string;
  let council: string;
  let coin: string;
  let tenants: string;
  let hospitals: string;
  let councillorSeat: string;
  let toolkit: string;
  let trainingAction: string;

  const call = (query: string, variables: object, token: string): Promise<GraphQLResponse<any>> => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretary) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await call('{ health { store { headPosition } } }', {}, admin)).data.health.store.headPosition;
  /** A refusal: its code (and field and rule, when it names one), with nothing written. */
  const refused = async (query: string, input: object, token = secretary) => {
    const before = await head();
    const response = await call(query, { input }, token);
    expect(await head()).toBe(before);
    const { code, field, rule } = response.errors?.[0]?.extensions ?? {};
    return { code, ...(field ? { field } : {}), ...(rule ? { rule } : {}) };
  };

  beforeAll(async () => {
    api = await ApiProcess.start({ env: { LEDGER_CLOCK_NOW: '2021-11-01T10:00:00.000Z' } });
    admin = await api.adminToken();
    const formed = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, {
      input: { name: 'Leeds Health and Wellbeing Board', level: 'PLACE', timeZone: 'Europe/London' },
    }, admin);
    leeds = formed.formPartnership.partnership.id;
    const register = async (name: string, sector: string) =>
      (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin))
        .registerOrganisation.organisation.id as string;
    council = await register('Leeds City Council', 'LOCAL_GOVERNMENT');
    coin = await register('Communities of Interest Network', 'VCSE');
    tenants = await register('Leeds Tenants Network', 'COMMUNITY');
    hospitals = await register('Leeds Teaching Hospitals NHS Trust', 'HEALTH');
    await api.grant('secretary@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    secretary = await tokenOf('secretary@leeds.example', { name: 'Leeds Board Secretary' });
    for (const organisationId of [council, coin, tenants, hospitals]) {
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId: leeds, organisationId } });
    }
    const appointed = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
      input: { partnershipId: leeds, organisationId: council, name: 'Councillor Fiona Venner', roleTitle: 'Executive Member for Adult Social Care' },
    });
    councillorSeat = appointed.appointMember.member.id;
    const made = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId: leeds, owningOrganisationId: council, title: 'Use the Tackling Health Inequalities Toolkit', description: 'Beyond mandated activity.' },
    });
    toolkit = made.makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId: toolkit, endorsedOn: '2021-03-18' } });
    const planned = await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
      input: { commitmentId: toolkit, owningOrganisationId: council, title: 'Health inequalities training for executive directors', dueDate: '2022-03-31' },
    });
    trainingAction = planned.planAction.actions[0].id;
    // The ally signs in as themselves and acts under a PARTNER grant for the CoIN.
    await api.grant('amina@coin.example', 'PARTNER', { organisationId: coin });
    allyToken = await tokenOf('amina@coin.example', { name: 'Amina Yusuf' });
    allyPersonId = (await ok('{ me { person { id } } }', {}, allyToken)).me.person.id;
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('runs a Leeds pairing through its whole lifecycle, a challenge raised at one check-in answered at the next', async () => {
    const proposed = await ok(PROPOSE, {
      input: {
        clientMutationId: 'leeds-pairing-1',
        partnershipId: leeds,
        boardMemberId: councillorSeat,
        ally: { personId: allyPersonId, organisationId: coin },
        focus: 'Using the Toolkit beyond nationally mandated activity',
        commitmentIds: [toolkit],
        proposedOn: '2021-04-01',
      },
    });
    const pairing = proposed.proposeAllyshipPairing.allyshipPairing;
    expect(pairing).toMatchObject({
      status: 'PROPOSED',
      proposedOn: '2021-04-01',
      activatedOn: null,
      daysSinceLastCheckIn: null,
      boardMember: { id: councillorSeat, name: 'Councillor Fiona Venner' },
      ally: { person: { id: allyPersonId, name: 'Amina Yusuf' }, organisation: { name: 'Communities of Interest Network', sector: 'VCSE' } },
      commitments: { totalCount: 1, nodes: [{ id: toolkit, title: 'Use the Tackling Health Inequalities Toolkit' }] },
      checkIns: { totalCount: 0 },
    });
    const id = pairing.id;

    // A check-in before the pairing starts is refused, and nothing is written.
    expect(await refused(CHECK_IN, { pairingId: id, heldOn: '2021-04-10', summary: 'Too early' }, allyToken)).toEqual({ code: 'FAILED_PRECONDITION' });

    await ok(ACTIVATE, { input: { pairingId: id, activatedOn: '2021-04-15', reason: 'Both agreed terms of reference', expectedRevision: pairing.revision } });

    // The ally logs the first check-in: the side recorded is the one she was authorised as.
    const first = await ok(CHECK_IN, {
      input: {
        pairingId: id,
        heldOn: '2021-05-10',
        summary: 'Walked through the Toolkit against the council’s planning cycle',
        challenges: [
          { text: 'Which council decisions this year went through the Toolkit?', commitmentId: toolkit },
          { text: 'When will every executive director have done the training?', actionId: trainingAction },
        ],
        followUps: ['Board member to list this year’s capital decisions'],
      },
    }, allyToken);
    const { checkIn, challenges } = first.logAllyshipCheckIn;
    expect(checkIn).toMatchObject({ heldOn: '2021-05-10', loggedBy: 'ALLY', followUps: ['Board member to list this year’s capital decisions'] });
    expect(challenges).toMatchObject([
      { commitmentId: toolkit, actionId: null, open: true },
      // A challenge about an action is about its commitment too.
      { commitmentId: toolkit, actionId: trainingAction, open: true },
    ]);
    expect(first.logAllyshipCheckIn.allyshipPairing.openChallenges.totalCount).toBe(2);

    const second = await ok(CHECK_IN, { input: { pairingId: id, heldOn: '2021-06-14', summary: 'Went through the list of capital decisions' } });
    expect(second.logAllyshipCheckIn.checkIn.loggedBy).toBe('SECRETARIAT');
    const answered = await ok(RESPOND, {
      input: {
        pairingId: id,
        challengeId: challenges[0].id,
        response: 'Three of five capital decisions used it; the other two are being re-run through it',
        respondedOn: '2021-06-14',
        checkInId: second.logAllyshipCheckIn.checkIn.id,
      },
    });
    expect(answered.respondToChallenge.challenge).toEqual({
      id: challenges[0].id,
      open: false,
      response: 'Three of five capital decisions used it; the other two are being re-run through it',
      respondedBy: 'SECRETARIAT',
      respondedOn: '2021-06-14',
      responseCheckInId: second.logAllyshipCheckIn.checkIn.id,
    });
    // Answering it again is refused.
    expect(await refused(RESPOND, { pairingId: id, challengeId: challenges[0].id, response: 'Again', respondedOn: '2021-06-15' })).toEqual({ code: 'FAILED_PRECONDITION' });

    await ok(PAUSE, { input: { pairingId: id, pausedOn: '2021-08-02', reason: 'Ally on leave over the summer' } });
    await ok(ACTIVATE, { input: { pairingId: id, activatedOn: '2021-09-06', reason: 'Ally back from leave' } });

    const { allyshipPairing: resumed } = await ok(PAIRING, { id });
    expect(resumed).toMatchObject({
      status: 'ACTIVE',
      activatedOn: '2021-04-15',
      lastCheckInOn: '2021-06-14',
      // 14 June to 1 November.
      daysSinceLastCheckIn: 140,
      checkIns: { totalCount: 2, nodes: [{ heldOn: '2021-05-10', loggedBy: 'ALLY' }, { heldOn: '2021-06-14', loggedBy: 'SECRETARIAT' }] },
      // The training challenge is still unanswered: it stays visible.
      openChallenges: { totalCount: 1, nodes: [{ id: challenges[1].id, actionId: trainingAction, open: true }] },
    });

    // The commitment shows the pairing that supports it and both challenges raised about it.
    const { commitment } = await ok(`query($id: ID!) { commitment(id: $id) { allyshipPairings { totalCount nodes { id } } challenges { totalCount nodes { id open } } } }`, { id: toolkit });
    expect(commitment).toEqual({
      allyshipPairings: { totalCount: 1, nodes: [{ id }] },
      challenges: { totalCount: 2, nodes: [{ id: challenges[0].id, open: false }, { id: challenges[1].id, open: true }] },
    });

    const ended = await ok(END, { input: { pairingId: id, endedOn: '2021-10-29', reason: 'Programme year complete', expectedRevision: resumed.revision } });
    expect(ended.endAllyshipPairing.allyshipPairing).toMatchObject({ status: 'ENDED', endedOn: '2021-10-29' });

    // An ended pairing takes no check-in and cannot end twice; nothing is written.
    expect(await refused(CHECK_IN, { pairingId: id, heldOn: '2021-10-30', summary: 'After the end' }, allyToken)).toEqual({ code: 'FAILED_PRECONDITION' });
    expect(await refused(END, { pairingId: id, endedOn: '2021-10-30', reason: 'Again' })).toEqual({ code: 'FAILED_PRECONDITION' });

    // A retry of the first proposal (same clientMutationId) writes nothing and answers with the same pairing.
    const before = await head();
    const retried = await call(PROPOSE, {
      input: { clientMutationId: 'leeds-pairing-1', partnershipId: leeds, boardMemberId: councillorSeat, ally: { personId: allyPersonId, organisationId: coin }, focus: 'x' },
    }, secretary);
    expect(retried.data?.proposeAllyshipPairing?.allyshipPairing.id).toBe(id);
    expect(await head()).toBe(before);
  });

  it('finds the pairing with no check-in for 60 days', async () => {
    const proposed = await ok(PROPOSE, {
      input: { partnershipId: leeds, boardMemberId: councillorSeat, ally: { name: 'Joe Bloggs', organisationId: tenants }, focus: 'Tenants’ voice on housing and health', proposedOn: '2021-08-20' },
    });
    const { id, ally } = proposed.proposeAllyshipPairing.allyshipPairing;
    expect(ally).toMatchObject({ person: { name: 'Joe Bloggs' }, organisation: { sector: 'COMMUNITY' } });
    // 2 September to 1 November is 60 days, with no check-in since it started.
    await ok(ACTIVATE, { input: { pairingId: id, activatedOn: '2021-09-02', reason: 'Agreed' } });
    const quiet = (days: number) =>
      ok(`query($p: ID!, $days: Int) { allyshipPairings(partnershipId: $p, status: ACTIVE, quietForDays: $days, first: 10) { totalCount nodes { id daysSinceLastCheckIn } } }`, {
        p: leeds,
        days,
      });
    expect((await quiet(60)).allyshipPairings).toEqual({ totalCount: 1, nodes: [{ id, daysSinceLastCheckIn: 60 }] });
    expect((await quiet(61)).allyshipPairings).toEqual({ totalCount: 0, nodes: [] });

    // The same two people may not hold a second open pairing.
    expect(await refused(PROPOSE, { partnershipId: leeds, boardMemberId: councillorSeat, ally: { personId: ally.person.id, organisationId: tenants }, focus: 'Again' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'ally.personId',
      rule: 'noSecondOpenPairing',
    });
  });

  it('refuses an ally from outside VCSE and COMMUNITY without a recorded exception, and takes one with it', async () => {
    const input = { partnershipId: leeds, boardMemberId: councillorSeat, ally: { name: 'Dr Ravi Patel', organisationId: hospitals }, focus: 'Peer support' };
    expect(await refused(PROPOSE, input)).toEqual({ code: 'BAD_USER_INPUT', field: 'ally.organisationId', rule: 'allySector' });
    const excepted = await ok(PROPOSE, { input: { ...input, sectorException: { reason: 'Peer supporter employed by the trust, nominated by the CoIN' } } });
    expect(excepted.proposeAllyshipPairing.allyshipPairing.status).toBe('PROPOSED');
    // The refused proposal left no person behind in the personal-data store: only the accepted one is recorded.
    const people = new Database(join(api.dataDir, 'personal-data.sqlite'), { readonly: true });
    try {
      expect(people.prepare(`SELECT COUNT(*) AS count FROM people WHERE name = 'Dr Ravi Patel'`).get()).toEqual({ count: 1 });
    } finally {
      people.close();
    }

    // Proposed today (the partnership's 1 November) when no date is given. A move against a stale revision is refused with the current one, and nothing is written.
    const { id, revision } = excepted.proposeAllyshipPairing.allyshipPairing;
    await ok(ACTIVATE, { input: { pairingId: id, activatedOn: '2021-11-01', reason: 'Agreed', expectedRevision: revision } });
    const before = await head();
    const stale = await call(PAUSE, { input: { pairingId: id, pausedOn: '2021-11-01', reason: 'Leave', expectedRevision: revision } }, secretary);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'expectedRevision', currentRevision: '1' });
    expect(await head()).toBe(before);
  });

  it('refuses another partnership’s secretariat, and a query nested too deep', async () => {
    const bradford = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name: 'Bradford', level: 'PLACE' } }, admin);
    await api.grant('secretary@bradford.example', 'SECRETARIAT', { partnershipId: bradford.formPartnership.partnership.id });
    const outsider = await tokenOf('secretary@bradford.example');
    const { allyshipPairings } = await ok(`query($p: ID!) { allyshipPairings(partnershipId: $p) { nodes { id } } }`, { p: leeds });
    const id = allyshipPairings.nodes[1].id;
    expect(await refused(CHECK_IN, { pairingId: id, heldOn: '2021-10-01', summary: 'Not mine' }, outsider)).toEqual({ code: 'FORBIDDEN' });
    expect(await refused(PAUSE, { pairingId: id, pausedOn: '2021-10-01', reason: 'Not mine' }, outsider)).toEqual({ code: 'FORBIDDEN' });
    expect((await call(PAIRING, { id }, outsider)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect((await call(`query($p: ID!) { allyshipPairings(partnershipId: $p) { totalCount } }`, { p: leeds }, outsider)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const deep = `query($id: ID!) { allyshipPairing(id: $id) { commitments { nodes { allyshipPairings { nodes { commitments { nodes { allyshipPairings { nodes { id } } } } } } } } } }`;
    expect((await call(deep, { id }, secretary)).errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'maxDepth' });
  });

  it('lets the board member who signs in log a check-in on their own pairing, and no colleague of theirs', async () => {
    // The member's seat names a person who signs in: a PARTNER of the council, appointed by person id.
    await api.grant('mohammed@leeds.gov.example', 'PARTNER', { organisationId: council });
    const member = await tokenOf('mohammed@leeds.gov.example', { name: 'Councillor Mohammed Rafique' });
    const personId = (await ok('{ me { person { id } } }', {}, member)).me.person.id;
    expect(await refused(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { position } }`, { partnershipId: leeds, organisationId: council, personId, name: 'Someone', roleTitle: 'Councillor' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
      rule: 'exactlyOne',
    });
    const seat = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id name } } }`, {
      input: { partnershipId: leeds, organisationId: council, personId, roleTitle: 'Executive Member for Public Health' },
    });
    expect(seat.appointMember.member.name).toBe('Councillor Mohammed Rafique');
    const proposed = await ok(PROPOSE, {
      input: { partnershipId: leeds, boardMemberId: seat.appointMember.member.id, ally: { name: 'Grace Okafor', organisationId: tenants }, focus: 'Damp homes', proposedOn: '2021-09-01' },
    });
    const pairingId = proposed.proposeAllyshipPairing.allyshipPairing.id;
    await ok(ACTIVATE, { input: { pairingId, activatedOn: '2021-09-02', reason: 'Agreed at the board' } });

    const logged = await ok(CHECK_IN, { input: { pairingId, heldOn: '2021-10-01', summary: 'Walked the estate together' } }, member);
    expect(logged.logAllyshipCheckIn.checkIn.loggedBy).toBe('BOARD_MEMBER');
    // Another council officer holds the same PARTNER grant, but is not the person in the pairing.
    await api.grant('officer@leeds.gov.example', 'PARTNER', { organisationId: council });
    const colleague = await tokenOf('officer@leeds.gov.example');
    expect(await refused(CHECK_IN, { pairingId, heldOn: '2021-10-02', summary: 'Me too' }, colleague)).toEqual({ code: 'FORBIDDEN' });
  });

  it('keeps every person’s name out of the event log', () => {
    const db = new Database(join(api.dataDir, 'events.sqlite'), { readonly: true });
    try {
      const log = db.prepare<[], { text: string }>(`SELECT type || ' ' || data || ' ' || metadata AS text FROM events`).all().map((row) => row.text).join('\n');
      expect(log).toContain('AllyshipCheckInLogged');
      for (const name of ['Amina Yusuf', 'Joe Bloggs', 'Ravi Patel', 'Fiona Venner', 'Mohammed Rafique', 'Grace Okafor', 'Leeds Board Secretary', 'amina@coin.example']) expect(log).not.toContain(name);
    } finally {
      db.close();
    }
  });
});
