import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess, tokenOf } from './support/api-process.js';

const secretariat = await tokenOf('secretariat-e2e');
const auditor = await tokenOf('auditor-e2e');
const trustPartner = await tokenOf('partner@trust.example', { name: 'Trust Project Officer' });
const councilPartner = await tokenOf('partner@council.example');

/**
 * The LLR System Health Inequalities Framework (draft 10.1, 2021): Action 7 on health equity
 * audit, entered as a commitment with its three dated sub-actions.
 */
describe('commitments, actions, progress updates and indicators over GraphQL', () => {
  let api: ApiProcess;
  let partnershipId: string;
  let council: string;
  let trust: string;
  let ccg: string;
  let principle7: string;
  let memberId: string;

  const call = async (query: string, variables: object, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const head = async () => (await api.graphql<any>('{ health { store { headPosition } } }', undefined, secretariat)).data.health.store.headPosition;

  const MAKE = `mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id status revision } position } }`;
  const ENDORSE = `mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { commitment { id status endorsedOn revision } position } }`;
  const PLAN = `mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id title dueDate status planId owningOrganisation { name } } position } }`;
  const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { action { id status percentComplete revision } update { id status whatHasHappened evidenceLinks submittedBy { id name } } position } }`;

  async function activeCommitment(title: string) {
    const made = await ok(MAKE, {
      input: { partnershipId, owningOrganisationId: council, title, description: `${title}.`, priorityIds: [principle7] },
    });
    const endorsed = await ok(ENDORSE, { input: { commitmentId: made.makeCommitment.commitment.id, endorsedOn: '2021-03-25' } });
    return endorsed.endorseCommitment.commitment.id as string;
  }

  beforeAll(async () => {
    api = await ApiProcess.start();
    // The administrator forms the board and registers its organisations; the secretariat runs it.
    const admin = await api.adminToken();
    const formed = await ok(`mutation { formPartnership(input: {name: "Leicester, Leicestershire and Rutland Health and Care Partnership", level: SYSTEM}) { partnership { id } } }`, {}, admin);
    partnershipId = formed.formPartnership.partnership.id;
    await api.grant('secretariat-e2e', 'SECRETARIAT', { partnershipId });
    await api.grant('auditor-e2e', 'AUDITOR', { partnershipId });
    const register = async (name: string, sector: string) => {
      const data = await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin);
      const organisationId = data.registerOrganisation.organisation.id;
      await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      return organisationId as string;
    };
    council = await register('Leicester City Council', 'LOCAL_GOVERNMENT');
    trust = await register('University Hospitals of Leicester NHS Trust', 'HEALTH');
    ccg = await register('Leicester City Clinical Commissioning Group', 'HEALTH');
    const appointed = await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
      input: { partnershipId, organisationId: council, name: 'Ivan Browne', roleTitle: 'Director Public Health' },
    });
    memberId = appointed.appointMember.member.id;
    const adopted = await ok(`mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { priority { id code } } }`, {
      input: { partnershipId, code: 'P7', title: 'Use qualitative and quantitative data and evidence' },
    });
    principle7 = adopted.adoptPriority.priority.id;
    await api.grant('partner@trust.example', 'PARTNER', { organisationId: trust });
    await api.grant('partner@council.example', 'PARTNER', { organisationId: council });
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('enters LLR Action 7 with its three dated sub-actions, 7a planned for every member organisation', async () => {
    const made = await ok(MAKE, {
      input: {
        partnershipId,
        owningOrganisationId: ccg,
        contributingOrganisationIds: [council, trust],
        title: 'Health equity audit at the planning stage of every project',
        description: 'A standard health equity audit tool, mandatory training, and a health equity dashboard per Place.',
        priorityIds: [principle7],
        sourceReference: 'LLR framework v10.1, Action 7',
      },
    });
    expect(made.makeCommitment.commitment).toMatchObject({ status: 'PROPOSED', revision: '0' });
    const commitmentId = made.makeCommitment.commitment.id;

    const endorsed = await ok(ENDORSE, { input: { commitmentId, endorsedOn: '2021-03-25', expectedRevision: '0' } });
    expect(endorsed.endorseCommitment.commitment).toMatchObject({ status: 'ACTIVE', endorsedOn: '2021-03-25', revision: '1' });

    const sevenA = await ok(PLAN, {
      input: { commitmentId, everyMemberOrganisation: true, title: '7a Standard HEA tool adopted at project planning', dueDate: '2021-10-30', leadMemberId: memberId },
    });
    const planned = sevenA.planAction.actions;
    expect(planned.map((action: any) => action.owningOrganisation.name).sort()).toEqual([
      'Leicester City Clinical Commissioning Group',
      'Leicester City Council',
      'University Hospitals of Leicester NHS Trust',
    ]);
    expect(new Set(planned.map((action: any) => action.planId)).size).toBe(1);
    expect(planned.every((action: any) => action.status === 'NOT_STARTED' && action.dueDate === '2021-10-30')).toBe(true);

    await ok(PLAN, { input: { commitmentId, owningOrganisationId: ccg, title: '7b Mandatory HEA training confirmed to System Executive', dueDate: '2021-10-30' } });
    await ok(PLAN, { input: { commitmentId, owningOrganisationId: council, title: '7c Health equity dashboard with agreed metrics and benchmarked baseline', dueDate: '2021-10-30' } });

    // Board view: who has and who has not adopted the tool.
    const councils7a = planned.find((action: any) => action.owningOrganisation.name === 'Leicester City Council');
    await ok(UPDATE, {
      input: { actionId: councils7a.id, status: 'COMPLETED', percentComplete: 100, whatHasHappened: 'HEA tool adopted by the Corporate Management Team.', evidenceLinks: ['https://www.leicester.gov.uk/hea-tool'] },
    }, councilPartner);

    const view = await ok(
      `query($id: ID!) { commitment(id: $id) { title status sourceReference owningOrganisation { name } contributingOrganisations { nodes { name } } priorities { nodes { code } }
          actions { nodes { title dueDate status overdue owningOrganisation { name } leadMember { roleTitle } latestUpdate { status whatHasHappened } } } } }`,
      { id: commitmentId },
      auditor,
    );
    const commitment = view.commitment;
    expect(commitment).toMatchObject({
      status: 'ACTIVE',
      sourceReference: 'LLR framework v10.1, Action 7',
      owningOrganisation: { name: 'Leicester City Clinical Commissioning Group' },
      contributingOrganisations: { nodes: [{ name: 'Leicester City Council' }, { name: 'University Hospitals of Leicester NHS Trust' }] },
      priorities: { nodes: [{ code: 'P7' }] },
    });
    expect(commitment.actions.nodes).toHaveLength(5);
    const sevenAs = commitment.actions.nodes.filter((action: any) => action.title.startsWith('7a'));
    expect(sevenAs.map((action: any) => [action.owningOrganisation.name, action.status, action.overdue, action.latestUpdate?.status ?? null]).sort()).toEqual([
      ['Leicester City Clinical Commissioning Group', 'NOT_STARTED', true, null],
      ['Leicester City Council', 'COMPLETED', false, 'COMPLETED'],
      ['University Hospitals of Leicester NHS Trust', 'NOT_STARTED', true, null],
    ]);
    expect(sevenAs.every((action: any) => action.leadMember.roleTitle === 'Director Public Health')).toBe(true);

    const listed = await ok(`query($p: ID!) { commitments(partnershipId: $p, status: ACTIVE) { edges { node { id } } } }`, { p: partnershipId });
    expect(listed.commitments.edges.map((edge: any) => edge.node.id)).toContain(commitmentId);
    const proposed = await ok(`query($p: ID!) { commitments(partnershipId: $p, status: PROPOSED) { edges { node { id } } } }`, { p: partnershipId });
    expect(proposed.commitments.edges.map((edge: any) => edge.node.id)).not.toContain(commitmentId);
  });

  it('lets partners update their own actions, keeping every update in order, and refuses them on others’', async () => {
    const commitmentId = await activeCommitment('HI training mandatory for all executive decision makers');
    const { planAction } = await ok(PLAN, { input: { commitmentId, everyMemberOrganisation: true, title: '4a HI training for executives', dueDate: '2030-11-30' } });
    const trustsAction = planAction.actions.find((action: any) => action.owningOrganisation.name.includes('NHS Trust')).id;
    const councilsAction = planAction.actions.find((action: any) => action.owningOrganisation.name === 'Leicester City Council').id;

    const first = await ok(UPDATE, { input: { actionId: trustsAction, status: 'ON_TRACK', percentComplete: 40, whatHasHappened: 'Board development session held.', whatMoreIsToBeDone: 'Non-executives next.' } }, trustPartner);
    const { me } = await ok('{ me { person { id } } }', {}, trustPartner);
    expect(first.submitActionUpdate.update).toMatchObject({ status: 'ON_TRACK', submittedBy: { id: me.person.id, name: 'Trust Project Officer' } });
    await ok(UPDATE, { input: { actionId: trustsAction, status: 'AT_RISK', whatHasHappened: 'Trainer unavailable in Q3.' } }, trustPartner);

    const before = await head();
    const refused = await call(UPDATE, { input: { actionId: councilsAction, status: 'COMPLETED', whatHasHappened: 'Not ours to say.' } }, trustPartner);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await head()).toBe(before);
    const plan = await call(PLAN, { input: { commitmentId, owningOrganisationId: trust, title: 'x', dueDate: '2030-01-01' } }, trustPartner);
    expect(plan.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const audited = await call(UPDATE, { input: { actionId: trustsAction, status: 'ON_TRACK', whatHasHappened: 'x' } }, auditor);
    expect(audited.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await head()).toBe(before);

    const history = await ok(`query($id: ID!) { action(id: $id) { status percentComplete updates { nodes { status percentComplete whatHasHappened whatMoreIsToBeDone } } } }`, { id: trustsAction });
    expect(history.action).toEqual({
      status: 'AT_RISK',
      percentComplete: 40,
      updates: {
        nodes: [
          { status: 'ON_TRACK', percentComplete: 40, whatHasHappened: 'Board development session held.', whatMoreIsToBeDone: 'Non-executives next.' },
          { status: 'AT_RISK', percentComplete: null, whatHasHappened: 'Trainer unavailable in Q3.', whatMoreIsToBeDone: null },
        ],
      },
    });
  });

  it('records indicator readings and a correction, showing progress 0.4 after a reading of 50', async () => {
    const commitmentId = await activeCommitment('Standard HEA tool used across the system');
    const defined = await ok(
      `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id name unit direction baseline { value date } target { value date } progress } } }`,
      { input: { commitmentId, name: 'Projects with a completed health equity audit', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-04-01' }, target: { value: 80, date: '2022-03-31' }, owningOrganisationId: trust } },
    );
    const indicator = defined.defineIndicator.indicator;
    expect(indicator).toMatchObject({ unit: 'percent', baseline: { value: 30 }, target: { value: 80 }, progress: null });

    const RECORD = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { indicator { progress revision } reading { id value current } } }`;
    const q1 = await ok(RECORD, { input: { indicatorId: indicator.id, value: 40, periodDate: '2021-06-30', source: 'Trust project register' } }, trustPartner);
    expect(q1.recordIndicatorReading.indicator.progress).toBeCloseTo(0.2);
    const q2 = await ok(RECORD, { input: { indicatorId: indicator.id, value: 45, periodDate: '2021-09-30', source: 'Trust project register' } }, trustPartner);

    const corrected = await ok(
      `mutation($input: CorrectIndicatorReadingInput!) { correctIndicatorReading(input: $input) { indicator { progress } reading { value periodDate source correctsReadingId correctionReason current } } }`,
      { input: { indicatorId: indicator.id, readingId: q2.recordIndicatorReading.reading.id, value: 50, reason: 'Two audits were logged late.' } },
      trustPartner,
    );
    expect(corrected.correctIndicatorReading.reading).toEqual({
      value: 50,
      periodDate: '2021-09-30',
      source: 'Trust project register',
      correctsReadingId: q2.recordIndicatorReading.reading.id,
      correctionReason: 'Two audits were logged late.',
      current: true,
    });
    expect(corrected.correctIndicatorReading.indicator.progress).toBeCloseTo(0.4);

    const refused = await call(RECORD, { input: { indicatorId: indicator.id, value: 99, periodDate: '2021-12-31', source: 'x' } }, councilPartner);
    expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');

    const view = await ok(`query($id: ID!) { commitment(id: $id) { indicators { nodes { progress latestReading { value } readings { nodes { value current supersededByReadingId } } } } } }`, { id: commitmentId });
    expect(view.commitment.indicators.nodes[0].progress).toBeCloseTo(0.4);
    expect(view.commitment.indicators.nodes[0].readings.nodes.map((reading: any) => [reading.value, reading.current])).toEqual([
      [40, true],
      [45, false],
      [50, true],
    ]);
    expect(view.commitment.indicators.nodes[0].latestReading).toEqual({ value: 50 });
  });

  it('keeps a commitment’s lifecycle: amendments with reasons, closing, and no new actions once closed', async () => {
    const commitmentId = await activeCommitment('Anchor-institution plan');
    const amended = await ok(
      `mutation($input: AmendCommitmentInput!) { amendCommitment(input: $input) { commitment { title targetDate revision } } }`,
      { input: { commitmentId, title: 'Anchor-institution plan: work, buildings, purchasing', targetDate: '2031-07-01', reason: 'Scope agreed at System Executive.' } },
    );
    expect(amended.amendCommitment.commitment).toMatchObject({ title: 'Anchor-institution plan: work, buildings, purchasing', targetDate: '2031-07-01', revision: '2' });

    const stale = await call(`mutation($input: CloseCommitmentInput!) { closeCommitment(input: $input) { position } }`, {
      input: { commitmentId, outcome: 'ACHIEVED', reason: 'Plan published.', expectedRevision: '1' },
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentRevision: '2' });

    const closed = await ok(`mutation($input: CloseCommitmentInput!) { closeCommitment(input: $input) { commitment { status closingReason } } }`, {
      input: { commitmentId, outcome: 'ACHIEVED', reason: 'Plan published.', expectedRevision: '2' },
    });
    expect(closed.closeCommitment.commitment).toEqual({ status: 'ACHIEVED', closingReason: 'Plan published.' });

    const before = await head();
    const late = await call(PLAN, { input: { commitmentId, owningOrganisationId: council, title: 'Too late', dueDate: '2031-01-01' } });
    expect(late.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    expect(await head()).toBe(before);
  });

  it('reopens a completed action only with a reason, then takes updates again', async () => {
    const commitmentId = await activeCommitment('Ethnicity coding action plan');
    const { planAction } = await ok(PLAN, { input: { commitmentId, owningOrganisationId: trust, title: '6a Action plan to code ethnicity', dueDate: '2030-07-30' } });
    const actionId = planAction.actions[0].id;
    await ok(UPDATE, { input: { actionId, status: 'COMPLETED', whatHasHappened: 'Plan agreed.' } }, trustPartner);
    const closed = await call(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'More work.' } }, trustPartner);
    expect(closed.errors?.[0]?.extensions.code).toBe('FAILED_PRECONDITION');
    await ok(`mutation($input: ReopenActionInput!) { reopenAction(input: $input) { action { status } } }`, { input: { actionId, reason: 'Accessibility needs were missed.' } });
    const again = await ok(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'Accessibility coding added to the plan.' } }, trustPartner);
    expect(again.submitActionUpdate.action.status).toBe('ON_TRACK');
  });

  it('loses no update when many partners race on one action', async () => {
    const commitmentId = await activeCommitment('Equitable vaccine uptake');
    const { planAction } = await ok(PLAN, { input: { commitmentId, owningOrganisationId: trust, title: '5 Equitable vaccine uptake', dueDate: '2030-12-31' } });
    const actionId = planAction.actions[0].id;
    const count = 40;
    const responses = await Promise.all(
      Array.from({ length: count }, (_, i) => call(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: `Outreach session ${i}` } }, trustPartner)),
    );
    expect(responses.filter((response) => response.errors)).toEqual([]);
    const { action } = await ok(`query($id: ID!) { action(id: $id) { revision updates { nodes { whatHasHappened } } } }`, { id: actionId });
    expect(action.updates.nodes).toHaveLength(count);
    expect(new Set(action.updates.nodes.map((update: any) => update.whatHasHappened)).size).toBe(count);
    expect(action.revision).toBe(String(count));

    const stale = await call(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: 'Stale', expectedRevision: '3' } }, trustPartner);
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', currentRevision: String(count) });
  });

  describe('refuses every invalid input with the field and the rule, writing nothing', () => {
    const cases: [string, string, () => object, string, string][] = [
      ['a commitment owned by a non-member', MAKE, () => ({ input: { partnershipId, owningOrganisationId: '0190a1b2-0000-7000-8000-0000000000ff', title: 'T', description: 'D' } }), 'owningOrganisationId', 'partnershipMember'],
      ['a blank commitment title', MAKE, () => ({ input: { partnershipId, owningOrganisationId: council, title: '  ', description: 'D' } }), 'title', 'notEmpty'],
      ['a target date that is not a calendar date', MAKE, () => ({ input: { partnershipId, owningOrganisationId: council, title: 'T', description: 'D', targetDate: '2031-02-30' } }), 'targetDate', 'isDate'],
      ['a target date before the commitment', MAKE, () => ({ input: { partnershipId, owningOrganisationId: council, title: 'T', description: 'D', targetDate: '2021-09-30' } }), 'targetDate', 'notBeforeCreation'],
      ['a priority the partnership has not adopted', MAKE, () => ({ input: { partnershipId, owningOrganisationId: council, title: 'T', description: 'D', priorityIds: ['0190a1b2-0000-7000-8000-0000000000ee'] } }), 'priorityIds', 'activePriority'],
      ['a contributing organisation id that is not a UUID', MAKE, () => ({ input: { partnershipId, owningOrganisationId: council, title: 'T', description: 'D', contributingOrganisationIds: ['council'] } }), 'contributingOrganisationIds', 'isUuid'],
    ];
    it.each(cases)('refuses %s', async (_case, mutation, variables, field, rule) => {
      const before = await head();
      const response = await call(mutation, variables());
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field, rule });
      expect(await head()).toBe(before);
    });

    it('refuses bad action plans, updates and readings', async () => {
      const commitmentId = await activeCommitment('Proportionate-universalism investment');
      const { planAction } = await ok(PLAN, { input: { commitmentId, owningOrganisationId: trust, title: 'Financial framework', dueDate: '2030-01-31' } });
      const actionId = planAction.actions[0].id;
      const indicator = await ok(
        `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`,
        { input: { commitmentId, name: 'Spend by need', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 10, date: '2021-04-01' }, target: { value: 20, date: '2023-04-01' }, owningOrganisationId: trust } },
      );
      const indicatorId = indicator.defineIndicator.indicator.id;
      const DEFINE = `mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { position } }`;
      const RECORD = `mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { position } }`;
      const RESCHEDULE = `mutation($input: RescheduleActionInput!) { rescheduleAction(input: $input) { position } }`;
      const refusals: [string, object, string, string][] = [
        [PLAN, { commitmentId, title: 'No owner', dueDate: '2030-01-01' }, 'owningOrganisationId', 'exactlyOne'],
        [PLAN, { commitmentId, owningOrganisationId: trust, title: 'Bad date', dueDate: '30.10.21' }, 'dueDate', 'isDate'],
        [PLAN, { commitmentId, owningOrganisationId: trust, title: 'Lead', dueDate: '2030-01-01', leadMemberId: '0190a1b2-0000-7000-8000-0000000000dd' }, 'leadMemberId', 'boardMember'],
        [UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: '   ' }, 'whatHasHappened', 'notEmpty'],
        [UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: 'x'.repeat(4001) }, 'whatHasHappened', 'maxLength'],
        [UPDATE, { actionId, status: 'ON_TRACK', percentComplete: 101, whatHasHappened: 'Done' }, 'percentComplete', 'range'],
        [UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: 'Evidence', evidenceLinks: ['javascript:alert(1)'] }, 'evidenceLinks', 'httpUrl'],
        [RESCHEDULE, { actionId, dueDate: '2030-01-31', reason: 'Same date' }, 'dueDate', 'changed'],
        [RESCHEDULE, { actionId, dueDate: '2030-03-31', reason: '' }, 'reason', 'notEmpty'],
        [DEFINE, { commitmentId, name: 'Wrong way', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-04-01' }, target: { value: 20, date: '2022-04-01' }, owningOrganisationId: trust }, 'target.value', 'direction'],
        [DEFINE, { commitmentId, name: 'Backwards', unit: 'percent', direction: 'HIGHER_IS_BETTER', baseline: { value: 30, date: '2021-04-01' }, target: { value: 80, date: '2020-04-01' }, owningOrganisationId: trust }, 'target.date', 'afterBaseline'],
        [RECORD, { indicatorId, value: 12, periodDate: '2021-13-01', source: 'Ledger' }, 'periodDate', 'isDate'],
        [RECORD, { indicatorId, value: 12, periodDate: '2021-12-01', source: ' ' }, 'source', 'notEmpty'],
        [UPDATE, { actionId, status: 'ON_TRACK', whatHasHappened: 'Stale', expectedRevision: 'latest' }, 'expectedRevision', 'isRevision'],
      ];
      for (const [mutation, input, field, rule] of refusals) {
        const before = await head();
        const response = await call(mutation, { input });
        expect({ field, response: response.errors?.[0]?.extensions }).toEqual({ field, response: expect.objectContaining({ code: 'BAD_USER_INPUT', field, rule }) });
        expect(await head()).toBe(before);
      }
    });
  });

  it('lists a partnership’s current priorities and retires one', async () => {
    const adopted = await ok(`mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { priority { id } } }`, {
      input: { partnershipId, code: 'P4', title: 'Parity of esteem between mental and physical health' },
    });
    const duplicate = await call(`mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { position } }`, {
      input: { partnershipId, code: 'p4', title: 'Again' },
    });
    expect(duplicate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code', rule: 'unique' });
    await ok(`mutation($input: RetirePriorityInput!) { retirePriority(input: $input) { priority { retiredAt } } }`, {
      input: { partnershipId, priorityId: adopted.adoptPriority.priority.id, reason: 'Merged into P3' },
    });
    const { priorities } = await ok(`query($p: ID!) { priorities(partnershipId: $p) { nodes { code } } }`, { p: partnershipId });
    expect(priorities.nodes.map((priority: any) => priority.code)).toEqual(['P7']);
    const all = await ok(`query($p: ID!) { priorities(partnershipId: $p, includeRetired: true) { nodes { code retiredReason } } }`, { p: partnershipId });
    expect(all.priorities.nodes).toEqual([{ code: 'P7', retiredReason: null }, { code: 'P4', retiredReason: 'Merged into P3' }]);
  });
});
