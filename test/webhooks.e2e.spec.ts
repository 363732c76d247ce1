import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { ApiProcess, LOCAL_ISSUER, newDataDir, tokenOf } from './support/api-process.js';
import { graphqlClient } from './support/graphql-client.js';

/**
 * Webhooks over HTTP, to receivers in this test: each event once, signed as Standard Webhooks says
 * (checked here with the specification's algorithm written out, and with its reference library),
 * across restarts in the middle of deliveries; retries; the delivery log; replay; and the hostile
 * cases (another partnership, private addresses, a receiver that never answers).
 *
 * The ledger's clock stands at 2 March 2026, noon in London; retries and timeouts run on real time.
 */
const TODAY = '2026-03-02';
const ENV = {
  LEDGER_CLOCK_NOW: `${TODAY}T12:00:00Z`,
  LEDGER_WEBHOOK_ALLOW_LOOPBACK: 'true',
  LEDGER_WEBHOOK_SECRET_KEY: 'webhook-key-of-the-e2e-tests-long-enough',
  LEDGER_WEBHOOK_RETRY_BASE_MS: '100',
  LEDGER_WEBHOOK_RETRY_MAX_MS: '400',
  LEDGER_WEBHOOK_MAX_ATTEMPTS: '4',
  LEDGER_WEBHOOK_TIMEOUT_MS: '1000',
  LEDGER_WEBHOOK_SCAN_INTERVAL_MS: '100',
  LEDGER_WEBHOOK_CONCURRENCY: '4',
};

