import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ACTIONS,
  actionInstances,
  ANNUAL_RETURNS,
  COMMITMENTS,
  historyOf,
  INDICATORS,
  isUpdatePublished,
  MEETINGS,
  ORGANISATIONS,
  PAIRINGS,
  PARTNERSHIPS,
  partnershipOfInstance,
  PRIORITIES,
  PUBLIC_PARTNERSHIPS,
  raisedActionInstances,
  readingsOf,
  SEATS,
  SYSTEM_EXECUTIVE,
  type DemoActionInstance,
} from '../apps/cli/src/demo/demo-data.js';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET } from './support/api-process.js';
import { figuresOf as figuresAsOf, SUMMARY_FIELDS } from './support/demo-figures.js';

/** Every figure below is computed from the demo's own inputs, never copied from a run. */
const nameOf = (key: string) => ORGANISATIONS.find((organisation) => organisation.key === key)!.name;
const partnershipNamed = (key: string) => PARTNERSHIPS.find((partnership) => partnership.key === key)!.name;

/** The views' "today" in these tests: the Monday after the framework's 30 October 2021 deadline. */
const TODAY = '2021-11-01';

describe('npm run cli -- demo', () => {
  const dataDir = newDataDir();
  const env = { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET };
  let first: Awaited<ReturnType<typeof runCli>>;
  let api: ApiProcess;
  let token: string;
  const partnershipIds = new Map<string, string>();

  const query = async <T = Record<string, any>>(text: string, variables?: object) => {
    const response = await api.graphql<T>(text, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };

  /** A partnership's commitments by title. */
  const commitmentsOf = async (key: string) => {
    const data = await query<{ commitments: { totalCount: number; nodes: { id: string; title: string; status: string }[] } }>(
      'query($id: ID!) { commitments(partnershipId: $id, first: 100) { totalCount nodes { id title status } } }',
      { id: partnershipIds.get(key) },
    );
    return data.commitments;
  };

  beforeAll(async () => {
    first = await runCli(['demo'], env);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` } });
    token = await api.adminToken();
    const { partnerships } = await query<{ partnerships: { nodes: { id: string; name: string }[] } }>('{ partnerships(first: 100) { nodes { id name } } }');
    for (const partnership of PARTNERSHIPS) partnershipIds.set(partnership.key, partnerships.nodes.find((node) => node.name === partnership.name)!.id);
  });

  afterAll(async () => {
    await api?.stop();
  });

  it('loads in one run, saying what it did section by section', () => {
    expect(first.stderr).toMatch(/^organisations: \d+ commands, \d+ wrote events$/m);
    expect(first.stderr).toMatch(/^allyship pairings: \d+ commands, \d+ wrote events$/m);
    expect(first.stdout).toContain('Loaded the demo');
    expect(first.code).toBe(0);
  });

  it('forms the LLR system with its three places beneath it, Leeds and Northamptonshire, each with its members', async () => {
    for (const partnership of PARTNERSHIPS) {
      const { partnership: loaded } = await query(
        'query($id: ID!) { partnership(id: $id) { name level parent { name } organisations(first: 100) { totalCount nodes { name } } members(first: 100) { totalCount } } }',
        { id: partnershipIds.get(partnership.key) },
      );
      expect(loaded).toMatchObject({
        name: partnership.name,
        level: partnership.level,
        parent: partnership.parent ? { name: partnershipNamed(partnership.parent) } : null,
        organisations: { totalCount: partnership.members.length },
        members: { totalCount: SEATS.filter((seat) => seat.partnership === partnership.key).length },
      });
      expect(loaded.organisations.nodes.map((node: { name: string }) => node.name).sort()).toEqual(partnership.members.map(nameOf).sort());
    }
  });

  it('adopts the twelve LLR principles as the system’s priorities and makes every commitment', async () => {
    const { priorities } = await query('query($id: ID!) { priorities(partnershipId: $id, first: 100) { totalCount nodes { code } } }', { id: partnershipIds.get('llr') });
    expect(priorities.totalCount).toBe(PRIORITIES.length);
    expect(priorities.totalCount).toBe(12);
    for (const partnership of PARTNERSHIPS) {
      const commitments = await commitmentsOf(partnership.key);
      expect(commitments.nodes.map((node) => node.title).sort()).toEqual(COMMITMENTS.filter((c) => c.partnership === partnership.key).map((c) => c.title).sort());
    }
  });

  it('plans Action 7a once per member organisation of the system, due 2021-10-30, each with its seeded updates', async () => {
    const action7 = (await commitmentsOf('llr')).nodes.find((node) => node.title.startsWith('Action 7:'))!;
    const { commitment } = await query(
      'query($id: ID!) { commitment(id: $id) { actions(first: 40) { totalCount nodes { title dueDate plannedOn owningOrganisation { name } updates(first: 3) { totalCount } latestUpdate { status reportedOn } } } } }',
      { id: action7.id },
    );
    const instances = actionInstances().filter((instance) => instance.action.commitment === 'llr-action-7');
    expect(commitment.actions.totalCount).toBe(instances.length);
    const a7 = instances.filter((instance) => instance.action.key === '7a');
    const loaded7a = commitment.actions.nodes.filter((node: { title: string }) => node.title === a7[0]!.action.title);
    expect(loaded7a.map((node: { owningOrganisation: { name: string } }) => node.owningOrganisation.name).sort()).toEqual(
      PARTNERSHIPS.find((p) => p.key === 'llr')!.members.map(nameOf).sort(),
    );
    for (const instance of a7) {
      const node = loaded7a.find((n: { owningOrganisation: { name: string } }) => n.owningOrganisation.name === nameOf(instance.owner));
      const { updates } = historyOf(instance);
      expect(node).toMatchObject({ dueDate: '2021-10-30', plannedOn: '2021-03-25', updates: { totalCount: updates.length } });
      expect(node.latestUpdate).toEqual(updates.length ? { status: updates.at(-1)!.status, reportedOn: updates.at(-1)!.reportedOn } : null);
    }
  });

  it('records the Leicester board’s meetings, minutes confirmed at the next one, and the action log of 19 November 2020', async () => {
    const { meetings } = await query(
      'query($id: ID!) { meetings(partnershipId: $id, first: 100) { totalCount nodes { date status items { number resolution { kind } } } } }',
      { id: partnershipIds.get('leicester') },
    );
    const expected = MEETINGS.filter((meeting) => meeting.partnership === 'leicester');
    expect(meetings.totalCount).toBe(expected.length);
    expect(meetings.nodes.map((node: { date: string }) => node.date)).toEqual(expected.map((meeting) => meeting.date));
    // Each meeting's minutes were confirmed at the next, except the last one's.
    expect(meetings.nodes.map((node: { status: string }) => node.status)).toEqual(expected.map((_, i) => (i < expected.length - 1 ? 'MINUTES_CONFIRMED' : 'MINUTES_DRAFTED')));
    const november = meetings.nodes.find((node: { date: string }) => node.date === '2020-11-19');
    expect(november.items.map((item: { number: string }) => item.number)).toEqual(['9', '10', '11', '12', '13', '14']);
    expect(november.items.map((item: { resolution: { kind: string } }) => item.resolution.kind)).toEqual(['CONFIRM_MINUTES', 'NOTE', 'NOTE', 'REQUEST_UPDATE', 'NOTE', 'OTHER']);
    // The framework, endorsed at the board of 25 March 2021.
    const [framework] = (await commitmentsOf('leicester')).nodes;
    expect(framework!.status).toBe('ACTIVE');
  });

  it('publishes what the public pages show: LLR’s and Leicester’s commitments, most updates and minutes, two years of one annual return', async () => {
    for (const partnership of ['llr', 'leicester', 'leeds']) {
      const isPublic = PUBLIC_PARTNERSHIPS.includes(partnership);
      const { partnership: settings, commitments, actions } = await query(
        `query($id: ID!) { partnership(id: $id) { publicationSettings { publicPages publishUpdatesAutomatically publishMinutesAutomatically } }
           commitments(partnershipId: $id, first: 100) { nodes { publishedAt } }
           actions(filter: {partnershipId: $id}, first: 100) { totalCount nodes { updates(first: 10) { totalCount nodes { publishedAt } } } } }`,
        { id: partnershipIds.get(partnership) },
      );
      expect({ partnership, settings: settings.publicationSettings }).toEqual({
        partnership,
        settings: { publicPages: isPublic, publishUpdatesAutomatically: false, publishMinutesAutomatically: false },
      });
      expect(commitments.nodes.every((node: { publishedAt: string | null }) => (node.publishedAt !== null) === isPublic)).toBe(true);
      // Every update of the partnership's actions, and those the secretariat has published, worked out from the demo's inputs.
      const instances = [...actionInstances(), ...raisedActionInstances()].filter((instance) => partnershipOfInstance(instance) === partnership);
      const updates = instances.flatMap((instance) => historyOf(instance).updates.map((update) => ({ instance, update })));
      expect(actions.totalCount).toBe(instances.length);
      const shown = actions.nodes.flatMap((node: { updates: { nodes: { publishedAt: string | null }[] } }) => node.updates.nodes);
      expect({ partnership, updates: shown.length, published: shown.filter((update: { publishedAt: string | null }) => update.publishedAt !== null).length }).toEqual({
        partnership,
        updates: updates.length,
        published: updates.filter(({ instance, update }) => isUpdatePublished(instance, update)).length,
      });
      if (isPublic) expect(updates.some(({ instance, update }) => !isUpdatePublished(instance, update))).toBe(true);
    }

    const { meetings } = await query('query($id: ID!) { meetings(partnershipId: $id, first: 100) { nodes { minutesPublishedThrough items { visibility } } } }', {
      id: partnershipIds.get('leicester'),
    });
    const expected = MEETINGS.filter((meeting) => meeting.partnership === 'leicester');
    expect(meetings.nodes.map((node: { minutesPublishedThrough: number }) => node.minutesPublishedThrough)).toEqual(
      expected.map((meeting) => meeting.minutesPublishedThrough ?? meeting.minutes.length),
    );
    expect(meetings.nodes.at(-1).items.map((item: { visibility: string }) => item.visibility)).toEqual(['PUBLIC', 'PUBLIC', 'PUBLIC', 'PRIVATE']);

    for (const partnership of ['llr', 'leicester']) {
      const { annualReturns } = await query('query($id: ID!) { annualReturns(partnershipId: $id, first: 10) { nodes { organisationId year status publishedAt entries { commitmentId } } } }', {
        id: partnershipIds.get(partnership),
      });
      const returns = ANNUAL_RETURNS.filter((annualReturn) => annualReturn.partnership === partnership).sort((a, b) => b.year - a.year);
      expect(annualReturns.nodes.map((node: { year: number; status: string; entries: unknown[] }) => ({ year: node.year, status: node.status, entries: node.entries.length }))).toEqual(
        returns.map((annualReturn) => ({ year: annualReturn.year, status: annualReturn.published ? 'PUBLISHED' : 'DRAFTED', entries: annualReturn.entries.length })),
      );
    }
  });

  it('pairs Leeds board members with CoIN and third-sector allies, with check-ins and an open challenge', async () => {
    const { allyshipPairings } = await query(
      'query($id: ID!) { allyshipPairings(partnershipId: $id, first: 10) { totalCount nodes { focus status checkIns(first: 5) { totalCount } openChallenges(first: 5) { totalCount } } } }',
      { id: partnershipIds.get('leeds') },
    );
    expect(allyshipPairings.totalCount).toBe(PAIRINGS.length);
    for (const pairing of PAIRINGS) {
      const challenges = pairing.checkIns.flatMap((checkIn) => checkIn.challenges ?? []).length;
      expect(allyshipPairings.nodes.find((node: { focus: string }) => node.focus === pairing.focus)).toEqual({
        focus: pairing.focus,
        status: pairing.activatedOn ? 'ACTIVE' : 'PROPOSED',
        checkIns: { totalCount: pairing.checkIns.length },
        openChallenges: { totalCount: challenges - (pairing.responses ?? []).length },
      });
    }
  });

  it('defines Northamptonshire’s life-expectancy indicators from the 2015-17 baselines, with their readings', async () => {
    const programme = (await commitmentsOf('northants')).nodes.find((node) => node.title === COMMITMENTS.find((c) => c.key === 'northants-programme')!.title)!;
    const { commitment } = await query('query($id: ID!) { commitment(id: $id) { indicators(first: 10) { nodes { name baseline { value } readings(first: 10) { totalCount } } } } }', {
      id: programme.id,
    });
    const expected = INDICATORS.filter((indicator) => indicator.commitment === 'northants-programme');
    expect(commitment.indicators.nodes).toEqual(
      expected.map((indicator) => ({ name: indicator.name, baseline: { value: indicator.baseline.value }, readings: { totalCount: readingsOf(indicator).length } })),
    );
    expect(expected.map((indicator) => indicator.baseline.value)).toEqual([79.5, 82.8, 6.6, 5.3]);
  });

  it('gives each action the owner the framework names: the ICS, each Place, a named set; and the body it reports to', async () => {
    const ownersOf = async (commitmentKey: string) => {
      const commitment = (await commitmentsOf('llr')).nodes.find((node) => node.title === COMMITMENTS.find((c) => c.key === commitmentKey)!.title)!;
      const data = await query(
        'query($id: ID!) { commitment(id: $id) { actions(first: 40) { nodes { title reportsTo owner { __typename ... on Partnership { name } ... on Organisation { name } } } } } }',
        { id: commitment.id },
      );
      return data.commitment.actions.nodes as { title: string; reportsTo: string | null; owner: { __typename: string; name: string } }[];
    };
    const [a3] = await ownersOf('llr-action-3');
    expect(a3).toMatchObject({ reportsTo: SYSTEM_EXECUTIVE, owner: { __typename: 'Partnership', name: partnershipNamed('llr') } });
    const a7c = (await ownersOf('llr-action-7')).filter((node) => node.title === ACTIONS.find((a) => a.key === '7c')!.title);
    expect(a7c.map((node) => node.owner.name).sort()).toEqual(PARTNERSHIPS.filter((p) => p.parent === 'llr').map((p) => p.name).sort());
    const a6 = await ownersOf('llr-action-6');
    const keyPartners = ACTIONS.find((a) => a.key === '6a')!.owner;
    expect(a6.map((node) => node.owner.name).sort()).toEqual((keyPartners.kind === 'organisations' ? keyPartners.organisations.map(nameOf) : []).sort());
  });

  it('shows on the dashboard every action of the system, those completed, and those overdue on a fixed today', async () => {
    const instances = [...actionInstances(), ...raisedActionInstances()];
    for (const partnership of PARTNERSHIPS) {
      const own = instances.filter((instance) =>
        instance.action.commitment
          ? COMMITMENTS.find((c) => c.key === instance.action.commitment)!.partnership === partnership.key
          : MEETINGS.some((meeting) => instance.action.key.startsWith(`${meeting.key}/`) && meeting.partnership === partnership.key),
      );
      const latest = own.map((instance) => ({ instance, status: historyOf(instance).updates.at(-1)?.status ?? 'NOT_STARTED' }));
      const { dashboard } = await query('query($id: ID!) { dashboard(partnershipId: $id) { today actionSummary { total completed overdue } } }', {
        id: partnershipIds.get(partnership.key),
      });
      expect(dashboard).toEqual({
        today: TODAY,
        actionSummary: {
          total: own.length,
          completed: latest.filter(({ status }) => status === 'COMPLETED').length,
          overdue: latest.filter(({ instance, status }) => status !== 'COMPLETED' && instance.action.dueDate < TODAY).length,
        },
      });
    }
  });

  /**
   * Each action as the demo leaves it, from demo-data.ts alone: where it sits, who owns it, and the
   * dates the views judge it by. The figures below follow the and README's definitions,
   * written out again here rather than calling the server's rule.
   */
  const demoActions = () =>
    [...actionInstances(), ...raisedActionInstances()].map((instance: DemoActionInstance) => {
      const { action } = instance;
      const partnership = action.commitment
        ? COMMITMENTS.find((commitment) => commitment.key === action.commitment)!.partnership
        : MEETINGS.find((meeting) => action.key.startsWith(`${meeting.key}/`))!.partnership;
      const { updates } = historyOf(instance);
      const last = updates.at(-1);
      return {
        instance,
        partnership,
        commitment: action.commitment || null,
        sector: instance.ownerKind === 'organisation' ? ORGANISATIONS.find((organisation) => organisation.key === instance.owner)!.sector : null,
        status: last?.status ?? 'NOT_STARTED',
        dueDate: action.dueDate,
        completedOn: updates.find((update) => update.status === 'COMPLETED')?.reportedOn ?? null,
        lastReportedOn: last?.reportedOn ?? null,
        plannedOn: action.plannedOn,
      };
    });
  type DemoActionFacts = ReturnType<typeof demoActions>[number];

  const figuresOf = (actions: readonly DemoActionFacts[]) => figuresAsOf(actions, TODAY);

  it('checks every dashboard figure against figures worked out from the demo’s inputs', async () => {
    const actions = demoActions();
    for (const partnership of PARTNERSHIPS) {
      const own = actions.filter((action) => action.partnership === partnership.key);
      const figures = figuresOf(own);
      const commitments = COMMITMENTS.filter((commitment) => commitment.partnership === partnership.key);
      const pairings = partnership.key === 'leeds' ? PAIRINGS : [];
      const challenges = pairings.reduce((sum, pairing) => sum + pairing.checkIns.flatMap((checkIn) => checkIn.challenges ?? []).length - (pairing.responses ?? []).length, 0);
      const { dashboard } = await query(
        `query($id: ID!) { dashboard(partnershipId: $id) { today actionSummary { ${SUMMARY_FIELDS} } commitmentsByStatus { status count } openChallengeCount
          overdueActions(first: 1) { totalCount } dueSoonActions(first: 1) { totalCount } silentActions(first: 1) { totalCount } nextMeeting { date } } }`,
        { id: partnershipIds.get(partnership.key) },
      );
      expect({ partnership: partnership.key, dashboard }).toEqual({
        partnership: partnership.key,
        dashboard: {
          today: TODAY,
          actionSummary: figures,
          commitmentsByStatus: commitments.length === 0 ? [] : [{ status: 'ACTIVE', count: commitments.length }],
          openChallengeCount: challenges,
          overdueActions: { totalCount: figures.overdue },
          dueSoonActions: { totalCount: figures.dueSoon },
          silentActions: { totalCount: figures.silent },
          // Every demo meeting is held before the demo's today.
          nextMeeting: null,
        },
      });
    }
  });

  it('checks each sector, each LLR organisation’s scorecard and each LLR priority against the demo’s inputs', async () => {
    const actions = demoActions().filter((action) => action.partnership === 'llr');
    const llr = partnershipIds.get('llr')!;
    const { sectorBreakdown, partnership } = await query(
      `query($id: ID!) { sectorBreakdown(partnershipId: $id) { sectors { sector actionSummary { ${SUMMARY_FIELDS} } } }
        partnership(id: $id) { organisations(first: 100) { nodes { id name } } } }`,
      { id: llr },
    );
    const sectors = ['LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'HEALTH', 'VCSE', 'BUSINESS', 'COMMUNITY', null];
    expect(sectorBreakdown.sectors).toEqual(sectors.map((sector) => ({ sector, actionSummary: figuresOf(actions.filter((action) => action.sector === sector)) })));

    for (const { id, name } of partnership.organisations.nodes as { id: string; name: string }[]) {
      const key = ORGANISATIONS.find((organisation) => organisation.name === name)!.key;
      const owned = COMMITMENTS.filter((commitment) => commitment.partnership === 'llr' && commitment.owner === key).length;
      const { organisationScorecard } = await query(
        `query($o: ID!, $p: ID!) { organisationScorecard(organisationId: $o, partnershipId: $p) { commitmentsByStatus { status count } actionSummary { ${SUMMARY_FIELDS} } } }`,
        { o: id, p: llr },
      );
      expect({ name, organisationScorecard }).toEqual({
        name,
        organisationScorecard: {
          commitmentsByStatus: owned === 0 ? [] : [{ status: 'ACTIVE', count: owned }],
          actionSummary: figuresOf(actions.filter((action) => action.sector !== null && action.instance.owner === key)),
        },
      });
    }

    const { priorityCoverage } = await query(
      `query($id: ID!) { priorityCoverage(partnershipId: $id, first: 20) { totalCount nodes { priority { code } commitmentCount activeCommitmentCount gap actionSummary { ${SUMMARY_FIELDS} } } } }`,
      { id: llr },
    );
    const priorities = PRIORITIES.filter((priority) => priority.partnership === 'llr');
    expect(priorityCoverage.totalCount).toBe(priorities.length);
    expect(priorityCoverage.nodes).toEqual(
      priorities.map(({ code }) => {
        const linked = COMMITMENTS.filter((commitment) => commitment.partnership === 'llr' && commitment.priorities.includes(code)).map((commitment) => commitment.key);
        return {
          priority: { code },
          commitmentCount: linked.length,
          activeCommitmentCount: linked.length,
          gap: linked.length === 0,
          actionSummary: figuresOf(actions.filter((action) => action.commitment !== null && linked.includes(action.commitment))),
        };
      }),
    );
  });

  /** What the board views show for every demo partnership, as JSON: equal before and after a rebuild. */
  const views = async () => {
    const SUMMARY = 'actionSummary { total completed completedOnTime overdue dueSoon silent lastReportedOn byRag { green amber red grey none } }';
    const shown: unknown[] = [];
    for (const partnership of PARTNERSHIPS) {
      shown.push(
        await query(
          `query($id: ID!) { dashboard(partnershipId: $id) { today ${SUMMARY} commitmentsByStatus { status count } openChallengeCount
            overdueActions(first: 20) { totalCount nodes { id rag } } silentActions(first: 20) { totalCount nodes { id } } }
            sectorBreakdown(partnershipId: $id) { sectors { sector ${SUMMARY} } }
            priorityCoverage(partnershipId: $id, first: 20) { nodes { gap commitmentCount ${SUMMARY} } } }`,
          { id: partnershipIds.get(partnership.key) },
        ),
      );
    }
    return JSON.stringify(shown);
  };

  it('refuses to load while the API runs on the same data folder; a second run changes nothing; a rebuild shows the same views', async () => {
    const refused = await runCli(['demo'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Cannot load the demo');

    const shown = await views();
    const { health } = await query<{ health: { store: { headPosition: string } } }>('{ health { store { headPosition } } }');
    await api.stop();
    const second = await runCli(['demo'], env);
    expect(second.code).toBe(0);
    expect(second.stderr).not.toMatch(/wrote events/);
    expect(second.stdout).toContain(`nothing to do (log head ${health.store.headPosition})`);
    const rebuilt = await runCli(['rebuild'], env);
    expect(rebuilt.code).toBe(0);
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z` } });
    const after = await query<{ health: { store: { headPosition: string } } }>('{ health { store { headPosition } } }');
    expect(after.health.store.headPosition).toBe(health.store.headPosition);
    expect(await views()).toBe(shown);
  });
});
