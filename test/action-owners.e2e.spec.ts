import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('system-secretariat-e2e');
const leicesterSecretariat = await tokenOf('leicester-secretariat-e2e');
const councilPartner = await tokenOf('partner@council.example');

const FORM = `mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`;
const OWNER = `owner { __typename ... on Organisation { id name } ... on Partnership { id name level } }`;
const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id planId reportsTo owningOrganisation { id } ${OWNER} } } }`;
const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { action { id status } update { submittedBy { id } } } }`;
const REASSIGN = `mutation($input: ReassignActionInput!) { reassignAction(input: $input) { action { id ${OWNER} } } }`;

/**
 * The LLR System Health Inequalities Framework's owners: "each Place" (actions 1, 7c: every place
 * partnership beneath the system), "ICS" (3a, 8, 9: the system itself) and "key partner orgs" (6a),
 * confirmed to the System Executive. A place's secretariat reports on its place's actions.
 */
describe('action owners as the frameworks write them, over GraphQL', () => {
  let api: ApiProcess;
  let llr: string;
  let places: { leicester: string; leicestershire: string; rutland: string };
  let leeds: string;
  let council: string;
  let trust: string;
  let commitmentId: string;

  const call = async (query: string, variables: object, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const plan = async (input: object) => (await ok(PLAN, { input: { commitmentId, dueDate: '2021-10-30', ...input } })).planAction.actions as any[];
  const actionCount = async () =>
    (await ok(`query($id: ID!) { commitment(id: $id) { actions { totalCount } } }`, { id: commitmentId })).commitment.actions.totalCount as number;

  beforeAll(async () => {
    api = await ApiProcess.start();
    const admin = await api.adminToken();
    const form = async (input: object, token = admin) => (await ok(FORM, { input }, token)).formPartnership.partnership.id as string;
    llr = await form({ name: 'Leicester, Leicestershire and Rutland Health and Care Partnership', level: 'SYSTEM' });
    await api.grant('system-secretariat-e2e', 'SECRETARIAT', { partnershipId: llr });
    places = {
      leicester: await form({ name: 'Leicester City Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: llr }, secretariat),
      leicestershire: await form({ name: 'Leicestershire Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: llr }, secretariat),
      rutland: await form({ name: 'Rutland Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: llr }, secretariat),
    };
    await api.grant('leicester-secretariat-e2e', 'SECRETARIAT', { partnershipId: places.leicester });
    // Another system and its place: never an owner of LLR's actions.
    const westYorkshire = await form({ name: 'West Yorkshire Health and Care Partnership', level: 'SYSTEM' });
    leeds = await form({ name: 'Leeds Health and Wellbeing Board', level: 'PLACE', parentPartnershipId: westYorkshire });

    const register = async (name: string, sector: string) => {
      const data = await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin);
      const organisationId = data.registerOrganisation.organisation.id as string;
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId: llr, organisationId } });
      return organisationId;
    };
    council = await register('Leicester City Council', 'LOCAL_GOVERNMENT');
    trust = await register('University Hospitals of Leicester NHS Trust', 'HEALTH');
    await register('Leicestershire Partnership NHS Trust', 'HEALTH');
    await api.grant('partner@council.example', 'PARTNER', { organisationId: council });

    const made = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId: llr, owningOrganisationId: council, title: 'Health equity audit at the planning stage of every project', description: 'LLR framework Action 7.' },
    });
    commitmentId = made.makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-03-25' } });
  });
  afterAll(async () => {
    await api?.stop();
  });

  let byPlace: Map<string, string>;

  it('plans "each Place": one action per place beneath the system, one plan, reporting to the System Executive; a retry adds none', async () => {
    const input = { owners: { everyPartnershipBeneath: true }, title: '7c Health equity dashboard per Place', reportsTo: ' System Executive ', clientMutationId: 'each-place-7c' };
    const actions = await plan(input);
    expect(actions).toHaveLength(3);
    expect(new Set(actions.map((action) => action.planId)).size).toBe(1);
    expect(actions[0].planId).toEqual(expect.any(String));
    expect(actions.map((action) => action.owner.id).sort()).toEqual(Object.values(places).sort());
    for (const action of actions) {
      expect(action).toMatchObject({ reportsTo: 'System Executive', owningOrganisation: null, owner: { __typename: 'Partnership', level: 'PLACE' } });
    }
    byPlace = new Map(actions.map((action) => [action.owner.id, action.id]));

    const retried = await plan(input);
    expect(retried.map((action) => action.id).sort()).toEqual(actions.map((action) => action.id).sort());
    expect(await actionCount()).toBe(3);
  });

  it('plans for "ICS", the system partnership itself, and for a named set of key partner organisations', async () => {
    const [ics] = await plan({ owningPartnershipId: llr, title: '8 System-wide population health management' });
    expect(ics).toMatchObject({ planId: null, reportsTo: null, owningOrganisation: null, owner: { __typename: 'Partnership', id: llr, level: 'SYSTEM' } });

    const keyPartners = await plan({ owners: { organisationIds: [council, trust] }, title: '6a Anchor institution employment offer', reportsTo: 'System Executive' });
    expect(keyPartners.map((action) => action.owner).sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { __typename: 'Organisation', id: council, name: 'Leicester City Council' },
      { __typename: 'Organisation', id: trust, name: 'University Hospitals of Leicester NHS Trust' },
    ]);
    expect(keyPartners[0].planId).toEqual(keyPartners[1].planId);
    expect(keyPartners[0].owningOrganisation).toEqual({ id: keyPartners[0].owner.id });
    expect(await actionCount()).toBe(6);
  });

  it("lets a place's secretariat report on its place's action, and on no other place's", async () => {
    const reported = await ok(UPDATE, { input: { actionId: byPlace.get(places.leicester), status: 'ON_TRACK', whatHasHappened: 'Dashboard drafted for Leicester City' } }, leicesterSecretariat);
    expect(reported.submitActionUpdate.action.status).toBe('ON_TRACK');

    const refused = await call(UPDATE, { input: { actionId: byPlace.get(places.rutland), status: 'ON_TRACK', whatHasHappened: 'Not ours' } }, leicesterSecretariat);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // A partner reports for its organisation, never for a place.
    const partner = await call(UPDATE, { input: { actionId: byPlace.get(places.leicester), status: 'ON_TRACK', whatHasHappened: 'Council view' } }, councilPartner);
    expect(partner.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Nor may the place's secretariat cancel the system's action: that is the system board's decision.
    const cancel = await call(UPDATE, { input: { actionId: byPlace.get(places.leicester), status: 'CANCELLED', whatHasHappened: 'Stopping' } }, leicesterSecretariat);
    expect(cancel.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('reassigns an action from an organisation to a place, whose secretariat then reports on it', async () => {
    const [action] = await plan({ owningOrganisationId: council, title: '1 Place-based health inequalities plan' });
    const moved = await ok(REASSIGN, { input: { actionId: action.id, owningPartnershipId: places.leicester, reason: 'The place leads its own plan' } });
    expect(moved.reassignAction.action.owner).toMatchObject({ __typename: 'Partnership', id: places.leicester });
    await ok(UPDATE, { input: { actionId: action.id, status: 'AT_RISK', whatHasHappened: 'Plan delayed by elections' } }, leicesterSecretariat);
    const formerOwner = await call(UPDATE, { input: { actionId: action.id, status: 'ON_TRACK', whatHasHappened: 'Still ours?' } }, councilPartner);
    expect(formerOwner.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses an owner from another system, an ambiguous owner, and writes nothing for any refusal', async () => {
    const before = await actionCount();
    const refusals: [object, string, string][] = [
      [{ owningPartnershipId: leeds }, 'owningPartnershipId', 'thisOrBeneath'],
      [{ owners: { partnershipIds: [places.leicester, leeds] } }, 'owners.partnershipIds', 'thisOrBeneath'],
      [{ owners: { partnershipIds: [places.leicester, places.leicester] } }, 'owners.partnershipIds', 'unique'],
      [{ owners: { organisationIds: [] } }, 'owners.organisationIds', 'notEmpty'],
      [{ owners: { partnershipIds: Array.from({ length: 101 }, () => places.rutland) } }, 'owners.partnershipIds', 'arrayMaxSize'],
      [{ owningOrganisationId: council, owningPartnershipId: llr }, 'owningOrganisationId', 'exactlyOne'],
      [{ owners: { everyMemberOrganisation: true, everyPartnershipBeneath: true } }, 'owners', 'exactlyOne'],
      [{ owners: {} }, 'owners', 'exactlyOne'],
      [{ owningPartnershipId: llr, reportsTo: '   ' }, 'reportsTo', 'notEmpty'],
    ];
    for (const [owner, field, rule] of refusals) {
      const response = await call(PLAN, { input: { commitmentId, dueDate: '2021-10-30', title: 'Refused', ...owner } });
      expect({ owner, errors: response.errors?.[0]?.extensions }).toEqual({ owner, errors: expect.objectContaining({ code: 'BAD_USER_INPUT', field, rule }) });
    }
    const [action] = await plan({ owningOrganisationId: trust, title: '9 Data sharing agreement' });
    const reassigned = await call(REASSIGN, { input: { actionId: action.id, owningPartnershipId: leeds, reason: 'Wrong system' } });
    expect(reassigned.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'owningPartnershipId', rule: 'thisOrBeneath' });
    expect(await actionCount()).toBe(before + 1);
  });
  it("reviews a partnership's actions at the board meeting beside the organisations', by owning partnership", async () => {
    const scheduled = await ok(`mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
      input: { partnershipId: llr, date: '2021-11-15', startTime: '14:00', format: 'ONLINE', link: 'https://meet.example/llr', title: 'System Executive' },
    });
    const { progressSinceLastMeeting: progress } = await ok(
      `query($id: ID!) { progressSinceLastMeeting(meetingId: $id) { organisations { organisationId } partnerships { partnershipId actions { title } } } }`,
      { id: scheduled.scheduleMeeting.meeting.id },
    );
    expect(progress.partnerships.map((owner: any) => owner.partnershipId).sort()).toEqual([...Object.values(places), llr].sort());
    expect(progress.partnerships.find((owner: any) => owner.partnershipId === places.rutland).actions).toEqual([{ title: '7c Health equity dashboard per Place' }]);
    expect(progress.organisations.map((owner: any) => owner.organisationId).sort()).toEqual([council, trust].sort());
  });

  it('groups and filters the board views by both kinds of owner', async () => {
    const { actions } = await ok(`query($p: ID!) { actions(filter: {partnershipId: $p}, first: 50) { totalCount nodes { id ${OWNER} } } }`, { p: llr });
    const expected = new Map<string, number>();
    for (const action of actions.nodes) expected.set(action.owner.id, (expected.get(action.owner.id) ?? 0) + 1);
    const partnershipOwned = actions.nodes.filter((action: any) => action.owner.__typename === 'Partnership').length;
    expect(partnershipOwned).toBeGreaterThanOrEqual(4);

    const { dashboard, sectorBreakdown } = await ok(
      `query($p: ID!) {
        dashboard(partnershipId: $p) { owners(first: 20) { totalCount nodes { owningOrganisation { id } owningPartnership { id } actionSummary { total } } } }
        sectorBreakdown(partnershipId: $p) { sectors { sector actionSummary { total } } }
      }`,
      { p: llr },
    );
    const grouped = new Map(dashboard.owners.nodes.map((owner: any) => [(owner.owningOrganisation ?? owner.owningPartnership).id, owner.actionSummary.total]));
    expect(grouped).toEqual(expected);
    expect(sectorBreakdown.sectors.find((row: any) => row.sector === null).actionSummary.total).toBe(partnershipOwned);

    const leicester = await ok(`query($o: ID!) { actions(filter: {owningPartnershipId: $o}, first: 100) { totalCount nodes { id } } }`, { o: places.leicester });
    expect(leicester.actions.totalCount).toBe(expected.get(places.leicester));
  });
});