/** The specification's verification, written out: HMAC-SHA256 of id.timestamp.body under the secret's base64 bytes. */
function verifiedBySpec(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = headers['webhook-id'] as string;
  const timestamp = headers['webhook-timestamp'] as string;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((signature) => {
      const [version, value] = signature.split(',');
      const given = Buffer.from(value ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

type Received = Readonly<{ path: string; headers: IncomingHttpHeaders; body: string; at: number }>;

/** A receiver on this machine: each path answers as `answer` says (a status, after a delay; null: never). */
class Receiver {
  readonly received: Received[] = [];
  private server!: Server;
  url!: string;
  answer: (request: Received, seenBefore: number) => { status: number | null; delayMs?: number } = () => ({ status: 204 });

  async start() {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const got: Received = { path: request.url ?? '', headers: request.headers, body, at: Date.now() };
        const seenBefore = this.received.filter((r) => r.headers['webhook-id'] === got.headers['webhook-id']).length;
        this.received.push(got);
        const { status, delayMs = 0 } = this.answer(got, seenBefore);
        if (status === null) return; // never answers
        setTimeout(() => response.writeHead(status).end(), delayMs);
      });
    });
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  on(path: string) {
    return this.received.filter((r) => r.path === path);
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }
}

async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { webhook { id partnershipId url eventTypes secretVersion registeredOn removed } secret position } }`;
const DELIVERIES = `query($webhookId: ID!, $status: WebhookDeliveryStatus) { webhookDeliveries(webhookId: $webhookId, status: $status, first: 100) {
  totalCount nodes { id eventType status attemptCount lastStatusCode nextAttemptAt deliveredAt payload attempts { attempt statusCode error durationMs } } } }`;
const UPDATE = `mutation($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position } }`;

describe('webhooks', () => {
  const receiver = new Receiver();
  const dataDir = newDataDir();
  let api: ApiProcess;
  let admin: string;
  let secretary: string;
  let leeds: string;
  let council: string;
  let commitmentId: string;
  /** Overdue since today and silent since today (planned 30 days ago, never updated). */
  let lateAction: string;
  /** Due at the end of the year: updated freely. */
  let openAction: string;
  let client: ReturnType<typeof graphqlClient>;
  const call = (query: string, variables: object, token: string) => client.call(query, variables, token);
  const ok = (query: string, variables: object, token: string) => client.ok(query, variables, token);
  const refused: ReturnType<typeof graphqlClient>['refused'] = (request, code, extensions) => client.refused(request, code, extensions);

  const register = async (path: string, eventTypes: string[], token = secretary) =>
    (await ok(REGISTER, { input: { partnershipId: leeds, url: `${receiver.url}${path}`, eventTypes } }, token)).registerWebhook;
  const deliveries = async (webhookId: string, status?: string) => (await ok(DELIVERIES, { webhookId, status }, secretary)).webhookDeliveries;
  const submitUpdates = async (actionId: string, count: number, from = 0) => {
    for (let n = from; n < from + count; n++) await ok(UPDATE, { input: { actionId, status: 'ON_TRACK', whatHasHappened: `Update ${n}` } }, secretary);
  };

  beforeAll(async () => {
    await receiver.start();
    api = await ApiProcess.start({ dataDir, env: ENV });
    admin = await api.adminToken();
    client = graphqlClient(() => api, admin);
    const formed = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, {
      input: { name: 'Leeds Health and Wellbeing Board', level: 'PLACE', timeZone: 'Europe/London' },
    }, admin);
    leeds = formed.formPartnership.partnership.id;
    council = (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
      input: { name: 'Leeds City Council', sector: 'LOCAL_GOVERNMENT' },
    }, admin)).registerOrganisation.organisation.id;
    await api.grant('secretary@leeds.example', 'SECRETARIAT', { partnershipId: leeds });
    secretary = await tokenOf('secretary@leeds.example');
    await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId: leeds, organisationId: council } }, secretary);
  });
  afterAll(async () => {
    await api?.stop();
    await receiver.stop();
  });

  it('sends each event once, signed, to every webhook that asked for it, across a restart in the middle of deliveries', async () => {
    const everything = await register('/all', ['UPDATE_SUBMITTED', 'ACTION_BECAME_OVERDUE', 'ACTION_SILENT', 'COMMITMENT_STATUS_CHANGED', 'CHALLENGE_RAISED']);
    expect(everything.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(everything.webhook).toMatchObject({ partnershipId: leeds, secretVersion: 1, registeredOn: TODAY, removed: false });
    const updatesOnly = await register('/updates', ['UPDATE_SUBMITTED']);
    // The secret is in no event and no later answer.
    const history = await call(`query($p: ID!) { webhooks(partnershipId: $p) { nodes { id url } } }`, { p: leeds }, secretary);
    expect(JSON.stringify(history)).not.toContain(everything.secret.slice(6));

    const made = await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId: leeds, owningOrganisationId: council, title: 'Hardwire health inequalities', description: 'THIG recommendation 1.', madeOn: '2026-01-10' },
    }, secretary);
    commitmentId = made.makeCommitment.commitment.id;
    await ok(`mutation($input: EndorseCommitmentInput!) { endorseCommitment(input: $input) { position } }`, { input: { commitmentId, endorsedOn: '2026-01-15' } }, secretary);
    const plan = async (title: string, dueDate: string, plannedOn: string) =>
      (await ok(`mutation($input: PlanActionInput!) { planAction(input: $input) { actions { id } } }`, {
        input: { commitmentId, owningOrganisationId: council, title, dueDate, plannedOn },
      }, secretary)).planAction.actions[0].id as string;
    lateAction = await plan('Publish the health equity audit', '2026-03-01', '2026-01-31');
    openAction = await plan('Train every executive director', '2026-12-31', '2026-02-20');

    // A slow receiver, so the restart comes while deliveries are still going out.
    receiver.answer = () => ({ status: 204, delayMs: 60 });
    await submitUpdates(openAction, 12);
    await until('some updates delivered', () => receiver.on('/updates').length >= 3);
    expect(await api.stop()).toBe(0);
    const sentBeforeRestart = receiver.received.length;
    api = await ApiProcess.start({ dataDir, env: ENV });
    await submitUpdates(openAction, 3, 12);

    // 15 updates, the commitment endorsed, the late action overdue and silent: 18 to /all, 15 to /updates.
    await until('every delivery', () => receiver.on('/all').length >= 18 && receiver.on('/updates').length >= 15);
    await new Promise((done) => setTimeout(done, 500)); // nothing more comes
    // 27 were due before the restart (12 updates to each, the endorsement, overdue, silent): some went out only after it.
    expect(sentBeforeRestart).toBeLessThan(27);
    for (const [path, secret, count] of [['/all', everything.secret, 18], ['/updates', updatesOnly.secret, 15]] as const) {
      const got = receiver.on(path);
      const ids = got.map((r) => r.headers['webhook-id']);
      expect({ path, count: got.length, distinct: new Set(ids).size }).toEqual({ path, count, distinct: count });
      for (const { headers, body } of got) {
        expect(verifiedBySpec(secret, headers, body)).toBe(true);
        expect(new StandardWebhook(secret).verify(body, headers as Record<string, string>)).toEqual(JSON.parse(body));
        expect(verifiedBySpec(everything.secret === secret ? updatesOnly.secret : everything.secret, headers, body)).toBe(false);
      }
    }
    const types = receiver.on('/all').map((r) => JSON.parse(r.body));
    expect(types.filter((m) => m.type === 'action.update_submitted')).toHaveLength(15);
    expect(types.find((m) => m.type === 'commitment.status_changed').data).toEqual({
      partnershipId: leeds,
      commitmentId,
      status: 'ACTIVE',
      previousStatus: 'PROPOSED',
      changedOn: '2026-01-15',
    });
    expect(types.find((m) => m.type === 'action.overdue').data).toEqual({ partnershipId: leeds, actionId: lateAction, dueDate: '2026-03-01', overdueOn: TODAY });
    expect(types.find((m) => m.type === 'action.silent').data).toEqual({
      partnershipId: leeds,
      actionId: lateAction,
      lastReportedOn: '2026-01-31',
      silentAfterDays: 30,
      silentOn: TODAY,
    });
    // No free text reaches a receiver: the update's narrative stays in the ledger.
    expect(receiver.on('/all').some((r) => r.body.includes('Update 1'))).toBe(false);

    const log = await deliveries(everything.webhook.id);
    expect(log.totalCount).toBe(18);
    expect(log.nodes.every((d: any) => d.status === 'DELIVERED' && d.attemptCount === 1 && d.lastStatusCode === 204 && d.nextAttemptAt === null)).toBe(true);
  });

  it('sends again after a crash with the same webhook-ids, losing none', async () => {
    const crashing = await register('/crash', ['UPDATE_SUBMITTED']);
    receiver.answer = () => ({ status: 200, delayMs: 80 });
    await submitUpdates(openAction, 10, 100);
    await until('a few delivered', () => receiver.on('/crash').length >= 3);
    await api.kill();
    api = await ApiProcess.start({ dataDir, env: ENV });
    await until('every delivery after the crash', () => new Set(receiver.on('/crash').map((r) => r.headers['webhook-id'])).size >= 10);
    const log = await deliveries(crashing.webhook.id);
    expect(log.totalCount).toBe(10);
    await until('the log to show them delivered', async () => (await deliveries(crashing.webhook.id, 'DELIVERED')).totalCount === 10);
    // Any delivery sent twice (cut short by the crash) carried the same id, so the receiver counts ten.
    expect(new Set(receiver.on('/crash').map((r) => r.headers['webhook-id']))).toEqual(new Set(log.nodes.map((d: any) => d.id)));
  });

  it('retries with back-off until the receiver answers 2xx, logs each attempt, and replays with the same webhook-id', async () => {
    const flaky = await register('/flaky', ['UPDATE_SUBMITTED']);
    receiver.answer = (request, seenBefore) => (request.path === '/flaky' && seenBefore < 2 ? { status: 503 } : { status: 204 });
    await submitUpdates(openAction, 1, 200);
    await until('the third attempt', () => receiver.on('/flaky').length >= 3);
    const [delivery] = (await until('delivered', async () => (await deliveries(flaky.webhook.id, 'DELIVERED')).totalCount === 1 && deliveries(flaky.webhook.id))).nodes;
    expect(delivery).toMatchObject({ status: 'DELIVERED', attemptCount: 3, lastStatusCode: 204, nextAttemptAt: null });
    expect(delivery.attempts.map(({ attempt, statusCode, error }: any) => ({ attempt, statusCode, error }))).toEqual([
      { attempt: 1, statusCode: 503, error: 'HTTP 503' },
      { attempt: 2, statusCode: 503, error: 'HTTP 503' },
      { attempt: 3, statusCode: 204, error: null },
    ]);
    const sent = receiver.on('/flaky');
    expect(new Set(sent.map((r) => r.headers['webhook-id']))).toEqual(new Set([delivery.id]));
    // Back-off: 100 ms then 200 ms (measured at the receiver, so at least that).
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(90);
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(190);

    const replayed = await ok(`mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { deliveryId webhook { id } position } }`, {
      input: { webhookId: flaky.webhook.id, deliveryId: delivery.id },
    }, secretary);
    expect(replayed.replayWebhookDelivery.deliveryId).toBe(delivery.id);
    await until('the replay', () => receiver.on('/flaky').length === 4);
    const replay = receiver.on('/flaky')[3]!;
    expect(replay.headers['webhook-id']).toBe(delivery.id);
    expect(replay.body).toBe(sent[0]!.body);
    expect(verifiedBySpec(flaky.secret, replay.headers, replay.body)).toBe(true);
    await until('the log to show the fourth attempt', async () => (await deliveries(flaky.webhook.id)).nodes[0].attemptCount === 4);
  });

  it('marks a delivery FAILED after the last attempt, and a receiver that never answers holds up nobody else', async () => {
    receiver.answer = (request) => (request.path === '/never' ? { status: null } : request.path === '/broken' ? { status: 500 } : { status: 204 });
    const never = await register('/never', ['UPDATE_SUBMITTED']);
    const broken = await register('/broken', ['UPDATE_SUBMITTED']);
    const prompt = await register('/prompt', ['UPDATE_SUBMITTED']);
    await submitUpdates(openAction, 6, 300);
    // The silent receiver's six take 4 attempts of a 1 s timeout each, one at a time (its share of the four slots):
    // the prompt receiver has all six while most of those are still to come.
    await until('the prompt receiver', () => receiver.on('/prompt').length >= 6);
    expect((await deliveries(never.webhook.id, 'PENDING')).totalCount).toBeGreaterThan(0);
    const failed = await until('broken deliveries failed', async () => {
      const log = await deliveries(broken.webhook.id, 'FAILED');
      return log.totalCount === 6 && log;
    });
    expect(failed.nodes[0]).toMatchObject({ attemptCount: 4, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
    const silent = await until('a timed-out attempt', async () => {
      const log = await deliveries(never.webhook.id);
      return log.nodes.find((d: any) => d.attempts.length > 0) ?? null;
    });
    expect(silent.attempts[0]).toMatchObject({ statusCode: null, error: 'no answer within 1000 ms' });
    await ok(`mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { webhook { removed } } }`, { input: { webhookId: never.webhook.id } }, secretary);
    await ok(`mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { webhook { removed } } }`, { input: { webhookId: prompt.webhook.id } }, secretary);
    await until('the removed webhook’s pending deliveries dropped', async () => (await deliveries(never.webhook.id, 'PENDING')).totalCount === 0);
  });

  it('signs with the new secret at once after a rotation, and never with the old', async () => {
    const rotating = await register('/rotating', ['UPDATE_SUBMITTED']);
    receiver.answer = () => ({ status: 204 });
    const rotated = (await ok(`mutation($input: RotateWebhookSecretInput!) { rotateWebhookSecret(input: $input) { webhook { secretVersion } secret } }`, {
      input: { webhookId: rotating.webhook.id },
    }, secretary)).rotateWebhookSecret;
    expect(rotated.webhook.secretVersion).toBe(2);
    expect(rotated.secret).not.toBe(rotating.secret);
    await until('the webhook registry to read the rotation', async () => (await ok(`query($p: ID!) { webhooks(partnershipId: $p, first: 100) { nodes { id secretVersion } } }`, { p: leeds }, secretary))
      .webhooks.nodes.some((w: any) => w.id === rotating.webhook.id && w.secretVersion === 2));
    await submitUpdates(openAction, 1, 400);
    await until('the delivery', () => receiver.on('/rotating').length === 1);
    const [got] = receiver.on('/rotating');
    expect(verifiedBySpec(rotated.secret, got!.headers, got!.body)).toBe(true);
    expect(verifiedBySpec(rotating.secret, got!.headers, got!.body)).toBe(false);
  });

  it('tells of challenges raised at an allyship check-in, and of a commitment closed', async () => {
    const hook = await register('/allyship', ['CHALLENGE_RAISED', 'COMMITMENT_STATUS_CHANGED']);
    receiver.answer = () => ({ status: 204 });
    const coin = (await ok(`mutation($input: RegisterOrganisationInput!) { registerOrganisation(input: $input) { organisation { id } } }`, {
      input: { name: 'Communities of Interest Network', sector: 'VCSE' },
    }, admin)).registerOrganisation.organisation.id;
    await ok(`mutation($input: JoinPartnershipInput!) { joinPartnership(input: $input) { position } }`, { input: { partnershipId: leeds, organisationId: coin } }, secretary);
    const seat = (await ok(`mutation($input: AppointMemberInput!) { appointMember(input: $input) { member { id } } }`, {
      input: { partnershipId: leeds, organisationId: council, name: 'Councillor Fiona Venner', roleTitle: 'Executive Member for Adult Social Care' },
    }, secretary)).appointMember.member.id;
    await ok(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } } }`, {
      input: { issuer: LOCAL_ISSUER, subject: 'amina@coin.example', role: 'PARTNER', organisationId: coin, reason: 'e2e' },
    }, admin);
    const allyPersonId = (await ok('{ me { person { id } } }', {}, await tokenOf('amina@coin.example'))).me.person.id;
    const pairing = (await ok(`mutation($input: ProposeAllyshipPairingInput!) { proposeAllyshipPairing(input: $input) { allyshipPairing { id } } }`, {
      input: { partnershipId: leeds, boardMemberId: seat, ally: { personId: allyPersonId, organisationId: coin }, focus: 'The Toolkit', proposedOn: '2026-02-01' },
    }, secretary)).proposeAllyshipPairing.allyshipPairing.id;
    await ok(`mutation($input: ActivateAllyshipPairingInput!) { activateAllyshipPairing(input: $input) { position } }`, { input: { pairingId: pairing, activatedOn: '2026-02-02', reason: 'Agreed' } }, secretary);
    const logged = await ok(`mutation($input: LogAllyshipCheckInInput!) { logAllyshipCheckIn(input: $input) { checkIn { id } challenges { id } } }`, {
      input: {
        pairingId: pairing,
        heldOn: '2026-03-01',
        summary: 'Walked through the Toolkit',
        challenges: [{ text: 'Which council decisions used the Toolkit?', commitmentId }, { text: 'When is the training?', actionId: openAction }],
      },
    }, secretary);
    const other = (await ok(`mutation($input: MakeCommitmentInput!) { makeCommitment(input: $input) { commitment { id } } }`, {
      input: { partnershipId: leeds, owningOrganisationId: council, title: 'A second commitment', description: 'Withdrawn.' },
    }, secretary)).makeCommitment.commitment.id;
    await ok(`mutation($input: CloseCommitmentInput!) { closeCommitment(input: $input) { position } }`, { input: { commitmentId: other, outcome: 'WITHDRAWN', reason: 'Superseded' } }, secretary);

    await until('three messages', () => receiver.on('/allyship').length >= 3);
    const messages = receiver.on('/allyship').map((r) => JSON.parse(r.body));
    const challengeIds = logged.logAllyshipCheckIn.challenges.map((c: { id: string }) => c.id);
    expect(messages.filter((m) => m.type === 'allyship.challenge_raised').map((m) => m.data)).toEqual([
      { partnershipId: leeds, pairingId: pairing, checkInId: logged.logAllyshipCheckIn.checkIn.id, challengeId: challengeIds[0], commitmentId, actionId: null, raisedOn: '2026-03-01', raisedBy: 'SECRETARIAT' },
      { partnershipId: leeds, pairingId: pairing, checkInId: logged.logAllyshipCheckIn.checkIn.id, challengeId: challengeIds[1], commitmentId, actionId: openAction, raisedOn: '2026-03-01', raisedBy: 'SECRETARIAT' },
    ]);
    expect(messages.find((m) => m.type === 'commitment.status_changed').data).toMatchObject({ commitmentId: other, status: 'WITHDRAWN', previousStatus: 'PROPOSED' });
    // Nobody's name nor the challenge's wording goes out.
    expect(receiver.on('/allyship').some((r) => /Venner|Toolkit|training/.test(r.body))).toBe(false);
    expect((await deliveries(hook.webhook.id, 'DELIVERED')).totalCount).toBe(3);
  });

  describe('hostile requests', () => {
    let bradford: string;
    let bradfordSecretary: string;

    beforeAll(async () => {
      const formed = await ok(`mutation($input: FormPartnershipInput!) { formPartnership(input: $input) { partnership { id } } }`, {
        input: { name: 'Bradford Health and Wellbeing Board', level: 'PLACE' },
      }, admin);
      bradford = formed.formPartnership.partnership.id;
      // As the administrator bootstrapped before the restarts (api.grant would bootstrap the new process again).
      await ok(`mutation($input: GrantRoleInput!) { grantRole(input: $input) { grant { id } } }`, {
        input: { issuer: LOCAL_ISSUER, subject: 'secretary@bradford.example', role: 'SECRETARIAT', partnershipId: bradford, reason: 'e2e' },
      }, admin);
      bradfordSecretary = await tokenOf('secretary@bradford.example');
    });

    it('keeps every webhook to its own partnership: another secretariat can neither register, read, replay nor remove', async () => {
      const leedsHook = await register('/leeds-only', ['UPDATE_SUBMITTED']);
      const input = { partnershipId: leeds, url: `${receiver.url}/theirs`, eventTypes: ['UPDATE_SUBMITTED'] };
      await refused(() => call(REGISTER, { input }, bradfordSecretary), 'FORBIDDEN');
      for (const [query, variables] of [
        [DELIVERIES, { webhookId: leedsHook.webhook.id }],
        [`query($p: ID!) { webhooks(partnershipId: $p) { totalCount } }`, { p: leeds }],
      ] as const) {
        expect((await call(query, variables, bradfordSecretary)).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
      const log = await until('a delivery', async () => {
        await submitUpdates(openAction, 1, 500);
        return (await deliveries(leedsHook.webhook.id)).nodes[0];
      });
      await refused(() => call(`mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { position } }`, {
        input: { webhookId: leedsHook.webhook.id, deliveryId: log.id },
      }, bradfordSecretary), 'FORBIDDEN');
      await refused(() => call(`mutation($input: RemoveWebhookInput!) { removeWebhook(input: $input) { position } }`, { input: { webhookId: leedsHook.webhook.id } }, bradfordSecretary), 'FORBIDDEN');
      // Bradford's own webhook cannot replay a Leeds delivery by naming its id.
      const theirs = (await ok(REGISTER, { input: { partnershipId: bradford, url: `${receiver.url}/bradford`, eventTypes: ['UPDATE_SUBMITTED'] } }, bradfordSecretary)).registerWebhook;
      await refused(() => call(`mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { position } }`, {
        input: { webhookId: theirs.webhook.id, deliveryId: log.id },
      }, bradfordSecretary), 'NOT_FOUND');
      // A delivery id that is not one (as a careless client might send) is bad input naming the field, not "not found".
      await refused(() => call(`mutation($input: ReplayWebhookDeliveryInput!) { replayWebhookDelivery(input: $input) { position } }`, {
        input: { webhookId: theirs.webhook.id, deliveryId: `${log.id}-extra` },
      }, bradfordSecretary), 'BAD_USER_INPUT', { field: 'deliveryId' });
      // Leeds's partner-less auditor-less people: a stranger reads nothing either.
      expect((await call(DELIVERIES, { webhookId: leedsHook.webhook.id }, await tokenOf('stranger@example.org'))).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    });

    it.each([
      ['http://hooks.example.org/ledger', /url must use https/],
      ['https://169.254.169.254/latest/meta-data/', /url must not point at 169\.254\.169\.254/],
      ['https://10.1.2.3/hook', /url must not point at 10\.1\.2\.3/],
      ['https://[fd00::1]/hook', /url must not point at fd00::1/],
      ['https://[::ffff:192.168.0.1]/hook', /private/],
      ['https://user:pass@hooks.example.org/', /url must not carry a user name or password/],
      ['not a url', /url must be an absolute https URL/],
    ])('refuses to register %s', async (url, message) => {
      const error = await refused(() => call(REGISTER, { input: { partnershipId: leeds, url, eventTypes: ['UPDATE_SUBMITTED'] } }, secretary), 'BAD_USER_INPUT', { field: 'url' });
      expect(error.message).toMatch(message);
    });

    it('refuses no event types, an unknown one, and a retry registers once', async () => {
      await refused(() => call(REGISTER, { input: { partnershipId: leeds, url: 'https://hooks.example.org/x', eventTypes: [] } }, secretary), 'BAD_USER_INPUT', { field: 'eventTypes' });
      expect((await call(REGISTER, { input: { partnershipId: leeds, url: 'https://hooks.example.org/x', eventTypes: ['EVERYTHING'] } }, secretary)).errors).toBeDefined();
      const input = { partnershipId: leeds, url: 'https://hooks.example.org/retry', eventTypes: ['CHALLENGE_RAISED'], clientMutationId: 'webhook-retry-1' };
      const [first, retry] = [await ok(REGISTER, { input }, secretary), await ok(REGISTER, { input }, secretary)];
      expect(retry.registerWebhook.webhook.id).toBe(first.registerWebhook.webhook.id);
      // Derived, so the retry shows the same secret rather than a new one.
      expect(retry.registerWebhook.secret).toBe(first.registerWebhook.secret);
    });
  });
});
