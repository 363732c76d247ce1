import Database from 'better-sqlite3';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { mintIdentityToken } from '@ledger/auth';
import type { BenchReport } from '../results.js';
import { BENCH_JWT_SECRET, graphql, runCli, startApi, startBareNode, type RunningApi } from './api-process.js';
import { body, checked, CONSTANT, load } from './load.js';
import { procMemory, RssSampler, selfTime, type CpuProfile } from './measure.js';

/**
 * Issue 13's figures over HTTP, against the BUILT API (dist/apps/api/src/main.js) run as a child
 * process with NODE_ENV=production and LOG_LEVEL=silent, loaded by autocannon from this process
 * (so the load generator shares the 2 cores, as a user's traffic would not: ratios, not absolutes).
 *
 * - 1 (HTTP): `submitActionUpdate` at 1, 10 and 50 clients against `{__typename}` at the same
 *   client count, same server, same token. Each request carries a fresh update (no clientMutationId,
 *   no expectedRevision) on the next action of a pool of open actions, so concurrent clients seldom
 *   write the same stream: we measure the command path, not per-stream conflicts.
 * - 2: `dashboard` of the partnership with most commitments, `organisationScorecard` of the
 *   organisation that owns most of its actions, and a page of 50 commitments with their actions
 *   and latest updates, each at 50 clients; p99 against the constant query's p99 at 50 clients.
 * - 5: the API's RSS with the national dataset loaded (steady after catch-up, and the most sampled
 *   during figure 2's load) against 1 GiB; start-up to serving (/readyz 200 with
 *   LEDGER_READY_MAX_LAG=0) cold (no read models: rebuilt from zero) against a raw sequential read
 *   of the log, and warm (checkpoints up to date) against the API on an empty store.
 *
 * Knobs (environment):
 * - BENCH_HTTP=0 skips these figures;
 * - BENCH_HTTP_SECONDS (default 5): how long each load runs;
 * - BENCH_HTTP_ACTIONS (default 500): how many open actions the updates are spread over;
 * - BENCH_HTTP_SYNCHRONOUS=NORMAL runs every API child with LEDGER_SQLITE_SYNCHRONOUS=NORMAL (no fsync per
 *   append): what durability costs figure 1 (measured 2026-11-24 at scale 0.01, shared machine: 1 client
 *   62 → 152 req/s, 10 clients 77 → 192 req/s; the fsync'd commit is most of a command's time here);
 * - BENCH_HTTP_PROFILE=<dir>: afterwards, run the board reads again on an API under `node --cpu-prof`,
 *   write the profile to <dir> and print its self time by function (the figures are never profiled).
 *
 * At scale 0.1 (580,344 events, BENCH_HTTP_SECONDS=8, shared machine) the same run gave: cold start 288 s
 * (30x a 9.6 s raw read), warm 5.8 s; dashboard 2 req/s, p99 7.7 s (24x the constant query's); RSS 342 MiB
 * steady, 397 MiB peak; submitActionUpdate 0.03-0.06 of the constant query.
 *
 * Profiled before changing anything (node --cpu-prof on the API child, scale 0.01, 2026-11-24, machine shared
 * with four other helpers, so "(idle)" includes time the API was not scheduled):
 * - `dashboard` at 50 clients (9 req/s, one alone ~300 ms): of the busy time, about 55% is the board-views
 *   SQL in libs/projections (self time of actionFiguresByOwner 9.9% of all samples, actionFigures 9.2%,
 *   actionCount 3.9%, actions 2.6%: better-sqlite3's native work counts as its caller's) and 6.4% the
 *   `board_today` SQL function; GC 5.4%. No N+1: the dashboard's resolvers run a fixed set of statements.
 *   Why they are slow (EXPLAIN QUERY PLAN on the read models): (1) every statement built on FILTER reads
 *   `SCAN a` (all of board_actions, every partnership) because `(@partnershipId IS NULL OR
 *   a.partnership_id = @partnershipId)` cannot use board_actions_by_partnership; (2) the ACTIONS subquery is
 *   flattened, so `a.today` and `a.rag` are re-evaluated at every reference: for the 2,744 actions of the
 *   busiest partnership, actionFigures calls board_today 24,696 times (9 a row) and board_rag 13,720 (5 a
 *   row), ~23 ms a statement; actionFiguresByOwner the same. Both grow with the national log (500,000
 *   actions at scale 1). Sent to the read-indexes work (libs/projections owns these statements).
 * - the page of 50 commitments with their actions and latest updates (~2,500 objects, 72 kB; 14 req/s at
 *   50 clients, one alone ~110 ms): no N+1 (the loaders batch: pagesOf/byIds/ragOfEach together 6.6% of
 *   busy time); the time is per object: GC 23% of busy, promise hooks and microtasks ("node internals")
 *   17%, graphql-js, Nest's per-field resolver wrapping and Apollo ~19%, the action model's mapping 5%.
 *   Fewer promises per field (plain field resolvers, no async_hooks) is where a gain would be.
 * - `organisationScorecard` (one alone ~35 ms) runs the same board-views statements for one organisation.
 * - `submitActionUpdate` at 10 clients (79 req/s): busy time is mostly better-sqlite3's `sqliteTransaction`
 *   (13% of all samples; the fsync'd commits of the event store and of each projection's batch) and
 *   writev 3.6%; reading and folding streams ~6%. The command path waits on commits: one fsync'd append,
 *   then each of the 8 projections applies the batch in its own IMMEDIATE transaction and moves its
 *   checkpoint even when it handles none of the events (9 commits a command), and read-your-writes waits
 *   for all 8. Group commit, and checkpoints moved lazily for projections a batch does not touch.
 *
 * Second round (board reads), profiled before changing anything: scale 0.1, the busiest partnership has
 * 3,170 commitments and 16,025 actions; API under --cpu-prof, warm read models, 50 clients, machine
 * shared with four helpers. Dashboard 5 req/s (p99 4.9 s, 46x the constant query), scorecard 46 req/s
 * (11x), page of 50 x 50 26 req/s (28x). Self time of all samples: actionFigures 19.2%,
 * actionFiguresByOwner 15.1% (better-sqlite3's native work counts as its caller's), actionCount 4.6%,
 * the board_today/board_rag JS functions 4.6%, GC 6.5%, writev 3.9%; the page's own objects (byIds,
 * pagesOf, toAction, graphql-js) a few % each. Each statement alone, on the same read model: actionFigures
 * 88 ms, byOwner 73 ms, bySector 102 ms, priorityCoverage 183 ms, the silent count 22 ms; platform-wide
 * counts of overdue / rag RED / silent 60-81 ms; RAG of 2,500 actions 23 ms. Where it goes: every
 * figure is an aggregate over all the partnership's actions, judged per row by JS functions called
 * from SQL, and worked out again on every request although nothing changed.
 * After (libs/projections/src/views): RAG is a SQL CASE (a test holds it equal to the domain's ragOf),
 * a partnership's today and thresholds are bound once a statement (actionFigures 88 -> 34 ms, byOwner
 * 73 -> 45, priorityCoverage 183 -> 75, silent count 22 -> 6; the rest of each statement is fetching the
 * 16k rows from the table), and a partnership's figures, lists and counts are kept per (partnership,
 * version of its board rows, its today): the board-views projection raises the version in the
 * transaction that changes the rows. A dashboard with nothing changed runs no aggregate. Measured back
 * to back (round one's build, then this one; scale 0.1, 6 s a load, no profiler, shared machine whose
 * load average was ~4 on 2 cores, so p99s carry multi-second stalls from others' work; req/s and p50 are
 * steadier): dashboard 6 -> 187-188 req/s, p50 3,014 -> 221-246 ms, p99 5,942 -> 404-1,782 ms (constant
 * 26-45 ms); scorecard 69 -> 127-129 req/s, p50 314 -> 206-395 ms; the page of 50 x 50 unchanged (25-38
 * req/s, p50 350-510 ms). What remains per dashboard is GraphQL over its ~170 objects (60 actions with
 * RAG, 20 owners) and a dozen small statements: ~4-5 ms of CPU against ~0.25 ms for the constant query,
 * so p99 at 50 clients stays ~10x the constant query's at best, not 3x; a cached response (per
 * partnership version, today, query and the caller's visibility) is what would close it. The page is
 * ~5,100 objects of GraphQL work (profile: GC 14%, writev 9%, then pagesOf/toAction/byIds/graphql-js
 * 1-3% each): per-object overhead, nothing to memo.
 *
 * Figure 1 again after group commit, read-your-writes-only-what-the-payload-reads and Fastify had landed
 * (2026-11-24 20:30, scale 0.01, `node dist/test/bench/http/command-path-http.js --profile DIR`, machine
 * shared with four helpers; one run: 1 client 107 req/s = 0.04 of the constant query, 10 clients 314 = 0.08,
 * 50 clients 341 = 0.11). Where a request's time went:
 * - 1 client, wall time (hrtime around each step, temporary): a request spent ~10.7 ms in its resolver, of
 *   which the fsync'd group commit of its one append took 6.2-8.5 ms (the disk shared with the others' work;
 *   on a quiet disk the same commit took 0.34 ms); then the 8 projections, each woken by the append, each
 *   reading the batch from the log (20 reads of the log a command) and applying it in its own IMMEDIATE
 *   transaction, 2.3 ms from the commit to the last of them: they run before the resolver resumes, so all 8
 *   are on the request's path although its payload reads one (commitment-tracker). Authorisation and the
 *   facts (state cache warm) ~0.5 ms, read-your-writes' wait ~0.04 ms (already caught up), the payload's
 *   read 0.3-0.5 ms.
 * - 50 clients, CPU (last 5 s of the profile, the update load alone): better-sqlite3 transactions 25.7%
 *   inclusive, of which the projections' 8 transactions a batch 15% (the projections' own SQL 4.8%: the
 *   history index 2.6%, the tracker and board views) and the group commit 11%; stream loads 9% (8 loads a
 *   command: the action's stream 4 times, the partnership's twice, the commitment's and the caller's
 *   grants once; each an index seek of ~7 µs once cached); the subscriptions' reads of the log 3.7%; GC 8.7%;
 *   the HTTP, GraphQL and Nest pipeline around a third. Groups averaged ~32 appends.
 * Changed: the projections follow the log together on ONE subscription, one read of the log and one
 * IMMEDIATE transaction a batch for all of them with all their checkpoints (a projection that fails a batch
 * the others can apply leaves for its own subscription, so it still holds back only itself); waits are
 * answered from the checkpoints the runner committed, without a read per waiter; an action's facts load its
 * stream once. After, 50 clients (profiled run: 1,022 req/s against 341): the projections 16% of busy time
 * (one transaction a batch) at three times the rate, server CPU a request
 * 0.72-0.76 ms against 0.82-0.91 before (interleaved runs of both builds); 1 client: the resolver 1.18 ms
 * on a quiet disk, of which the group commit 0.34 ms and all projections 0.35 ms in one transaction.
 * Interleaved runs of the two builds (every action of the pool warmed first), ratio and server CPU a request,
 * before → after: 1 client 0.07 (3.1 ms) → 0.04-0.16 (1.5-2.7 ms; the fsync's wall time swings 0.3-8 ms with
 * the other helpers' disk work, so the 1-client ratio follows the disk, not the code); 10 clients 0.11-0.13
 * (1.2-1.3 ms) → 0.08-0.17 (0.85-1.26 ms); 50 clients 0.15-0.21 (0.82-0.94 ms) → 0.19-0.27 (0.72-0.81 ms).
 * At 1 client a request costs about twice the CPU it costs at 50: each group commit and each read-model
 * transaction then serves one request instead of ~30.
 * What stands in the way of 0.6: the constant query costs the server ~0.16 ms of CPU and ~0.3 ms a round
 * trip; an update costs ~0.75 ms of CPU at 50 clients, of which the HTTP/GraphQL/Nest/validation pipeline
 * alone (Apollo 6%, graphql-js 3.5%, class-validator and -transformer 4.8%, Nest 2.8%, Fastify and socket
 * writes 8%, GC 6%) is already more than 0.6 allows (~0.27 ms); at 1 client the fsync'd commit alone
 * (0.34 ms quiet, several ms shared) exceeds the ~0.43 ms a round trip 0.6 allows. Further, smaller gains:
 * stream loads (7%: a per-command memo, or knowing a cached state is current without a read), uuid v7's
 * getRandomValues per id (3%), the history projection's per-event index (1.7% self).
 *
 * Start-up (figure 5), profiled before changing anything (node --cpu-prof on the built API, NODE_ENV=production,
 * 2026-11-24, machine shared, so seconds are loose; timestamps logged at each step of main.ts):
 * - Empty store, ready in 2.7-3.3 s (a bare `node -e 0` exits in 0.12 s): importing ~2,900 files takes 1.8-2.0 s
 *   (node's ESM/CJS loader resolving, reading and compiling 1.0 s; the packages' top-level code 0.7 s; GC),
 *   biggest: @nestjs/graphql+es-toolkit ~470 files, rxjs 228, @nestjs/core+common 370, class-validator+validator+
 *   libphonenumber 320, @eventstore/db-client+grpc+protobufjs ~180 (loaded even on the embedded store), ajv 86;
 *   Nest's module scan and DI 0.2-0.3 s (fastify's ajv schema controller 80 ms of it); app.init 0.5 s, of
 *   which GraphQL schema building 250 ms (code-first types, then printed, re-parsed by graphql-tag and rebuilt by
 *   makeExecutableSchema, then sorted; 72 ms of it an introspection query run only as a check that Apollo's
 *   assertValidSchema repeats at its start); opening the SQLite files and the projection set-up ~60 ms;
 *   graphql-armor, health probes and timers: nothing measurable. /readyz answers 200 at its first try.
 * - 58,098 events, checkpoints up to date: ready in 4.7-6.6 s, so ~2 s of it grows with the log:
 *   (1) both log completers (action plans, organisation merges) re-read the whole log at every start:
 *   their checkpoint moves only when a batch completes something or 10 s after the last move, so a catch-up
 *   shorter than 10 s never stores where it got to (870 ms of reading and mapping rows plus most of 730 ms of GC);
 *   (2) the legacy-actor upgrade counts `json_type(metadata, '$.actor.subjectId')` over every event at every
 *   start (140 ms here; the same query on the 5.8M-event dataset takes 31 s). The read models' own catch-up
 *   reads nothing (countEventsAfter their checkpoint), and the chain upgrade's MIN(position) stops at once.
 *   (3) The completers' catch-up never gave the event loop a turn (the embedded store yields batches without
 *   I/O), so while they read, nothing listened or answered: on a cold start listening came at 3.5-3.9 s, not ~2.
 * Changed: the completers store the head the first time a run reaches it and yield between batches; the
 * legacy-actor check remembers the head it checked through (log_upgrades in events.sqlite) and looks only after
 * it; Nest's introspection check of the new schema is skipped (Apollo's start asserts it valid). Measured after,
 * same machine and load, interleaved, CPU time of the API to ready in brackets: warm 58k 2.1-2.7 s (2.5 s) →
 * 1.4-2.0 s (1.75 s), equal to the empty store's 1.4-1.8 s (1.7 s); cold 58k listening 3.5-3.9 → 2.2-2.4 s,
 * ready 6.3-7.0 → 5.2-5.4 s. At scale 0.1 (580,343 events, read models rebuilt by `cli rebuild`): warm 3.1-3.3 s →
 * 2.0-2.1 s (the legacy-actor count alone was 1,072 ms, now 1 ms); with the completers' position never stored
 * (as `rebuild` or any run shorter than 10 s leaves it) 9.5 s → 1.4 s, the old completers holding the event loop
 * ~6 s before the first answer, the new ones reading behind a listening API. Left: the fixed ~1.7 s of CPU, two thirds of it loading modules (lazy-loading the
 * EventStoreDB client saved nothing measurable: its files share most of their cost with what else loads).
 */
