import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess, newDataDir, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('secretariat@leicester.example', { name: 'Leicester Board Secretary' });
const councilPartner = await tokenOf('partner@leicestercity.example', { name: 'Council Partner' });
const leedsSecretariat = await tokenOf('secretariat@leeds.example', { name: 'Leeds Board Secretary' });

/**
 * Publication over GraphQL, on the Leicester board in September 2021: the secretariat turns its public
 * pages on, publishes a commitment, an update and minutes, then lets updates and PUBLIC minute items
 * publish themselves; the council's partner drafts the council's annual return, which the secretariat
 * publishes. Partners do not publish, nor draft another organisation's return; Leeds touches nothing.
 */
describe('publication and the annual assessment return over GraphQL', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let partnershipId: string;
  let council: string;
  let ccg: string;
  let memberId: string;
  let framework: string;
  let friendlyCity: string;
  let ccgCommitment: string;
  let leedsCommitment: string;
  let actionId: string;
  let meetingId: string;

  const call = async (query: string, variables: object, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const codeOf = async (query: string, variables: object, token = secretariat) => (await call(query, variables, token)).errors?.[0]?.extensions;
  const head = async () => (await call('{ health { store { headPosition } } }', {})).data.health.store.headPosition;

  const SETTINGS = `mutation($input: ChangePublicationSettingsInput!) {
    changePublicationSettings(input: $input) { partnership { id publicationSettings { publicPages publishUpdatesAutomatically publishMinutesAutomatically } } position } }`;
  const PUBLISH_COMMITMENT = `mutation($input: PublishCommitmentInput!) { publishCommitment(input: $input) { commitment { id publishedAt } position clientMutationId } }`;
  const SUBMIT = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { update { id publishedAt } } }`;
  const PUBLISH_UPDATE = `mutation($input: PublishActionUpdateInput!) { publishActionUpdate(input: $input) { action { id } update { id publishedAt } position } }`;
  const ITEM = `mutation($input: RecordMinuteItemInput!) { recordMinuteItem(input: $input) { meeting { id minutesPublishedThrough minutesPublishedAt } } }`;
  const PUBLISH_MINUTES = `mutation($input: PublishMinutesInput!) { publishMinutes(input: $input) { meeting { id minutesPublishedThrough minutesPublishedAt } } }`;
  const RETURN_FIELDS = 'partnershipId organisationId year status entries { commitmentId whatHasHappened whatMoreIsToBeDone } draftedAt publishedEntries { commitmentId whatHasHappened } publishedAt revision';
  const DRAFT = `mutation($input: DraftAnnualReturnInput!) { draftAnnualReturn(input: $input) { annualReturn { ${RETURN_FIELDS} } } }`;
  const PUBLISH_RETURN = `mutation($input: PublishAnnualReturnInput!) { publishAnnualReturn(input: $input) { annualReturn { ${RETURN_FIELDS} } } }`;

  const submit = (whatHasHappened: string) => ok(SUBMIT, { input: { actionId, status: 'ON_TRACK', whatHasHappened } }, councilPartner);
  const item = (number: string, visibility: 'PUBLIC' | 'PRIVATE') =>
    ok(ITEM, { input: { meetingId, number, title: `Item ${number}`, presenter: { role: 'Chair' }, visibility, text: `Item ${number} was discussed.`, resolution: { kind: 'NOTE' } } });
  const entry = (commitmentId: string, whatHasHappened = 'The health equity audit tool is used on every new project.') => ({
    commitmentId,
    whatHasHappened,
    whatMoreIsToBeDone: 'Train the remaining staff.',
  });

  beforeAll(async () => {
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: '2021-09-15T10:00:00.000Z' } });
    const admin = await api.adminToken();
    const form = async (name: string) =>
      (await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name, level: 'PLACE' } }, admin)).formPartnership
        .partnership.id as string;
    partnershipId = await form('Leicester City Health and Wellbeing Board');
    const leeds = await form('Leeds Health and Wellbeing Board');
    await api.grant('secretariat@leicester.example', 'SECRETARIAT', { partnershipId });
    await api.grant('secretariat@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    const register = async (name: string, sector: string, into: string, token: string) => {
      const data = await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin);
      const organisationId = data.registerOrganisation.organisation.id as string;
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId: into, organisationId } }, token);
      return organisationId;
    };
    council = await register('Leicester City Council', 'LOCAL_GOVERNMENT', partnershipId, secretariat);
    ccg = await register('Leicester City Clinical Commissioning Group', 'HEALTH', partnershipId, secretariat);
    const leedsCouncil = await register('Leeds City Council', 'LOCAL_GOVERNMENT', leeds, leedsSecretariat);
    await api.grant('partner@leicestercity.example', 'PARTNER', { organisationId: council });
    const appointed = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
      input: { partnershipId, organisationId: council, name: 'Vi Dempster', roleTitle: 'Chair' },
    });
    memberId = appointed.appointMember.member.id;
    const make = async (into: string, owningOrganisationId: string, title: string, token = secretariat) => {
      const made = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
        input: { partnershipId: into, owningOrganisationId, title, description: `${title}.` },
      }, token);
      const commitmentId = made.makeCommitment.commitment.id as string;
      await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2021-09-01' } }, token);
      return commitmentId;
    };
    framework = await make(partnershipId, council, 'LLR System Health Inequalities Framework');
    friendlyCity = await make(partnershipId, council, 'Mental Health Friendly City');
    ccgCommitment = await make(partnershipId, ccg, 'Equitable vaccine uptake');
    leedsCommitment = await make(leeds, leedsCouncil, 'Hardwire health inequalities', leedsSecretariat);
    const planned = await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
      input: { commitmentId: framework, owningOrganisationId: council, title: 'Adopt the health equity audit tool', dueDate: '2021-12-31' },
    });
    actionId = planned.planAction.actions[0].id;
    const scheduled = await ok(`mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { meeting { id } } }`, {
      input: { partnershipId, date: '2021-09-14', startTime: '09:30', format: 'ONLINE', link: 'https://zoom.example/j/hwb' },
    });
    meetingId = scheduled.scheduleMeeting.meeting.id;
    await ok(`mutation($input: RecordAttendanceInput!) { recordAttendance(input: $input) { position } }`, { input: { meetingId, attendance: [{ memberId, presence: 'PRESENT' }] } });
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('publishes nothing until the secretariat turns public pages on', async () => {
    const settings = await ok(`query($id: ID!) { partnership(id: $id) { publicationSettings { publicPages publishUpdatesAutomatically publishMinutesAutomatically } } }`, { id: partnershipId });
    expect(settings.partnership.publicationSettings).toEqual({ publicPages: false, publishUpdatesAutomatically: false, publishMinutesAutomatically: false });
    const before = await head();
    const refused = await codeOf(PUBLISH_COMMITMENT, { input: { commitmentId: framework } });
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect((await call(PUBLISH_COMMITMENT, { input: { commitmentId: framework } })).errors![0]!.message).toMatch(/publicPages/);
    expect(await codeOf(SETTINGS, { input: { partnershipId, publishUpdatesAutomatically: true } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'publishUpdatesAutomatically',
      rule: 'needsPublicPages',
    });
    expect(await head()).toBe(before);

    const changed = await ok(SETTINGS, { input: { partnershipId, publicPages: true } });
    expect(changed.changePublicationSettings.partnership.publicationSettings).toEqual({ publicPages: true, publishUpdatesAutomatically: false, publishMinutesAutomatically: false });
  });

  it('is the secretariat’s to change: a partner and another partnership’s secretariat are refused', async () => {
    const before = await head();
    expect(await codeOf(SETTINGS, { input: { partnershipId, publicPages: false } }, councilPartner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(SETTINGS, { input: { partnershipId, publicPages: false } }, leedsSecretariat)).toMatchObject({
      code: 'FORBIDDEN',
      required: [{ role: 'SECRETARIAT', partnershipId }],
    });
    expect(await head()).toBe(before);
  });

  it('publishes a commitment once, saying when; a retry with the same clientMutationId writes nothing', async () => {
    const unpublishedAt = await head();
    const published = await ok(PUBLISH_COMMITMENT, { input: { commitmentId: framework } });
    expect(published.publishCommitment.commitment).toEqual({ id: framework, publishedAt: '2021-09-15T10:00:00.000Z' });
    // As it stood before, for the secretariat: not yet public.
    const asOf = await ok(`query($id: ID!, $asAt: AsAtInput) { commitment(id: $id, asAt: $asAt) { publishedAt } }`, { id: framework, asAt: { position: unpublishedAt } });
    expect(asOf.commitment.publishedAt).toBeNull();
    expect(await codeOf(PUBLISH_COMMITMENT, { input: { commitmentId: framework } })).toMatchObject({ code: 'FAILED_PRECONDITION' });

    const first = await ok(PUBLISH_COMMITMENT, { input: { commitmentId: friendlyCity, clientMutationId: 'publish-friendly-city' } });
    const before = await head();
    const retry = await ok(PUBLISH_COMMITMENT, { input: { commitmentId: friendlyCity, clientMutationId: 'publish-friendly-city' } });
    expect(retry.publishCommitment).toEqual(first.publishCommitment);
    expect(retry.publishCommitment.clientMutationId).toBe('publish-friendly-city');
    expect(await head()).toBe(before);

    const unpublished = await ok(`query($id: ID!) { commitment(id: $id) { publishedAt } }`, { id: ccgCommitment });
    expect(unpublished.commitment.publishedAt).toBeNull();
  });

  it('refuses a partner publishing, and another partnership’s secretariat, naming the grant needed', async () => {
    const before = await head();
    expect(await codeOf(PUBLISH_COMMITMENT, { input: { commitmentId: ccgCommitment } }, councilPartner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(PUBLISH_COMMITMENT, { input: { commitmentId: ccgCommitment } }, leedsSecretariat)).toMatchObject({
      code: 'FORBIDDEN',
      required: [{ role: 'SECRETARIAT', partnershipId }],
    });
    const { submitActionUpdate } = await submit('Piloted on two capital projects');
    expect(await head()).not.toBe(before);
    const afterSubmit = await head();
    expect(await codeOf(PUBLISH_UPDATE, { input: { actionId, updateId: submitActionUpdate.update.id } }, councilPartner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(PUBLISH_MINUTES, { input: { meetingId } }, councilPartner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await head()).toBe(afterSubmit);
  });

  it('publishes a submitted update by hand; an unknown update is NOT_FOUND and a second publication FAILED_PRECONDITION', async () => {
    const { submitActionUpdate } = await submit('The tool is in use on every new project');
    expect(submitActionUpdate.update.publishedAt).toBeNull();
    const updateId = submitActionUpdate.update.id;
    const published = await ok(PUBLISH_UPDATE, { input: { actionId, updateId } });
    expect(published.publishActionUpdate.update).toEqual({ id: updateId, publishedAt: '2021-09-15T10:00:00.000Z' });
    expect(await codeOf(PUBLISH_UPDATE, { input: { actionId, updateId } })).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect(await codeOf(PUBLISH_UPDATE, { input: { actionId, updateId: '0190a1b2-0000-7000-8000-0000000000e9' } })).toMatchObject({ code: 'NOT_FOUND', field: 'updateId' });
  });

  it('publishes minutes through a position or all recorded, never moving back', async () => {
    await item('1', 'PUBLIC');
    await item('2', 'PRIVATE');
    const first = await ok(PUBLISH_MINUTES, { input: { meetingId, throughPosition: 1 } });
    expect(first.publishMinutes.meeting).toMatchObject({ minutesPublishedThrough: 1, minutesPublishedAt: '2021-09-15T10:00:00.000Z' });
    expect(await codeOf(PUBLISH_MINUTES, { input: { meetingId, throughPosition: 3 } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'throughPosition' });
    const all = await ok(PUBLISH_MINUTES, { input: { meetingId } });
    expect(all.publishMinutes.meeting.minutesPublishedThrough).toBe(2);
    expect(await codeOf(PUBLISH_MINUTES, { input: { meetingId, throughPosition: 1 } })).toMatchObject({ code: 'FAILED_PRECONDITION' });
  });

  it('publishes updates and PUBLIC minute items as they are recorded when the partnership says so, never a PRIVATE item', async () => {
    await ok(SETTINGS, { input: { partnershipId, publishUpdatesAutomatically: true, publishMinutesAutomatically: true } });
    const { submitActionUpdate } = await submit('Training booked for every commissioning team');
    expect(submitActionUpdate.update.publishedAt).toBe('2021-09-15T10:00:00.000Z');

    const privateItem = await item('3', 'PRIVATE');
    expect(privateItem.recordMinuteItem.meeting.minutesPublishedThrough).toBe(2);
    const publicItem = await item('4', 'PUBLIC');
    expect(publicItem.recordMinuteItem.meeting.minutesPublishedThrough).toBe(4);

    const updates = await ok(`query($id: ID!) { action(id: $id) { updates(first: 10) { nodes { whatHasHappened publishedAt } } } }`, { id: actionId });
    expect(updates.action.updates.nodes.map((node: { publishedAt: string | null }) => node.publishedAt !== null)).toEqual([false, true, true]);
  });

  it('lets the council’s partner draft the council’s return, and only the secretariat publish it', async () => {
    const input = { partnershipId, organisationId: council, year: 2021, entries: [entry(framework), entry(friendlyCity, 'Stigma training began in two services.')] };
    const drafted = await ok(DRAFT, { input }, councilPartner);
    expect(drafted.draftAnnualReturn.annualReturn).toMatchObject({
      partnershipId,
      organisationId: council,
      year: 2021,
      status: 'DRAFTED',
      entries: input.entries,
      publishedEntries: null,
      publishedAt: null,
    });
    const before = await head();
    expect(await codeOf(PUBLISH_RETURN, { input: { partnershipId, organisationId: council, year: 2021 } }, councilPartner)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await head()).toBe(before);

    const published = await ok(PUBLISH_RETURN, { input: { partnershipId, organisationId: council, year: 2021 } });
    expect(published.publishAnnualReturn.annualReturn).toMatchObject({ status: 'PUBLISHED', publishedAt: '2021-09-15T10:00:00.000Z' });
    expect(published.publishAnnualReturn.annualReturn.publishedEntries.map((e: { commitmentId: string }) => e.commitmentId)).toEqual([framework, friendlyCity]);

    // A redraft waits for the secretariat; the published version stays as it was.
    const redrafted = await ok(DRAFT, { input: { ...input, entries: [entry(framework, 'Every project now starts with the audit.')] } }, councilPartner);
    expect(redrafted.draftAnnualReturn.annualReturn).toMatchObject({ status: 'DRAFTED', entries: [entry(framework, 'Every project now starts with the audit.')] });
    expect(redrafted.draftAnnualReturn.annualReturn.publishedEntries).toHaveLength(2);

    await ok(DRAFT, { input: { ...input, year: 2020 } });
    const listed = await ok(`query($p: ID!) { annualReturns(partnershipId: $p, organisationId: null, first: 10) { totalCount nodes { year status } } }`, { p: partnershipId }, councilPartner);
    expect(listed.annualReturns).toEqual({ totalCount: 2, nodes: [{ year: 2021, status: 'DRAFTED' }, { year: 2020, status: 'DRAFTED' }] });
    const one = await ok(`query($p: ID!, $o: ID!) { annualReturn(partnershipId: $p, organisationId: $o, year: 2019) { year } }`, { p: partnershipId, o: council });
    expect(one.annualReturn).toBeNull();
  });

  it('refuses a partner drafting another organisation’s return, and commitments not the organisation’s', async () => {
    const before = await head();
    expect(await codeOf(DRAFT, { input: { partnershipId, organisationId: ccg, year: 2021, entries: [entry(ccgCommitment)] } }, councilPartner)).toMatchObject({
      code: 'FORBIDDEN',
      required: expect.arrayContaining([{ role: 'PARTNER', organisationId: ccg }]),
    });
    expect(await codeOf(DRAFT, { input: { partnershipId, organisationId: council, year: 2021, entries: [entry(ccgCommitment)] } }, councilPartner)).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'entries.0.commitmentId',
      rule: 'organisationsCommitment',
    });
    // Another partnership's commitment, even one a secretariat can name.
    expect(await codeOf(DRAFT, { input: { partnershipId, organisationId: council, year: 2021, entries: [entry(leedsCommitment)] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'samePartnership',
    });
    expect(await codeOf(DRAFT, { input: { partnershipId, organisationId: council, year: 2022, entries: [entry(framework)] } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(await codeOf(DRAFT, { input: { partnershipId, organisationId: council, year: 2021, entries: [entry(framework, 'x'.repeat(100_000))] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      rule: 'maxLength',
    });
    expect(await head()).toBe(before);
  });

  it('keeps a partnership’s returns from another partnership’s secretariat', async () => {
    expect(await codeOf(`query($p: ID!) { annualReturns(partnershipId: $p) { totalCount } }`, { p: partnershipId }, leedsSecretariat)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await codeOf(PUBLISH_RETURN, { input: { partnershipId, organisationId: council, year: 2020 } }, leedsSecretariat)).toMatchObject({ code: 'FORBIDDEN' });
  });
});
