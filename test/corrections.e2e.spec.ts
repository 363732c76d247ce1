import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('secretariat-e2e');

const REGISTER = `mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id name } position } }`;
const RENAME = `mutation($input: RenameOrganisationInput!) { renameOrganisation(input: $input) { organisation { id name } position } }`;
const MERGE = `mutation($input: MergeOrganisationsInput!) { mergeOrganisations(input: $input) { organisation { id name mergedInto { id } } position clientMutationId } }`;
const JOIN = `mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`;
const APPOINT = `mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`;
const LEAVE = `mutation($input: LeavePartnershipInput!) { leavePartnership(input: $input) { partnership { id organisations { totalCount nodes { id } } members { totalCount } } } }`;
const VACATE = `mutation($input: VacateMemberInput!) { vacateMember(input: $input) { member { id vacatedAt } } }`;
const DISSOLVE = `mutation($input: DissolvePartnershipInput!) { dissolvePartnership(input: $input) { partnership { id dissolvedOn } } }`;
const MAKE = `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`;
const ENDORSE = `mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`;
const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`;
const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`;
const ACTION = `query($id: ID!) { action(id: $id) { id status owningOrganisation { id } } }`;

/** The corrections a secretariat needs: names, merges of duplicates, leaving, vacating and dissolving. */
describe('corrections over GraphQL', () => {
  let api: ApiProcess;
  let admin: string;

  const call = (query: string, variables: object, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await call('{ health { store { headPosition } } }', {}, admin)).data.health.store.headPosition;
  const register = async (name: string, extra: object = {}) => (await ok(REGISTER, { input: { name, sector: 'HEALTH', ...extra } }, admin)).registerOrganisation.organisation.id as string;

  /** A board run by the secretariat, with the given organisations joined. */
  async function board(name: string, organisationIds: string[]): Promise<string> {
    const formed = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name, level: 'PLACE' } }, admin);
    const partnershipId = formed.formPartnership.partnership.id as string;
    await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId });
    for (const organisationId of organisationIds) await ok(JOIN, { input: { partnershipId, organisationId } });
    return partnershipId;
  }

  /** An endorsed commitment with one action owned by `owner`. */
  async function actionOf(partnershipId: string, owner: string, title: string): Promise<{ commitmentId: string; actionId: string }> {
    const made = await ok(MAKE, { input: { partnershipId, owningOrganisationId: owner, title, description: `${title}.` } });
    const commitmentId = made.makeCommitment.commitment.id;
    await ok(ENDORSE, { input: { commitmentId, endorsedOn: '2026-01-15' } });
    const planned = await ok(PLAN, { input: { commitmentId, owningOrganisationId: owner, title: `${title}: first step`, dueDate: '2030-10-30' } });
    return { commitmentId, actionId: planned.planAction.actions[0].id };
  }

  beforeAll(async () => {
    api = await ApiProcess.start({ env: { LEDGER_CLOCK_NOW: '2026-06-01T12:00:00.000Z' } });
    admin = await api.adminToken();
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('refuses a name that matches a registered one, naming it, unless the duplicate is meant', async () => {
    const trust = await register('University Hospitals of Leicester NHS Trust');
    const before = await head();
    const again = await call(REGISTER, { input: { name: 'university hospitals  of leicester, NHS trust.', sector: 'HEALTH' } }, admin);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'duplicateName' });
    expect(again.errors?.[0]?.message).toContain(trust);
    expect(await head()).toBe(before);
    const meant = await register('University Hospitals of Leicester NHS Trust', { allowDuplicateName: true });
    expect(meant).not.toBe(trust);
  });

  it('renames an organisation, refusing a name another already has', async () => {
    const council = await register('Leicester City Councl');
    const renamed = await ok(RENAME, { input: { organisationId: council, name: 'Leicester City Council', reason: 'Typo at registration' } }, admin);
    expect(renamed.renameOrganisation.organisation).toEqual({ id: council, name: 'Leicester City Council' });
    const other = await register('Leicestershire County Council');
    const clash = await call(RENAME, { input: { organisationId: other, name: 'LEICESTER CITY COUNCIL', reason: 'x' } }, admin);
    expect(clash.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name', rule: 'duplicateName' });
    // Organisations are the platform's: a partnership's secretariat may not rename one.
    const bySecretariat = await call(RENAME, { input: { organisationId: council, name: 'Leicester Council', reason: 'x' } });
    expect(bySecretariat.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('lets an organisation leave once it owns no open action, vacating its seats with it', async () => {
    const police = await register('Leicestershire Police');
    const vcs = await register('Voluntary Action Leicester');
    const partnershipId = await board('Leicester Community Safety Partnership', [police, vcs]);
    await ok(APPOINT, { input: { partnershipId, organisationId: police, name: 'Chief Inspector', roleTitle: 'Police lead' } });
    const { actionId } = await actionOf(partnershipId, police, 'Hate crime reporting');

    const refused = await call(LEAVE, { input: { partnershipId, organisationId: police, reason: 'Restructure' } });
    expect(refused.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    expect(refused.errors?.[0]?.message).toContain('1 open action');

    await ok(UPDATE, { input: { actionId, status: 'COMPLETED', whatHasHappened: 'Done' } });
    const left = await ok(LEAVE, { input: { partnershipId, organisationId: police, reason: 'Restructure' } });
    expect(left.leavePartnership.partnership).toEqual({ id: partnershipId, organisations: { totalCount: 1, nodes: [{ id: vcs }] }, members: { totalCount: 0 } });
    // History keeps the completed action with its owner.
    expect((await ok(ACTION, { id: actionId })).action).toMatchObject({ status: 'COMPLETED', owningOrganisation: { id: police } });
  });

  it('vacates a seat: off the board, kept in history', async () => {
    const health = await register('Leicester Public Health');
    const partnershipId = await board('Leicester Health Inequalities Board', [health]);
    const seat = (await ok(APPOINT, { input: { partnershipId, organisationId: health, name: 'Ivan Browne', roleTitle: 'Director Public Health' } })).appointMember.member.id;
    const vacated = await ok(VACATE, { input: { partnershipId, memberId: seat, reason: 'Retired' } });
    expect(vacated.vacateMember.member.id).toBe(seat);
    expect(vacated.vacateMember.member.vacatedAt).not.toBeNull();
    const boardNow = await ok(`query($id: ID!) { partnership(id: $id) { members { totalCount } } }`, { id: partnershipId });
    expect(boardNow.partnership.members.totalCount).toBe(0);
    const again = await call(VACATE, { input: { partnershipId, memberId: seat, reason: 'Twice' } });
    expect(again.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('dissolves a partnership: everything under it is read-only from then on (hostile: commands after dissolution)', async () => {
    const council = await register('Rutland County Council');
    const partnershipId = await board('Rutland Health and Wellbeing Board', [council]);
    const { commitmentId, actionId } = await actionOf(partnershipId, council, 'Rural access to services');
    const future = await call(DISSOLVE, { input: { partnershipId, reason: 'Merged into LLR', dissolvedOn: '2026-06-02' } });
    expect(future.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'dissolvedOn', rule: 'notInFuture' });
    const dissolved = await ok(DISSOLVE, { input: { partnershipId, reason: 'Merged into LLR', dissolvedOn: '2026-05-31' } });
    expect(dissolved.dissolvePartnership.partnership).toEqual({ id: partnershipId, dissolvedOn: '2026-05-31' });

    const before = await head();
    const attempts: [string, string, object][] = [
      ['partnership', JOIN, { partnershipId, organisationId: await register('Rutland Memorial Hospital') }],
      ['commitment', MAKE, { partnershipId, owningOrganisationId: council, title: 'Late', description: 'x' }],
      ['commitment', `mutation($input: AmendCommitmentInput!) { amendCommitment(input: $input) { position } }`, { commitmentId, title: 'Later', reason: 'x' }],
      ['action', UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: 'Still going' }],
      ['action', `mutation($input: RescheduleActionInput!) { rescheduleAction(input: $input) { position } }`, { actionId, dueDate: '2031-01-01', reason: 'x' }],
      ['partnership', DISSOLVE, { partnershipId, reason: 'Twice' }],
    ];
    for (const [what, mutation, input] of attempts) {
      const response = await call(mutation, { input });
      expect({ what, code: response.errors?.[0]?.extensions.code, message: response.errors?.[0]?.message }).toEqual({
        what,
        code: 'FAILED_PRECONDITION',
        message: 'The partnership was dissolved on 2026-05-31; it is read-only',
      });
    }
    // Only the organisation registered above was written (organisations are global, not the board's).
    expect(BigInt(await head())).toBe(BigInt(before) + 1n);
    // Reading goes on.
    expect((await ok(ACTION, { id: actionId })).action.status).toBe('NOT_STARTED');
  });

  it('merges a duplicate: the survivor takes over memberships and open actions; closed history resolves through mergedInto', async () => {
    const survivor = await register('Northamptonshire Healthcare NHS Foundation Trust');
    const duplicate = await register('Northamptonshire Healthcare NHS Foundation Trust (NHFT)');
    const north = await board('North Northamptonshire Health and Wellbeing Board', [duplicate]);
    const west = await board('West Northamptonshire Health and Wellbeing Board', [survivor, duplicate]);
    const open = await actionOf(north, duplicate, 'Community mental health lot');
    const closed = await actionOf(west, duplicate, 'Phase 1 mobilisation');
    await ok(UPDATE, { input: { actionId: closed.actionId, status: 'COMPLETED', whatHasHappened: 'Mobilised' } });

    // Hostile: an organisation merged into itself.
    const self = await call(MERGE, { input: { survivorId: survivor, duplicateId: survivor, reason: 'x' } }, admin);
    expect(self.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'survivorId', rule: 'notSelf' });
    // A secretariat may not merge: organisations are shared by every partnership.
    expect((await call(MERGE, { input: { survivorId: survivor, duplicateId: duplicate, reason: 'x' } })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const input = { survivorId: survivor, duplicateId: duplicate, reason: 'Registered twice', clientMutationId: 'merge-nhft-1' };
    const merged = await ok(MERGE, { input }, admin);
    expect(merged.mergeOrganisations.organisation).toEqual({ id: survivor, name: 'Northamptonshire Healthcare NHS Foundation Trust', mergedInto: null });

    // A retry with the same clientMutationId answers as the first and writes nothing.
    const before = await head();
    const retry = await ok(MERGE, { input }, admin);
    expect(retry.mergeOrganisations).toEqual(merged.mergeOrganisations);
    expect(await head()).toBe(before);
    // Hostile: a second merge of the duplicate, already merged.
    const second = await call(MERGE, { input: { ...input, clientMutationId: 'merge-nhft-2' } }, admin);
    expect(second.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    expect(second.errors?.[0]?.message).toContain(`merged into ${survivor}`);
    expect(await head()).toBe(before);

    const duplicateNow = await ok(`query($id: ID!) { organisation(id: $id) { id mergedInto { id name } } }`, { id: duplicate }, admin);
    expect(duplicateNow.organisation.mergedInto).toEqual({ id: survivor, name: 'Northamptonshire Healthcare NHS Foundation Trust' });
    const survivorNow = await ok(`query($id: ID!) { organisation(id: $id) { partnerships { nodes { id } } } }`, { id: survivor }, admin);
    expect(survivorNow.organisation.partnerships.nodes.map((node: { id: string }) => node.id).sort()).toEqual([north, west].sort());
    // The open action moved, with the reason; the completed one keeps its owner, who shows as merged.
    expect((await ok(ACTION, { id: open.actionId })).action.owningOrganisation.id).toBe(survivor);
    expect((await ok(ACTION, { id: closed.actionId })).action.owningOrganisation.id).toBe(duplicate);
    // A merged organisation takes no more changes, nor joins anything.
    expect((await call(RENAME, { input: { organisationId: duplicate, name: 'NHFT', reason: 'x' } }, admin)).errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    const joinMerged = await call(JOIN, { input: { partnershipId: north, organisationId: duplicate } });
    expect(joinMerged.errors?.[0]?.extensions.code).not.toBeUndefined();
  });
});
