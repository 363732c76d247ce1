import { describe, expect, it } from '@jest/globals';
import { DrillArgumentError, parseDrillArguments } from './cluster-drill.js';
import { compareCounts, positionOrder, type Acknowledged, type InstanceView, type Recorded } from './verdict.js';

const API = 'http://api-1:3000';
const OTHER = 'http://api-2:3000';

const acknowledged: Acknowledged[] = [
  { clientMutationId: 'drill-r-u0', actionId: 'a1', position: '10' },
  { clientMutationId: 'drill-r-u1', actionId: 'a2', position: '11' },
  { clientMutationId: 'drill-r-u2', actionId: 'a1', position: '12' },
];

const recordedAsSent = (): Recorded[] => acknowledged.map(({ clientMutationId, actionId }, i) => ({ clientMutationId, actionId, updateId: `up-${i}` }));

const view = (api: string, recorded: Recorded[], more: Partial<InstanceView> = {}): InstanceView => ({ api, behind: null, unreadable: null, recorded, ...more });

describe('the cluster drill compares acknowledged updates with every instance', () => {
  it('passes when each instance records each acknowledged update once, and nothing failed', () => {
    const verdict = compareCounts(acknowledged, [], [view(API, recordedAsSent()), view(OTHER, recordedAsSent().reverse())]);
    expect(verdict).toMatchObject({ pass: true, acknowledged: 3, failed: 0, differences: [] });
    expect(verdict.instances.map(({ recorded, lost, doubled }) => [recorded, lost, doubled])).toEqual([
      [3, 0, 0],
      [3, 0, 0],
    ]);
  });

  it('fails on an update lost on one instance, naming the instance and the clientMutationId', () => {
    const verdict = compareCounts(acknowledged, [], [view(API, recordedAsSent()), view(OTHER, recordedAsSent().slice(1))]);
    expect(verdict.pass).toBe(false);
    expect(verdict.instances[1]).toMatchObject({ api: OTHER, recorded: 2, lost: 1, doubled: 0 });
    expect(verdict.differences).toEqual([`${OTHER}: 1 acknowledged update(s) lost: drill-r-u0`]);
  });

  it('fails on an update recorded twice, although the total alone would hide a lost one beside it', () => {
    const recorded = recordedAsSent();
    // u1 twice and u2 missing: three records for three acknowledgements.
    recorded[2] = { ...recorded[1]!, updateId: 'up-again' };
    const verdict = compareCounts(acknowledged, [], [view(API, recorded)]);
    expect(verdict.pass).toBe(false);
    expect(verdict.instances[0]).toMatchObject({ recorded: 3, lost: 1, doubled: 1 });
    expect(verdict.differences).toEqual([`${API}: 1 acknowledged update(s) lost: drill-r-u2`, `${API}: 1 update(s) recorded more than once: drill-r-u1 x2`]);
  });

  it('fails on a mutation that failed after its retries, and on its update landing unacknowledged', () => {
    const landed: Recorded = { clientMutationId: 'drill-r-u3', actionId: 'a2', updateId: 'up-3' };
    const verdict = compareCounts(acknowledged, [{ clientMutationId: 'drill-r-u3', reason: '15 attempts, last ECONNREFUSED' }], [view(API, [...recordedAsSent(), landed])]);
    expect(verdict).toMatchObject({ pass: false, failed: 1 });
    expect(verdict.differences).toEqual([
      '1 mutation(s) never acknowledged (refused, or given up after their retries): drill-r-u3 (15 attempts, last ECONNREFUSED)',
      `${API}: 1 update(s) recorded but never acknowledged: drill-r-u3`,
    ]);
  });

  it('fails on an update on another action than sent to, on updates the drill did not write, and on an instance behind', () => {
    const recorded = recordedAsSent();
    recorded[0] = { ...recorded[0]!, actionId: 'a2' };
    recorded.push({ clientMutationId: null, actionId: 'a1', updateId: 'someone-else' });
    const verdict = compareCounts(acknowledged, [], [view(API, recorded, { behind: 'commitment-tracker at 11' })]);
    expect(verdict.pass).toBe(false);
    expect(verdict.differences).toEqual([
      `${API}: not caught up: commitment-tracker at 11`,
      `${API}: 1 update(s) recorded on another action than sent to: drill-r-u0 on a2`,
      `${API}: 1 update(s) on the drill's actions that the drill did not write: someone-else`,
    ]);
  });

  it('quotes at most ten ids but counts them all', () => {
    const many = Array.from({ length: 25 }, (_, i): Acknowledged => ({ clientMutationId: `u${i}`, actionId: 'a1', position: String(i) }));
    const [difference] = compareCounts(many, [], [view(API, [])]).differences;
    expect(difference).toBe(`${API}: 25 acknowledged update(s) lost: u0, u1, u2, u3, u4, u5, u6, u7, u8, u9 and 15 more`);
  });
});

describe('positions', () => {
  it('orders embedded positions and EventStoreDB commit/prepare pairs by number, never as strings', () => {
    expect(positionOrder('10') > positionOrder('9')).toBe(true);
    expect(positionOrder('1200/1100') > positionOrder('999/999')).toBe(true);
    expect(positionOrder('18446744073709551615')).toBe(18446744073709551615n);
  });

  it('refuses a position that is neither', () => {
    expect(() => positionOrder('abc')).toThrow('position "abc" is neither a number nor commit/prepare');
  });
});

describe('the drill command line', () => {
  it('takes every instance, the token and the counts', () => {
    const options = parseDrillArguments(['--api', 'http://localhost:3001/', '--api', 'http://localhost:3002/graphql', '--token', 't', '--updates', '50', '--clients', '5']);
    expect(options).toMatchObject({ apis: ['http://localhost:3001', 'http://localhost:3002'], token: 't', updates: 50, clients: 5, actions: 10, timeoutSeconds: 120 });
  });

  it.each([
    [['--token', 't'], '--api is required'],
    [['--api', 'http://a'], '--token is required'],
    [['--api', 'localhost:3001', '--token', 't'], '--api must be an http or https URL'],
    [['--api', 'http://a', '--api', 'http://a/', '--token', 't'], '--api names the same instance twice'],
    [['--api', 'http://a', '--token', 't', '--clients', '0'], '--clients must be a whole number of at least 1 (got "0")'],
    [['--api', 'http://a', '--token', 't', '--updates', '2e3'], '--updates must be a whole number of at least 1 (got "2e3")'],
    [['--api', 'http://a', '--token'], '--token needs a value'],
    [['--api', 'http://a', '--token', 't', '--leader', 'x'], 'unknown argument "--leader"'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseDrillArguments(argv)).toThrow(DrillArgumentError);
    expect(() => parseDrillArguments(argv)).toThrow(message);
  });
});