const ACTION_POOL = Number(process.env.BENCH_HTTP_ACTIONS ?? 500);
const PROFILE_DIR = process.env.BENCH_HTTP_PROFILE;
const SYNCHRONOUS = process.env.BENCH_HTTP_SYNCHRONOUS;
const API_ENV = SYNCHRONOUS ? { LEDGER_SQLITE_SYNCHRONOUS: SYNCHRONOUS } : {};
const GIB = 2 ** 30;
const MIB = 2 ** 20;

/** Each figure's profile finding in a line (the comment above has the detail). */
const FINDING = {
  board: "profile: round 1 aggregated every action a request (JS RAG per row); now kept per partnership's version and today: GraphQL over ~170 objects remains",
  page: 'profile: no N+1; GC, promise hooks and per-field resolver overhead on ~2,500 objects',
  command: "profile: the fsync'd group commit, one read-model transaction a batch for all projections, then the HTTP/GraphQL pipeline (~0.25 ms CPU a request alone)",
  startup: 'profile: with checkpoints up to date nothing is read (the log completers store the head they reach; the legacy-actor check looks only after the head it last checked); test/warm-start.e2e.spec.ts keeps it so',
  fixedStartup: 'profile: ~2,900 modules imported (~2/3 of it), Nest DI, the GraphQL schema built (code-first, printed, re-parsed, sorted)',
};

