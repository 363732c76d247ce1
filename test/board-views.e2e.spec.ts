import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { dataFiles, loadConfig } from '@ledger/config';
import { actionStreamId, commitmentStreamId, partnershipStreamId } from '@ledger/domain';
import { ANY, SqliteEventStore } from '@ledger/event-store';
import { ApiProcess, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';
import { startInProcessApi } from '../apps/api/src/testing/in-process-api.js';

const secretariat = await tokenOf('secretariat@views.example');
const partner = await tokenOf('partner@charity.example');

/** Phase one: the board plans its actions on 1 September; phase two: it meets on 24 November (London is on GMT then). */
const SEPTEMBER = '2026-09-01T09:00:00.000Z';
const NOVEMBER = '2026-11-24T12:00:00.000Z';
const TODAY = '2026-11-24';

type Status = 'NOT_STARTED' | 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'COMPLETED' | 'CANCELLED';
type Owner = 'council' | 'trust' | 'charity';
/** The board's actions: who owns each, when it is due, and what each phase reports (nothing: never updated). */
const ACTIONS: Record<string, { commitment: 'C1' | 'C2'; owner: Owner; due: string; september?: Status; november?: Status }> = {
  A1: { commitment: 'C1', owner: 'council', due: '2026-12-31', september: 'ON_TRACK', november: 'ON_TRACK' },
  A2: { commitment: 'C1', owner: 'council', due: '2026-10-15' },
  A3: { commitment: 'C1', owner: 'trust', due: '2026-12-01' },
  A4: { commitment: 'C1', owner: 'charity', due: '2026-11-10', september: 'ON_TRACK', november: 'COMPLETED' },
  A5: { commitment: 'C2', owner: 'trust', due: '2026-11-30', september: 'AT_RISK' },
  A6: { commitment: 'C2', owner: 'charity', due: '2027-02-01' },
  A7: { commitment: 'C2', owner: 'council', due: '2026-09-30', september: 'COMPLETED' },
  A8: { commitment: 'C2', owner: 'trust', due: '2027-01-15', september: 'ON_TRACK', november: 'OFF_TRACK' },
  A9: { commitment: 'C1', owner: 'charity', due: '2026-12-20', september: 'ON_TRACK', november: 'CANCELLED' },
};
const SECTOR_OF: Record<Owner, string> = { council: 'LOCAL_GOVERNMENT', trust: 'HEALTH', charity: 'VCSE' };
const PRIORITIES_OF = { C1: ['P1'], C2: ['P1', 'P2'], C3: ['P3'] } as const;

/**
 * The figures as the issue defines them, worked out here from the inputs above, apart from the
 * server's code: every view below is checked against these.
 */
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const facts = (name: string) => {
  const action = ACTIONS[name]!;
  const status = action.november ?? action.september ?? 'NOT_STARTED';
  const lastReportedOn = action.november ? TODAY : action.september ? '2026-09-01' : null;
  const completedOn = status === 'COMPLETED' ? lastReportedOn : null;
  return { ...action, name, status, lastReportedOn, completedOn, open: status !== 'COMPLETED' && status !== 'CANCELLED' };
};
const ragOf = (name: string, amberWithinDays = 14) => {
  const { status, due, completedOn } = facts(name);
  if (status === 'CANCELLED') return null;
  if (status === 'COMPLETED') return completedOn! <= due ? 'GREEN' : 'AMBER';
  if (status === 'OFF_TRACK' || due < TODAY) return 'RED';
  if (status === 'AT_RISK') return 'AMBER';
  if (status === 'ON_TRACK') return 'GREEN';
  return due <= addDays(TODAY, amberWithinDays) ? 'AMBER' : 'GREY';
};
const summaryOf = (names: string[], amberWithinDays = 14) => {
  const all = names.map(facts);
  const count = (rag: string | null) => names.filter((name) => ragOf(name, amberWithinDays) === rag).length;
  const completed = all.filter((a) => a.status === 'COMPLETED');
  const onTime = completed.filter((a) => a.completedOn! <= a.due);
  const reported = all.map((a) => a.lastReportedOn).filter((d): d is string => d !== null).sort();
  return {
    total: names.length,
    byStatus: (['NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETED', 'CANCELLED'] as const).map((status) => ({ status, count: all.filter((a) => a.status === status).length })),
    byRag: { green: count('GREEN'), amber: count('AMBER'), red: count('RED'), grey: count('GREY'), none: count(null) },
    overdue: all.filter((a) => a.open && a.due < TODAY).length,
    dueSoon: all.filter((a) => a.open && a.due >= TODAY && a.due <= addDays(TODAY, 14)).length,
    silent: all.filter((a) => a.open && (a.lastReportedOn ?? '2026-09-01') <= addDays(TODAY, -30)).length,
    completed: completed.length,
    completedOnTime: onTime.length,
    completedOnTimeShare: completed.length === 0 ? null : onTime.length / completed.length,
    lastReportedOn: reported.at(-1) ?? null,
    daysSinceLastUpdate: reported.length === 0 ? null : Math.round((Date.parse(TODAY) - Date.parse(reported.at(-1)!)) / 86_400_000),
  };
};
const names = (where: (a: ReturnType<typeof facts>) => boolean) => Object.keys(ACTIONS).filter((name) => where(facts(name)));
const byDue = (list: string[]) => [...list].sort((a, b) => (ACTIONS[a]!.due < ACTIONS[b]!.due ? -1 : 1));

const SUMMARY = `total byStatus { status count } byRag { green amber red grey none } overdue dueSoon silent completed completedOnTime
  completedOnTimeShare lastReportedOn daysSinceLastUpdate`;

describe('board views over GraphQL, on a fixed today', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let board: string;
  let other: string;
  let hidden: string;
  const org: Record<Owner | 'otherCouncil' | 'hiddenOrg', string> = {} as never;
  const priority: Record<string, string> = {};
  const commitment: Record<string, string> = {};
  const action: Record<string, string> = {};
  const nameOf = new Map<string, string>();

  const call = (query: string, variables: object = {}, token = secretariat) => api.graphql<any>(query, variables, token);
  const ok = async (query: string, variables: object = {}, token = secretariat) => {
    const response = await call(query, variables, token);
    expect(response.errors).toBeUndefined();
    return response.data;
  };
  const startOn = async (now: string) => {
    await api?.stop();
    api = await ApiProcess.start({ dataDir, env: { LEDGER_CLOCK_NOW: now } });
  };
  const update = (actionId: string, status: Status) =>
    ok(`mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`, { input: { actionId, status, whatHasHappened: `Now ${status}` } });
  const plan = async (commitmentId: string, owningOrganisationId: string, title: string, dueDate: string) => {
    const data = await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, { input: { commitmentId, owningOrganisationId, title, dueDate } });
    return data.planAction.actions[0].id as string;
  };
  const commit = async (partnershipId: string, owningOrganisationId: string, title: string, priorityIds: string[], endorse: boolean) => {
    const data = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId, owningOrganisationId, title, description: `${title}.`, priorityIds },
    });
    const id = data.makeCommitment.commitment.id as string;
    if (endorse) await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId: id, endorsedOn: '2026-09-01' } });
    return id;
  };
  const actionNames = (connection: { nodes: { id: string }[] }) => connection.nodes.map((node) => nameOf.get(node.id) ?? node.id);

  beforeAll(async () => {
    await startOn(SEPTEMBER);
    const admin = await api.adminToken();
    const form = async (name: string) =>
      (await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, { input: { name, level: 'PLACE' } }, admin)).formPartnership.partnership
        .id as string;
    [board, other, hidden] = [await form('Views board'), await form('Other board'), await form('Hidden board')];
    for (const partnershipId of [board, other, hidden]) await api.grant('secretariat@views.example', 'SECRETARIAT', { partnershipId });
    const register = async (name: string, sector: string, partnerships: string[]) => {
      const data = await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, { input: { name, sector } }, admin);
      const organisationId = data.registerOrganisation.organisation.id as string;
      for (const partnershipId of partnerships) await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId, organisationId } });
      return organisationId;
    };
    org.council = await register('City Council', SECTOR_OF.council, [board]);
    org.trust = await register('Hospitals Trust', SECTOR_OF.trust, [board]);
    // The charity sits on two boards: its partner officer sees its actions on both.
    org.charity = await register('Community Charity', SECTOR_OF.charity, [board, other]);
    org.otherCouncil = await register('Other Council', 'LOCAL_GOVERNMENT', [other]);
    org.hiddenOrg = await register('Hidden Trust', 'HEALTH', [hidden]);
    await api.grant('partner@charity.example', 'PARTNER', { organisationId: org.charity });
    for (const code of ['P1', 'P2', 'P3', 'P4']) {
      const data = await ok(`mutation($input: AdoptPriorityInput!) { adoptPriority(input: $input) { priority { id } } }`, { input: { partnershipId: board, code, title: `Priority ${code}` } });
      priority[code] = data.adoptPriority.priority.id;
    }
    const ids = (codes: readonly string[]) => codes.map((code) => priority[code]!);
    commitment.C1 = await commit(board, org.council, 'Health equity audit', ids(PRIORITIES_OF.C1), true);
    commitment.C2 = await commit(board, org.trust, 'Waiting well', ids(PRIORITIES_OF.C2), true);
    // Proposed, never endorsed: P3 has a commitment but no active one, so it is still a gap.
    commitment.C3 = await commit(board, org.charity, 'Volunteer network', ids(PRIORITIES_OF.C3), false);
    for (const [name, { commitment: c, owner, due, september }] of Object.entries(ACTIONS)) {
      action[name] = await plan(commitment[c]!, org[owner], name, due);
      nameOf.set(action[name]!, name);
      if (september) await update(action[name]!, september);
    }
    const otherCommitment = await commit(other, org.otherCouncil, 'Other plan', [], true);
    action.B1 = await plan(otherCommitment, org.charity, 'B1', '2026-12-15');
    action.B2 = await plan(otherCommitment, org.otherCouncil, 'B2', '2026-12-16');
    const hiddenCommitment = await commit(hidden, org.hiddenOrg, 'Hidden plan', [], true);
    action.H1 = await plan(hiddenCommitment, org.hiddenOrg, 'H1', '2026-12-17');
    for (const name of ['B1', 'B2', 'H1']) nameOf.set(action[name]!, name);
    const indicator = await ok(`mutation($input: DefineIndicatorInput!) { defineIndicator(input: $input) { indicator { id } } }`, {
      input: {
        commitmentId: commitment.C1,
        name: 'Projects with an equity audit',
        unit: 'percent',
        direction: 'HIGHER_IS_BETTER',
        baseline: { value: 30, date: '2026-04-01' },
        target: { value: 80, date: '2027-03-31' },
        owningOrganisationId: org.council,
      },
    });
    for (const [value, periodDate] of [[40, '2026-06-30'], [55, '2026-08-31']] as const) {
      await ok(`mutation($input: RecordIndicatorReadingInput!) { recordIndicatorReading(input: $input) { position } }`, {
        input: { indicatorId: indicator.defineIndicator.indicator.id, value, periodDate, source: 'Audit' },
      });
    }
    await ok(`mutation($input: ScheduleMeetingInput!) { scheduleMeeting(input: $input) { position } }`, {
      input: { partnershipId: board, date: '2026-12-10', startTime: '17:30', format: 'ONLINE', link: 'https://meet.example/hwb', title: 'Board' },
    });

    await startOn(NOVEMBER);
    for (const [name, { november }] of Object.entries(ACTIONS)) if (november) await update(action[name]!, november);
  });
  afterAll(async () => {
    await api?.stop();
  });

  it('dashboard: commitments and actions by status and RAG, overdue, due soon, silent, indicators and the next meeting', async () => {
    const { dashboard } = await ok(
      `query($id: ID!) { dashboard(partnershipId: $id) { today settings { amberWithinDays silentAfterDays dueSoonDays } partnership { name }
        commitmentsByStatus { status count } actionSummary { ${SUMMARY} } openChallengeCount nextMeeting { date }
        overdueActions { totalCount nodes { id rag } } dueSoonActions { totalCount nodes { id } } silentActions(orderBy: DUE_DATE_DESC) { totalCount nodes { id } }
        indicators { totalCount nodes { name improving latestReading { value } } }
        owners { totalCount nodes { owningOrganisation { name } owningPartnership { name } actionSummary { ${SUMMARY} } } } } }`,
      { id: board },
    );
    const all = Object.keys(ACTIONS);
    expect(dashboard.today).toBe(TODAY);
    expect(dashboard.settings).toEqual({ amberWithinDays: 14, silentAfterDays: 30, dueSoonDays: 14 });
    expect(dashboard.commitmentsByStatus).toEqual([
      { status: 'ACTIVE', count: 2 },
      { status: 'PROPOSED', count: 1 },
    ]);
    expect(dashboard.actionSummary).toEqual(summaryOf(all));
    expect(actionNames(dashboard.overdueActions)).toEqual(byDue(names((a) => a.open && a.due < TODAY)));
    expect(dashboard.overdueActions.nodes.every((node: any) => node.rag === 'RED')).toBe(true);
    expect(actionNames(dashboard.dueSoonActions)).toEqual(byDue(names((a) => a.open && a.due >= TODAY && a.due <= addDays(TODAY, 14))));
    const silent = byDue(names((a) => a.open && (a.lastReportedOn ?? '2026-09-01') <= addDays(TODAY, -30))).reverse();
    expect(actionNames(dashboard.silentActions)).toEqual(silent);
    expect(dashboard.silentActions.totalCount).toBe(silent.length);
    expect(dashboard.indicators).toEqual({ totalCount: 1, nodes: [{ name: 'Projects with an equity audit', improving: true, latestReading: { value: 55 } }] });
    expect(dashboard.openChallengeCount).toBe(0);
    const byOwner = Object.fromEntries(dashboard.owners.nodes.map((node: any) => [node.owningOrganisation.name, node.actionSummary]));
    expect(dashboard.owners.totalCount).toBe(3);
    expect(byOwner).toEqual({
      'City Council': summaryOf(names((a) => a.owner === 'council')),
      'Hospitals Trust': summaryOf(names((a) => a.owner === 'trust')),
      'Community Charity': summaryOf(names((a) => a.owner === 'charity')),
    });
    expect(dashboard.nextMeeting).toEqual({ date: '2026-12-10' });
  });

  it('Action.rag: each action’s light as the issue defines it', async () => {
    const { actions } = await ok(`query($id: ID!) { actions(filter: {partnershipId: $id}, first: 100) { totalCount nodes { id rag status dueDate } } }`, { id: board });
    expect(actions.totalCount).toBe(9);
    expect(Object.fromEntries(actions.nodes.map((node: any) => [nameOf.get(node.id), node.rag]))).toEqual(Object.fromEntries(Object.keys(ACTIONS).map((name) => [name, ragOf(name)])));
    expect(actionNames(actions)).toEqual(byDue(Object.keys(ACTIONS)));
  });

  it('organisationScorecard: its commitments, actions, share completed on time, overdue, days since its last update', async () => {
    for (const owner of ['council', 'trust', 'charity'] as const) {
      const { organisationScorecard: card } = await ok(
        `query($o: ID!, $p: ID!) { organisationScorecard(organisationId: $o, partnershipId: $p) { today organisation { name } commitmentsByStatus { status count }
          commitments { totalCount } actionSummary { ${SUMMARY} } indicators { totalCount } } }`,
        { o: org[owner], p: board },
      );
      const own = names((a) => a.owner === owner);
      expect(card.actionSummary).toEqual(summaryOf(own));
      const owned = { council: ['C1'], trust: ['C2'], charity: ['C3'] }[owner];
      expect(card.commitments.totalCount).toBe(owned.length);
      expect(card.indicators.totalCount).toBe(owner === 'council' ? 1 : 0);
    }
    const { organisationScorecard } = await ok(`query($o: ID!, $p: ID!) { organisationScorecard(organisationId: $o, partnershipId: $p) { actions(first: 2) { totalCount nodes { id } } } }`, {
      o: org.charity,
      p: board,
    });
    expect(organisationScorecard.actions.totalCount).toBe(3);
    expect(actionNames(organisationScorecard.actions)).toEqual(byDue(names((a) => a.owner === 'charity')).slice(0, 2));
  });

  it('priorityCoverage: every adopted priority with its commitments’ RAG mix, and the gaps', async () => {
    const { priorityCoverage } = await ok(
      `query($id: ID!) { priorityCoverage(partnershipId: $id) { totalCount nodes { priority { code } commitmentCount activeCommitmentCount gap actionSummary { ${SUMMARY} } } } }`,
      { id: board },
    );
    expect(priorityCoverage.totalCount).toBe(4);
    const expected = ['P1', 'P2', 'P3', 'P4'].map((code) => {
      const linked = Object.entries(PRIORITIES_OF).filter(([, codes]) => (codes as readonly string[]).includes(code)).map(([c]) => c);
      const active = linked.filter((c) => c !== 'C3');
      return {
        priority: { code },
        commitmentCount: linked.length,
        activeCommitmentCount: active.length,
        gap: active.length === 0,
        actionSummary: summaryOf(names((a) => linked.includes(a.commitment))),
      };
    });
    expect(priorityCoverage.nodes).toEqual(expected);
    expect(priorityCoverage.nodes.filter((node: any) => node.gap).map((node: any) => node.priority.code)).toEqual(['P3', 'P4']);
  });

  it('sectorBreakdown: the same figures per sector of the owning organisation', async () => {
    const { sectorBreakdown } = await ok(`query($id: ID!) { sectorBreakdown(partnershipId: $id) { sectors { sector actionSummary { ${SUMMARY} } } } }`, { id: board });
    const expected = ['LOCAL_GOVERNMENT', 'PUBLIC_SERVICES', 'HEALTH', 'VCSE', 'BUSINESS', 'COMMUNITY', null].map((sector) => ({
      sector,
      actionSummary: summaryOf(names((a) => SECTOR_OF[a.owner] === sector)),
    }));
    expect(sectorBreakdown.sectors).toEqual(expected);
  });

  it('actions: every filter narrows as the issue lists them', async () => {
    const list = async (filter: object) =>
      actionNames((await ok(`query($f: ActionFilterInput) { actions(filter: $f, first: 100) { totalCount nodes { id } } }`, { f: { partnershipId: board, ...filter } })).actions);
    expect(await list({ rag: 'RED' })).toEqual(byDue(names((a) => ragOf(a.name) === 'RED')));
    expect(await list({ status: 'ON_TRACK' })).toEqual(byDue(names((a) => a.status === 'ON_TRACK')));
    expect(await list({ commitmentId: commitment.C2 })).toEqual(byDue(names((a) => a.commitment === 'C2')));
    expect(await list({ owningOrganisationId: org.trust })).toEqual(byDue(names((a) => a.owner === 'trust')));
    expect(await list({ dueAfter: '2026-11-30', dueBefore: '2026-12-31' })).toEqual(byDue(names((a) => a.due >= '2026-11-30' && a.due <= '2026-12-31')));
    expect(await list({ silentForDays: 60 })).toEqual(byDue(names((a) => a.open && (a.lastReportedOn ?? '2026-09-01') <= addDays(TODAY, -60))));
    expect(await list({ overdue: true })).toEqual(byDue(names((a) => a.open && a.due < TODAY)));
    const bad = await call(`{ actions(filter: {dueBefore: "2026-02-30"}) { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.dueBefore' });
  });

  it('a partner sees its organisation’s actions on every board it sits on, and Organisation.actions gives the same', async () => {
    const mine = await ok(`query($o: ID!) { actions(filter: {owningOrganisationId: $o}) { totalCount nodes { id } } }`, { o: org.charity }, partner);
    const expected = [...names((a) => a.owner === 'charity'), 'B1'];
    expect(mine.actions.totalCount).toBe(expected.length);
    expect(new Set(actionNames(mine.actions))).toEqual(new Set(expected));
    const viaOrganisation = await ok(`query($o: ID!) { organisation(id: $o) { actions { totalCount nodes { id } } } }`, { o: org.charity }, partner);
    expect(viaOrganisation.organisation.actions).toEqual(mine.actions);
    // Everything it may read: both its boards, never the hidden one.
    const everything = await ok(`{ actions(first: 100) { totalCount nodes { id } } }`, {}, partner);
    expect(everything.actions.totalCount).toBe(11);
    expect(actionNames(everything.actions)).not.toContain('H1');
  });

  it('hostile: another partnership’s id is refused, by every view', async () => {
    for (const query of [
      `query($id: ID!) { actions(filter: {partnershipId: $id}) { totalCount } }`,
      `query($id: ID!) { dashboard(partnershipId: $id) { today } }`,
      `query($id: ID!) { priorityCoverage(partnershipId: $id) { totalCount } }`,
      `query($id: ID!) { sectorBreakdown(partnershipId: $id) { today } }`,
    ]) {
      const response = await call(query, { id: hidden }, partner);
      expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(response.data?.dashboard ?? response.data?.actions ?? null).toBeNull();
    }
    const scorecard = await call(`query($o: ID!, $p: ID!) { organisationScorecard(organisationId: $o, partnershipId: $p) { today } }`, { o: org.hiddenOrg, p: hidden }, partner);
    expect(scorecard.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Filtering by the hidden board's organisation finds nothing the partner may read.
    const theirs = await ok(`query($o: ID!) { actions(filter: {owningOrganisationId: $o}) { totalCount } }`, { o: org.hiddenOrg }, partner);
    expect(theirs.actions.totalCount).toBe(0);
  });

  it('hostile: a deep and wide dashboard request is refused by the query limits', async () => {
    const deep = `query($id: ID!) { dashboard(partnershipId: $id) { overdueActions(first: 100) { nodes { commitment { actions(first: 100) { nodes {
      commitment { actions(first: 100) { nodes { commitment { actions(first: 100) { nodes { id } } } } } } } } } } } } }`;
    const response = await call(deep, { id: board });
    expect(['maxDepth', 'maxCost']).toContain(response.errors?.[0]?.extensions?.rule);
    expect(response.data ?? null).toBeNull();
  });

  it('rebuilding every read model from the log gives the same views, as JSON', async () => {
    const VIEWS = `query($id: ID!, $o: ID!) {
      dashboard(partnershipId: $id) { today settings { amberWithinDays } commitmentsByStatus { status count } actionSummary { ${SUMMARY} } openChallengeCount
        nextMeeting { id } overdueActions { totalCount edges { cursor node { id rag } } } dueSoonActions { totalCount nodes { id } }
        silentActions { totalCount nodes { id } } indicators { nodes { id improving progress } } }
      organisationScorecard(organisationId: $o, partnershipId: $id) { actionSummary { ${SUMMARY} } commitments { nodes { id } } actions { nodes { id rag } } }
      priorityCoverage(partnershipId: $id) { nodes { priority { id } gap commitmentCount activeCommitmentCount actionSummary { ${SUMMARY} } } }
      sectorBreakdown(partnershipId: $id) { sectors { sector actionSummary { ${SUMMARY} } } }
      actions(first: 100) { totalCount edges { cursor node { id rag status dueDate } } } }`;
    const incremental = JSON.stringify(await ok(VIEWS, { id: board, o: org.charity }));
    await api.stop();
    // The read models hold date facts only, never "today": a rebuild needs no clock.
    const rebuilt = await runCli(['rebuild'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET });
    expect(rebuilt.stderr).toMatch(/^Rebuilding: (\d[\d,]*)\/\1 events \(100%\)/m);
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toMatch(/board-views/);
    await startOn(NOVEMBER);
    expect(JSON.stringify(await ok(VIEWS, { id: board, o: org.charity }))).toBe(incremental);
  });

  it('changing the settings moves the RAG at once: nothing stale is stored', async () => {
    const before = (await ok(`query($id: ID!) { dashboard(partnershipId: $id) { actionSummary { byRag { amber grey } } } }`, { id: board })).dashboard.actionSummary.byRag;
    const changed = await ok(
      `mutation($input: ChangePartnershipSettingsInput!) { changePartnershipSettings(input: $input) { partnership { settings { amberWithinDays silentAfterDays dueSoonDays } } } }`,
      { input: { partnershipId: board, amberWithinDays: 3 } },
    );
    expect(changed.changePartnershipSettings.partnership.settings).toEqual({ amberWithinDays: 3, silentAfterDays: 30, dueSoonDays: 14 });
    const after = (await ok(`query($id: ID!) { dashboard(partnershipId: $id) { actionSummary { byRag { amber grey } } } }`, { id: board })).dashboard.actionSummary.byRag;
    const all = Object.keys(ACTIONS);
    expect(after).toEqual({ amber: summaryOf(all, 3).byRag.amber, grey: summaryOf(all, 3).byRag.grey });
    expect(after).not.toEqual(before);
    const refused = await call(`mutation($input: ChangePartnershipSettingsInput!) { changePartnershipSettings(input: $input) { position } }`, {
      input: { partnershipId: board, silentAfterDays: 0 },
    });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'silentAfterDays' });
  });

  it('an update is in the dashboard the moment the mutation answers: the kept figures are not read again', async () => {
    const DASHBOARD = `query($id: ID!) { dashboard(partnershipId: $id) { actionSummary { byStatus { status count } }
      owners(first: 10) { nodes { owningOrganisation { id } actionSummary { byStatus { status count } } } } } }`;
    const onTrack = (summary: { byStatus: { status: string; count: number }[] }) => summary.byStatus.find((row) => row.status === 'ON_TRACK')!.count;
    const charityOf = (dashboard: any) => dashboard.owners.nodes.find((node: any) => node.owningOrganisation?.id === org.charity).actionSummary;
    // Read twice, so the figures are kept before the write.
    await ok(DASHBOARD, { id: board });
    const before = (await ok(DASHBOARD, { id: board })).dashboard;
    expect(facts('A6').status).toBe('NOT_STARTED');
    await update(action.A6!, 'ON_TRACK');
    const after = (await ok(DASHBOARD, { id: board })).dashboard;
    expect(onTrack(after.actionSummary)).toBe(onTrack(before.actionSummary) + 1);
    expect(onTrack(charityOf(after))).toBe(onTrack(charityOf(before)) + 1);
  });
});

/**
 * A partnership of 1,000 commitments and 10,000 actions, written to the log through the store port
 * (planning them one mutation at a time would take minutes), then read over HTTP from the API
 * in-process, its read-model database counting every statement it runs.
 */
describe('board views at scale: keyset pages and a bounded number of SQL statements', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-views-scale-'));
  const config = loadConfig({ NODE_ENV: 'test', LEDGER_DATA_DIR: dir, LEDGER_JWT_SECRET: 'x'.repeat(40), LOG_LEVEL: 'silent', LEDGER_CLOCK_NOW: NOVEMBER });
  const partnershipId = uuidv7();
  const organisations = [uuidv7(), uuidv7(), uuidv7()];
  const commitmentIds = Array.from({ length: 1000 }, () => uuidv7());
  /** Ten actions a commitment; due dates repeat (one of 200 days), so ties are broken by id. */
  const actions = Array.from({ length: 10_000 }, (_, i) => ({ id: uuidv7(), commitmentId: commitmentIds[i % 1000]!, dueDate: addDays('2026-06-01', i % 200), owner: organisations[i % 3]! }));
  let app: INestApplication;
  let url: string;
  let token: string;
  let statements: () => number;

  async function graphql(query: string, variables: object = {}) {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data;
  }
  async function statementsFor(query: string, variables: object) {
    const before = statements();
    const data = await graphql(query, variables);
    return { data, statements: statements() - before };
  }

  beforeAll(async () => {
    const store = new SqliteEventStore({ filename: dataFiles(config).events, synchronous: 'NORMAL' });
    const actor = { personId: 'seed', grantId: 'seed', role: 'SECRETARIAT' as const, organisationId: null };
    const append = (streamId: string, ...events: { type: string; data: object }[]) =>
      store.appendToStream(streamId, events.map((event) => ({ id: uuidv7(), ...event, metadata: { actor, correlationId: 'seed', causationId: 'seed', schemaVersion: 1 } })), { expectedRevision: ANY });
    const at = '2026-05-01T09:00:00.000Z';
    await append(partnershipStreamId(partnershipId), { type: 'PartnershipFormed', data: { partnershipId, name: 'Large board', level: 'SYSTEM', parentPartnershipId: null, timeZone: 'Europe/London', formedAt: at } });
    for (const [index, organisationId] of organisations.entries()) {
      await append(`organisation-${organisationId}`, { type: 'OrganisationRegistered', data: { organisationId, name: `Organisation ${index}`, sector: 'HEALTH', registeredAt: at } });
      await append(partnershipStreamId(partnershipId), { type: 'OrganisationJoinedPartnership', data: { partnershipId, organisationId, joinedAt: at } });
    }
    for (const [index, commitmentId] of commitmentIds.entries()) {
      await append(
        commitmentStreamId(commitmentId),
        {
          type: 'CommitmentMade',
          data: { commitmentId, partnershipId, owningOrganisationId: organisations[index % 3], contributingOrganisationIds: [], title: `Commitment ${index}`, description: 'x', priorityIds: [], targetDate: null, sourceReference: null, madeAt: at },
        },
        { type: 'CommitmentEndorsed', data: { commitmentId, endorsedOn: '2026-05-01', meetingId: null, endorsedAt: at } },
      );
    }
    for (const [index, { id: actionId, commitmentId, dueDate, owner }] of actions.entries()) {
      const planned = { type: 'ActionPlanned', data: { actionId, commitmentId, partnershipId, owningOrganisationId: owner, title: `Action ${index}`, dueDate, leadMemberId: null, planId: null, plannedAt: at } };
      const updated = {
        type: 'ActionUpdateSubmitted',
        data: { actionId, updateId: uuidv7(), status: 'ON_TRACK', previousStatus: 'NOT_STARTED', percentComplete: 10, whatHasHappened: 'Started.', whatMoreIsToBeDone: null, evidenceLinks: [], submittedAt: at },
      };
      await append(actionStreamId(actionId), planned, ...(index % 2 === 0 ? [updated] : []));
    }
    await store.close();

    ({ app, url, token, statements } = await startInProcessApi(config, { subject: 'admin', roles: ['PLATFORM_ADMIN'] }));
    // The projections catch up with the seeded log in the background.
    for (let caughtUp = false; !caughtUp; await new Promise((done) => setTimeout(done, 200))) {
      const { health } = await graphql('{ health { projections { lag } } }');
      caughtUp = health.projections.every((projection: { lag: number }) => projection.lag === 0);
    }
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('walks 10,000 actions in pages of 100 in both orders: no duplicates, no gaps, totalCount on every page', async () => {
    const key = (a: { dueDate: string; id: string }) => `${a.dueDate}|${a.id}`;
    const ascending = [...actions].sort((a, b) => (key(a) < key(b) ? -1 : 1)).map((a) => a.id);
    for (const [orderBy, expected] of [['DUE_DATE_ASC', ascending], ['DUE_DATE_DESC', [...ascending].reverse()]] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let more = true; more; ) {
        const { actions: page }: any = await graphql(
          `query($p: ID!, $after: String, $orderBy: ActionOrder) { actions(filter: {partnershipId: $p}, first: 100, after: $after, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } nodes { id } } }`,
          { p: partnershipId, after, orderBy },
        );
        expect(page.totalCount).toBe(10_000);
        seen.push(...page.nodes.map((node: { id: string }) => node.id));
        ({ hasNextPage: more, endCursor: after } = page.pageInfo);
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    }
  }, 120_000);

  it('walks 1,000 commitments in pages of 100 in both orders: no duplicates, no gaps', async () => {
    for (const [orderBy, expected] of [['MADE_ASC', commitmentIds], ['MADE_DESC', [...commitmentIds].reverse()]] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      for (let more = true; more; ) {
        const { commitments: page }: any = await graphql(
          `query($p: ID!, $after: String, $orderBy: CommitmentOrder) { commitments(partnershipId: $p, first: 100, after: $after, orderBy: $orderBy) { totalCount pageInfo { hasNextPage endCursor } nodes { id actions(first: 1) { totalCount } } } }`,
          { p: partnershipId, after, orderBy },
        );
        expect(page.totalCount).toBe(1000);
        expect(page.nodes.every((node: any) => node.actions.totalCount === 10)).toBe(true);
        seen.push(...page.nodes.map((node: { id: string }) => node.id));
        ({ hasNextPage: more, endCursor: after } = page.pageInfo);
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toEqual(expected);
    }
  });

  it('a page of 50 commitments with their actions, owners and latest updates runs as many statements as a page of 5', async () => {
    const PAGE = `query($p: ID!, $n: Int!) { commitments(partnershipId: $p, first: $n) { nodes { title owningOrganisation { name }
      actions(first: 10) { totalCount nodes { title rag overdue owningOrganisation { name } latestUpdate { status submittedBy { id } } } } } } }`;
    const small = await statementsFor(PAGE, { p: partnershipId, n: 5 });
    const large = await statementsFor(PAGE, { p: partnershipId, n: 50 });
    expect(large.data.commitments.nodes).toHaveLength(50);
    const actionsShown = large.data.commitments.nodes.flatMap((node: any) => node.actions.nodes);
    expect(actionsShown).toHaveLength(500);
    expect(actionsShown.filter((node: any) => node.latestUpdate?.status === 'ON_TRACK')).toHaveLength(250);
    expect(small.statements).toBeGreaterThan(0);
    expect(small.statements).toBeLessThanOrEqual(20);
    expect(large.statements).toBe(small.statements);
  });

  it('a page of 100 actions across partnerships, with commitments, owners, RAG and latest updates, runs as many statements as a page of 10', async () => {
    const PAGE = `query($n: Int!) { actions(first: $n, filter: {rag: GREEN}) { totalCount nodes { rag commitment { title } owningOrganisation { name } latestUpdate { status } } } }`;
    const small = await statementsFor(PAGE, { n: 10 });
    const large = await statementsFor(PAGE, { n: 100 });
    // Green: ON_TRACK (every other action) and not yet overdue.
    expect(large.data.actions.totalCount).toBe(actions.filter((a, index) => index % 2 === 0 && a.dueDate >= TODAY).length);
    expect(large.data.actions.nodes).toHaveLength(100);
    expect(large.statements).toBe(small.statements);
  });

  it('the dashboard of 10,000 actions answers in a fixed number of statements', async () => {
    const { data, statements: count } = await statementsFor(
      `query($p: ID!) { dashboard(partnershipId: $p) { actionSummary { total overdue byRag { green amber red grey none } } overdueActions(first: 100) { totalCount nodes { rag } } } }`,
      { p: partnershipId },
    );
    // 24 November: actions due 1 June to 17 December 2026; the updated half are ON_TRACK, the rest not started.
    const overdue = actions.filter((a) => a.dueDate < TODAY).length;
    expect(data.dashboard.actionSummary.total).toBe(10_000);
    expect(data.dashboard.actionSummary.overdue).toBe(overdue);
    expect(data.dashboard.actionSummary.byRag.red).toBe(overdue);
    expect(data.dashboard.overdueActions.totalCount).toBe(overdue);
    expect(count).toBeLessThanOrEqual(20);
  });
});
