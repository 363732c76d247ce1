import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import { WebSocket } from 'ws';
import { mintIdentityToken } from '@ledger/auth';
import { ApiProcess, LOCAL_ISSUER, newDataDir, runCli, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';

/** The demo's "today": updates are reported on it. */
const TODAY = '2021-11-01';
const PER_CONNECTION = 3;
const CONNECTIONS_PER_PERSON = 2;

const CHANGES = `subscription($id: ID!) { partnershipChanged(partnershipId: $id) { partnershipId kind subjectId event position action { id latestUpdate { whatHasHappened } } } }`;
const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`;

type Ended = Readonly<{ error?: any; completed?: boolean }>;
/** One subscription as the client sees it: what arrived, and how it ended. */
type Stream = Readonly<{ received: any[]; ended: Promise<Ended>; onNext: (listener: (result: any) => void) => void }>;

const clients: Client[] = [];

/** A graphql-ws client over a real WebSocket, authenticated (or not) in connection_init as over HTTP. */
function connect(api: ApiProcess, token?: string, onClosed?: (event: { code: number; reason: string }) => void): Client {
  const client = createClient({
    url: api.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    on: onClosed ? { closed: (event) => onClosed(event as { code: number; reason: string }) } : {},
  });
  clients.push(client);
  return client;
}

function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Stream {
  const received: any[] = [];
  const listeners: ((result: any) => void)[] = [];
  const ended = new Promise<Ended>((done) =>
    client.subscribe(
      { query, variables },
      {
        next: (result) => {
          received.push(result);
          for (const listener of listeners) listener(result);
        },
        error: (error) => done({ error }),
        complete: () => done({ completed: true }),
      },
    ),
  );
  return { received, ended, onNext: (listener) => listeners.push(listener) };
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`${what} did not happen within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

describe('GraphQL subscriptions over graphql-ws', () => {
  const dataDir = newDataDir();
  let api: ApiProcess;
  let leeds: string;
  let llr: string;
  let actionId: string;
  let secretariat: string;
  let reporter: string;
  let updates = 0;

  /** Submits an update to the Leeds action as its SECRETARIAT; resolves with its position and text. */
  const submitUpdate = async () => {
    const whatHasHappened = `Update ${++updates} from the subscriptions test`;
    const response = await api.graphql<{ submitActionUpdate: { position: string } }>(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened } }, reporter);
    expect(response.errors).toBeUndefined();
    return { position: response.data!.submitActionUpdate.position, whatHasHappened };
  };

  /**
   * Updates until the stream tells one (a subscription is live only once the server has taken it, which
   * the protocol does not acknowledge): resolves with the update told and the positions written.
   */
  const updateUntilTold = async (stream: Stream) => {
    const written: { position: string; whatHasHappened: string }[] = [];
    const told = new Promise<any>((done) => stream.onNext(done));
    for (let attempt = 0; attempt < 20; attempt++) {
      written.push(await submitUpdate());
      const result = await within(told, 500, 'a change').catch(() => null);
      if (result) return { result, written };
    }
    throw new Error('No change was told after 20 updates');
  };

  beforeAll(async () => {
    expect((await runCli(['demo'], { LEDGER_DATA_DIR: dataDir, LEDGER_JWT_SECRET: TEST_JWT_SECRET })).code).toBe(0);
    api = await ApiProcess.start({
      dataDir,
      env: {
        LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z`,
        LEDGER_MAX_SUBSCRIPTIONS_PER_CONNECTION: String(PER_CONNECTION),
        LEDGER_MAX_SUBSCRIPTION_CONNECTIONS_PER_PERSON: String(CONNECTIONS_PER_PERSON),
      },
    });
    const admin = await api.adminToken();
    const { data } = await api.graphql<any>(
      '{ partnerships(first: 20) { nodes { id name organisations(first: 50) { nodes { id name } } } } }',
      {},
      admin,
    );
    const partnerships = data.partnerships.nodes as { id: string; name: string; organisations: { nodes: { id: string; name: string }[] } }[];
    leeds = partnerships.find((p) => p.name === 'Leeds Health and Wellbeing Board')!.id;
    llr = partnerships.find((p) => p.name.startsWith('Leicester, Leicestershire and Rutland'))!.id;
    const leedsGate = partnerships.find((p) => p.id === leeds)!.organisations.nodes.find((o) => o.name === 'Leeds GATE')!.id;
    const { data: commitments } = await api.graphql<any>(
      'query($id: ID!) { commitments(partnershipId: $id, first: 20) { nodes { actions(first: 20) { nodes { id status } } } } }',
      { id: leeds },
      admin,
    );
    actionId = commitments.commitments.nodes.flatMap((c: any) => c.actions.nodes).find((a: any) => !['COMPLETED', 'CANCELLED'].includes(a.status))!.id;
    await api.grant('secretariat@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    await api.grant('reporter@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    await api.grant('partner@leeds-gate.example', 'PARTNER', { organisationId: leedsGate });
    secretariat = await tokenOf('secretariat@leeds.example');
    reporter = await tokenOf('reporter@leeds.example');
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.dispose()));
    await api?.stop();
  });

  it('tells a secretariat subscriber an update as it is submitted, after the read models show it', async () => {
    const stream = subscribe(connect(api, secretariat), CHANGES, { id: leeds });
    // On receipt, a query sees the change: read-your-writes for the subscriber.
    const seen = new Promise<any>((done) =>
      stream.onNext(async () => done((await api.graphql<any>('query($id: ID!) { action(id: $id) { updates(first: 100) { nodes { whatHasHappened } } } }', { id: actionId }, secretariat)).data)),
    );
    const { result, written } = await updateUntilTold(stream);
    expect(result.errors).toBeUndefined();
    const change = result.data.partnershipChanged;
    const told = written.find((update) => update.position === change.position);
    expect(told).toBeDefined();
    expect(change).toMatchObject({ partnershipId: leeds, kind: 'ACTION', subjectId: actionId, event: 'ActionUpdateSubmitted' });
    expect(change.action).toEqual({ id: actionId, latestUpdate: { whatHasHappened: expect.stringMatching(/^Update \d+ from the subscriptions test$/) } });
    expect((await seen).action.updates.nodes.map((update: { whatHasHappened: string }) => update.whatHasHappened)).toContain(told!.whatHasHappened);
  }, 60_000);

  it('refuses a partner who subscribes to a partnership their organisation is not in (FORBIDDEN)', async () => {
    const stream = subscribe(connect(api, await tokenOf('partner@leeds-gate.example')), CHANGES, { id: llr });
    const ended = await within(stream.ended, 10_000, 'the refusal');
    expect(stream.received).toHaveLength(1);
    expect(stream.received[0].errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect(stream.received[0].errors[0].message).toMatch(/subscribe to partnership/);
    expect(ended.completed).toBe(true);
  });

  it('lets the same partner follow their own partnership', async () => {
    const stream = subscribe(connect(api, await tokenOf('partner@leeds-gate.example')), CHANGES, { id: leeds });
    const { result } = await updateUntilTold(stream);
    expect(result.data.partnershipChanged).toMatchObject({ partnershipId: leeds, subjectId: actionId });
  }, 60_000);

  it('closes a connection without a token, or with a bad one, as UNAUTHENTICATED (4401)', async () => {
    for (const token of [undefined, 'not-a-token']) {
      let closed: { code: number; reason: string } | undefined;
      const stream = subscribe(
        connect(api, token, (event) => (closed = event)),
        CHANGES,
        { id: leeds },
      );
      const ended = await within(stream.ended, 10_000, 'the refusal');
      expect(ended.error).toBeDefined();
      expect(closed?.code).toBe(4401);
      expect(closed?.reason).toMatch(/^UNAUTHENTICATED: /);
      expect(stream.received).toHaveLength(0);
    }
  });

  it('closes a connection when its token expires (4401)', async () => {
    const shortLived = await mintIdentityToken({ secret: TEST_JWT_SECRET, issuer: LOCAL_ISSUER, subject: 'secretariat@leeds.example', expiresInSeconds: 2, maxLifetimeSeconds: 3600 });
    let closed: { code: number; reason: string } | undefined;
    const stream = subscribe(
      connect(api, shortLived, (event) => (closed = event)),
      CHANGES,
      { id: leeds },
    );
    await within(stream.ended, 10_000, 'the close at expiry');
    expect(closed).toEqual(expect.objectContaining({ code: 4401, reason: 'UNAUTHENTICATED: the token has expired; connect again with a new one' }));
  });

  it('ends the subscription of someone whose grant is revoked, with FORBIDDEN', async () => {
    const grantId = await api.grant('revoked@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    const stream = subscribe(connect(api, await tokenOf('revoked@leeds.example')), CHANGES, { id: leeds });
    await updateUntilTold(stream);
    const before = stream.received.length;
    const revoked = await api.graphql<any>(
      'mutation($input: RevokeRoleInput!) { revokeRole(input: $input) { position } }',
      { input: { grantId, reason: 'Left the secretariat' } },
      await api.adminToken(),
    );
    expect(revoked.errors).toBeUndefined();
    await submitUpdate();
    const ended = await within(stream.ended, 10_000, 'the end of the revoked subscription');
    expect(ended.completed).toBe(true);
    const last = stream.received.at(-1);
    expect(last.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    // Nothing after the revocation: the error is the one thing told after it.
    expect(stream.received.slice(before).filter((result) => result.data?.partnershipChanged)).toHaveLength(0);
  }, 60_000);

  it('refuses a subscription document deeper than the query limits allow, and queries over the socket', async () => {
    const deep = `subscription($id: ID!) { partnershipChanged(partnershipId: $id) { action { commitment { actions { nodes { commitment { actions { nodes { commitment { id } } } } } } } } } }`;
    const client = connect(api, secretariat);
    const refused = await within(subscribe(client, deep, { id: leeds }).ended, 10_000, 'the refusal');
    expect(refused.error[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'maxDepth' });
    const query = await within(subscribe(client, '{ partnerships(first: 1) { totalCount } }').ended, 10_000, 'the refusal');
    expect(query.error[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'subscriptionsOnly' });
    const huge = await within(subscribe(client, `subscription { ${'partnershipChanged(partnershipId: "x") { kind } '.repeat(400)} }`).ended, 10_000, 'the refusal');
    expect(huge.error[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'maxTokens' });
  });

  it('refuses a subscription sent over HTTP, and answers a WebSocket upgrade elsewhere than /graphql with 404', async () => {
    const overHttp = await api.graphql<any>(CHANGES, { id: leeds }, secretariat);
    expect(overHttp.data).toBeUndefined();
    expect(overHttp.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query', rule: 'subscriptionsOverWebSocket' });
    const elsewhere = new WebSocket(api.url.replace(/^http/, 'ws').replace(/\/graphql$/, '/elsewhere'), 'graphql-transport-ws');
    const status = await within(
      new Promise<number>((done) => elsewhere.once('unexpected-response', (_request, response) => done(response.statusCode ?? 0)).once('error', () => done(-1))),
      10_000,
      'the answer to an upgrade elsewhere',
    );
    expect(status).toBe(404);
  });

  it('caps a flood of subscribe messages per connection, and connections per person', async () => {
    const flooder = await tokenOf('flooder@leeds.example');
    await api.grant('flooder@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    const client = connect(api, flooder);
    const streams = Array.from({ length: 50 }, () => subscribe(client, CHANGES, { id: leeds }));
    const refusals = await within(Promise.all(streams.slice(PER_CONNECTION).map((stream) => stream.ended)), 20_000, 'the refusals');
    for (const refusal of refusals) expect(refusal.error[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', rule: 'maxSubscriptionsPerConnection' });
    // The first ones run on, and still hear changes.
    const { result } = await updateUntilTold(streams[0]!);
    expect(result.data.partnershipChanged.subjectId).toBe(actionId);

    const second = connect(api, flooder);
    const alive = subscribe(second, CHANGES, { id: leeds });
    await updateUntilTold(alive);
    let closed: { code: number; reason: string } | undefined;
    const third = subscribe(connect(api, flooder, (event) => (closed = event)), CHANGES, { id: leeds });
    await within(third.ended, 10_000, 'the refusal of a third connection');
    expect(closed).toMatchObject({ code: 4429, reason: expect.stringContaining(`At most ${CONNECTIONS_PER_PERSON} subscription connections a person`) });
  }, 90_000);
});