type StartTimes = Readonly<{ listening: number; ready: number }>;

/** Each start `times` times, round-robin, stopped after each; the median of listening and of ready, per start. */
async function medianStarts<K extends string>(times: number, starts: Record<K, () => Promise<RunningApi>>): Promise<Record<K, StartTimes>> {
  const seen = Object.fromEntries(Object.keys(starts).map((name) => [name, { listening: [] as number[], ready: [] as number[] }])) as Record<K, { listening: number[]; ready: number[] }>;
  for (let round = 0; round < times; round++) {
    for (const [name, start] of Object.entries(starts) as [K, () => Promise<RunningApi>][]) {
      const api = await start();
      await api.stop();
      seen[name].listening.push(api.listeningSeconds);
      seen[name].ready.push(api.readySeconds);
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const medians = (Object.keys(seen) as K[]).map((name) => [name, { listening: median(seen[name].listening), ready: median(seen[name].ready) }]);
  return Object.fromEntries(medians) as Record<K, StartTimes>;
}


const DASHBOARD = `query Dashboard($p: ID!) { dashboard(partnershipId: $p) {
  today openChallengeCount
  actionSummary { total completed overdue dueSoon silent byRag { red amber green } byStatus { status count } }
  commitmentsByStatus { status count }
  overdueActions(first: 20) { totalCount nodes { id title dueDate status rag } }
  dueSoonActions(first: 20) { totalCount nodes { id title dueDate status rag } }
  silentActions(first: 20) { totalCount nodes { id title dueDate status rag } }
  owners(first: 20) { totalCount nodes { owningOrganisation { id name } owningPartnership { id name } actionSummary { total overdue } } }
  nextMeeting { id }
} }`;

const SCORECARD = `query Scorecard($p: ID!, $o: ID!) { organisationScorecard(partnershipId: $p, organisationId: $o) {
  today organisation { id name }
  actionSummary { total completed overdue dueSoon silent byStatus { status count } }
  commitmentsByStatus { status count }
  commitments(first: 20) { totalCount nodes { id title status } }
  actions(first: 20) { totalCount nodes { id title dueDate status rag latestUpdate { reportedOn status } } }
  indicators(first: 10) { totalCount nodes { id name progress latestReading { value } } }
} }`;

const PAGE = `query Page($p: ID!) { commitments(partnershipId: $p, first: 50) { totalCount pageInfo { endCursor hasNextPage } nodes {
  id title status targetDate
  actions(first: 50) { totalCount nodes { id title dueDate status rag percentComplete latestUpdate { reportedOn status whatHasHappened } } }
} } }`;

const OPEN_ACTIONS = `query Open($p: ID!, $after: String) { commitments(partnershipId: $p, status: ACTIVE, first: 50, after: $after) {
  pageInfo { endCursor hasNextPage } nodes { actions(first: 20) { nodes { id status } } }
} }`;

const SUBMIT = `mutation Submit($input: SubmitActionUpdateInput!) { submitActionUpdate(input: $input) { position action { id status } } }`;

/** The partnership with most commitments, the organisation owning most of its actions, straight from the log. */
export function busiest(eventsFile: string) {
  const db = new Database(eventsFile, { readonly: true });
  try {
    const partnership = db
      .prepare(`SELECT json_extract(data, '$.partnershipId') AS id, count(*) AS n FROM events WHERE type = 'CommitmentMade' GROUP BY id ORDER BY n DESC LIMIT 1`)
      .get() as { id: string; n: number } | undefined;
    if (!partnership) throw new Error(`${eventsFile} holds no commitments: generate the national dataset first (BENCH_NATIONAL_SCALE > 0)`);
    const organisation = db
      .prepare(
        `SELECT json_extract(data, '$.owningOrganisationId') AS id, count(*) AS n FROM events WHERE type = 'ActionPlanned'
         AND json_extract(data, '$.partnershipId') = ? AND json_extract(data, '$.owningOrganisationId') IS NOT NULL GROUP BY id ORDER BY n DESC LIMIT 1`,
      )
      .get(partnership.id) as { id: string; n: number };
    return { partnershipId: partnership.id, commitments: partnership.n, organisationId: organisation.id, organisationActions: organisation.n };
  } finally {
    db.close();
  }
}

/** The ceiling of a cold start: every row of the log read in order and its JSON parsed, nothing else. */
function rawSequentialRead(eventsFile: string): { seconds: number; events: number } {
  const db = new Database(eventsFile, { readonly: true });
  const start = process.hrtime.bigint();
  let events = 0;
  for (const row of db.prepare('SELECT * FROM events ORDER BY position').iterate() as Iterable<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    events++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return { seconds, events };
}

/** Up to `wanted` open actions of open commitments, as the figure's updates need. */
async function openActions(api: RunningApi, token: string, partnershipId: string, wanted: number): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  do {
    const page: any = (await graphql(api.base, token, OPEN_ACTIONS, { p: partnershipId, after })).commitments;
    for (const commitment of page.nodes) for (const action of commitment.actions.nodes) if (!['COMPLETED', 'CANCELLED'].includes(action.status)) ids.push(action.id);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after && ids.length < wanted);
  if (ids.length === 0) throw new Error(`partnership ${partnershipId} has no open action on an ACTIVE commitment to update`);
  return ids.slice(0, wanted);
}

const ms = (value: number) => ({ value, unit: 'ms' });
const mib = (bytes: number) => bytes / MIB;

function removeReadModels(dataDir: string) {
  for (const name of readdirSync(dataDir)) if (name.startsWith('read-models.sqlite')) rmSync(join(dataDir, name));
}

/**
 * Figure 1 over HTTP on a running API: updates spread over open actions of `partnershipId`, each client
 * count against the constant query at the same count. Standalone (figure 1 alone, optionally profiled):
 * test/bench/http/command-path-http.ts.
 */
export async function benchCommandPathHttp(report: BenchReport, api: RunningApi, token: string, partnershipId: string, clientCounts = [1, 10, 50]) {
  const actions = await openActions(api, token, partnershipId, ACTION_POOL);
  let next = 0;
  const update = () => {
    const n = next++;
    return body(SUBMIT, { input: { actionId: actions[n % actions.length], status: 'ON_TRACK', percentComplete: n % 100, whatHasHappened: `Bench update ${n}` } });
  };
  // Every action of the pool updated once before anything is timed: the first load of a long stream folds
  // it whole (the state cache keeps it after), which measured a cold cache, not the command path, at 1 client.
  while (next < actions.length) await load(api, token, 10, update, 1);
  for (const clients of clientCounts) {
    const count = `${clients} client${clients === 1 ? '' : 's'}`;
    const constant = checked(`constant query, ${count}`, await load(api, token, clients, body(CONSTANT)));
    const ours = checked(`submitActionUpdate, ${count}`, await load(api, token, clients, update));
    report.add({
      figure: `1 command path over HTTP, ${count}`,
      ours: { value: ours.reqPerSec, unit: 'req/s' },
      ceiling: { what: `{__typename}, ${count}`, value: constant.reqPerSec, unit: 'req/s' },
      ratio: { kind: 'ofCeiling', value: ours.reqPerSec / constant.reqPerSec },
      goal: { atLeast: 0.6 },
      note: `submitActionUpdate p50 ${ours.p50} ms, p99 ${ours.p99} ms over ${actions.length} actions, server CPU ${ours.cpuMsPerRequest.toFixed(2)} ms a request; constant p99 ${constant.p99} ms, CPU ${constant.cpuMsPerRequest.toFixed(2)} ms${SYNCHRONOUS ? `; LEDGER_SQLITE_SYNCHRONOUS=${SYNCHRONOUS}` : ''}; ${FINDING.command}`,
    });
  }
}

export async function benchHttp(report: BenchReport, dir: string, nationalFile: string) {
  if (process.env.BENCH_HTTP === '0') return;
  const dataDir = join(dir, 'http-national');
  const emptyDir = join(dir, 'http-empty');
  mkdirSync(dataDir, { recursive: true });
  mkdirSync(emptyDir, { recursive: true });
  copyFileSync(nationalFile, join(dataDir, 'events.sqlite'));
  const target = busiest(join(dataDir, 'events.sqlite'));
  console.log(
    `http: partnership ${target.partnershipId} (${target.commitments} commitments), organisation ${target.organisationId} (${target.organisationActions} of its actions)`,
  );

  // One person reads and writes: SECRETARIAT of the busiest partnership, granted at the console before start.
  const subject = 'bench-secretariat';
  runCli(dataDir, ['grant', '--subject', subject, '--role', 'SECRETARIAT', '--partnership', target.partnershipId, '--reason', 'Bench']);
  const token = await mintIdentityToken({ secret: BENCH_JWT_SECRET, issuer: 'partnership-ledger', subject, maxLifetimeSeconds: 8 * 3600, expiresInSeconds: 8 * 3600 });

  const raw = rawSequentialRead(join(dataDir, 'events.sqlite'));
  let api = await startApi(dataDir, { env: API_ENV });
  try {
    report.add({
      figure: '5 start-up to serving, cold (read models rebuilt)',
      ours: { value: api.readySeconds, unit: 's' },
      ceiling: { what: `raw sequential read of the log, ${raw.events.toLocaleString('en-GB')} events`, value: raw.seconds, unit: 's' },
      ratio: { kind: 'timesCeiling', value: api.readySeconds / raw.seconds },
      note: `to the first 200 of /readyz with LEDGER_READY_MAX_LAG=0; listening at ${api.listeningSeconds.toFixed(2)} s`,
    });
    const rss = new RssSampler(api.pid).start();

    const board = {
      dashboard: { request: body(DASHBOARD, { p: target.partnershipId }), finding: FINDING.board },
      organisationScorecard: { request: body(SCORECARD, { p: target.partnershipId, o: target.organisationId }), finding: FINDING.board },
      'commitments page (50, with actions and latest updates)': { request: body(PAGE, { p: target.partnershipId }), finding: FINDING.page },
    };
    // Warm the server (JIT, statement caches) before anything is timed.
    for (const { request } of Object.values(board)) await load(api, token, 1, request, 1);
    await load(api, token, 10, body(CONSTANT), 1);
    const steady = procMemory(api.pid).rssBytes;
    rss.reset();

    // Figure 2: every board read and the constant query at 50 clients, on the same server.
    const constant50 = checked('constant query, 50 clients', await load(api, token, 50, body(CONSTANT)));
    for (const [name, { request, finding }] of Object.entries(board)) {
      const ours = checked(name, await load(api, token, 50, request));
      report.add({
        figure: `2 ${name} p99, 50 clients`,
        ours: ms(ours.p99),
        ceiling: { what: '{__typename} p99, 50 clients', ...ms(constant50.p99) },
        ratio: { kind: 'timesCeiling', value: ours.p99 / Math.max(constant50.p99, 1) },
        goal: { atMost: 3 },
        note: `p50 ${ours.p50} ms against ${constant50.p50} ms; ${Math.round(ours.reqPerSec)} req/s against ${Math.round(constant50.reqPerSec)}; ${finding}`,
      });
    }
    const peak = rss.reset();
    for (const [figure, bytes] of [
      ['5 API RSS, national dataset loaded, steady', steady],
      ['5 API RSS, peak under figure 2 load', peak],
    ] as const) {
      report.add({
        figure,
        ours: { value: mib(bytes), unit: 'MiB' },
        ceiling: { what: 'the 1 GiB budget', value: 1024, unit: 'MiB' },
        ratio: { kind: 'timesCeiling', value: bytes / GIB },
        goal: { atMost: 1 },
        note: `VmHWM since start ${mib(procMemory(api.pid).peakRssBytes).toFixed(0)} MiB (catch-up included)`,
      });
    }

    await benchCommandPathHttp(report, api, token, target.partnershipId);
    rss.stop();
    await api.stop();

    // Warm start: the same folder, checkpoints up to date. Its ceiling is the API on an empty store, so the ratio
    // shows what the log adds to a start (nothing should be read: goal 1); the bare node server is the floor of
    // that empty start, a figure of its own (the fixed cost of the modules, Nest and the schema). Three starts of
    // each, interleaved, medians: one start is ~3 s and the shared machine's load drifts between them.
    const starts = await medianStarts(3, {
      warm: () => startApi(dataDir, { env: API_ENV }),
      empty: () => startApi(emptyDir, { env: API_ENV }),
      bare: startBareNode,
    });
    const split = ({ listening, ready }: StartTimes) => `listening at ${listening.toFixed(2)} s, ready at ${ready.toFixed(2)} s`;
    report.add({
      figure: '5 start-up to serving, warm (checkpoints up to date)',
      ours: { value: starts.warm.ready, unit: 's' },
      ceiling: { what: 'the API on an empty store', value: starts.empty.ready, unit: 's' },
      ratio: { kind: 'timesCeiling', value: starts.warm.ready / starts.empty.ready },
      note: `median of 3; ${split(starts.warm)} (empty store: ${split(starts.empty)}); ${FINDING.startup}`,
    });
    report.add({
      figure: '5 start-up to serving, empty store',
      ours: { value: starts.empty.ready, unit: 's' },
      ceiling: { what: 'a bare node HTTP server, spawned and polled the same way', value: starts.bare.ready, unit: 's' },
      ratio: { kind: 'timesCeiling', value: starts.empty.ready / starts.bare.ready },
      note: `median of 3; ${FINDING.fixedStartup}`,
    });

    if (PROFILE_DIR) await profileBoardReads(dataDir, PROFILE_DIR, token, Object.values(board).map((read) => read.request));
  } finally {
    await api.stop();
  }
}

/** The board reads at 50 clients on an API under --cpu-prof; prints self time by function. Never a figure. */
async function profileBoardReads(dataDir: string, profileDir: string, token: string, requests: readonly string[]) {
  rmSync(profileDir, { recursive: true, force: true });
  const api = await startApi(dataDir, { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`], env: API_ENV });
  try {
    for (const request of requests) await load(api, token, 50, request);
  } finally {
    await api.stop();
  }
  for (const file of readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as CpuProfile;
    console.log(`profile of the board reads (${join(profileDir, file)}), self time:`);
    for (const { name, share, ms } of selfTime(profile, 25)) console.log(`  ${(share * 100).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(6)} ms  ${name}`);
  }
}
