import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ADMIN_SUBJECT, ApiProcess, TEST_JWT_SECRET, tokenOf } from './support/api-process.js';
import type { FuzzContext } from './fuzz/context.js';
import { FAMILY_NAMES, fuzzRequests, type FamilyName } from './fuzz/requests.js';
import { createSeedData } from './fuzz/seed-data.js';
import { FuzzClient, sendAll } from './fuzz/send.js';
import { Tally } from './fuzz/tally.js';
import { judge } from './fuzz/verdict.js';

/**
 * Seeded fuzzing of the built API: thousands of malformed requests (bodies, encodings, methods and
 * paths, GraphQL shapes, tokens), each answered sensibly, the process up and nothing written.
 *   FUZZ_REQUESTS (5000)  FUZZ_SEED (8)  FUZZ_CONCURRENCY (8)  FUZZ_FAMILIES (all: graphql,body,encoding,content-type,http)
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5000);
const SEED = Number(process.env.FUZZ_SEED ?? 8);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 8);
const FAMILIES = (process.env.FUZZ_FAMILIES?.split(',') ?? FAMILY_NAMES) as FamilyName[];
const REQUEST_TIMEOUT_MS = 10_000;

/** The administrator, also secretariat of each seed partnership: may do every kind of write the fuzzer tries. */
const secretariat = await tokenOf(ADMIN_SUBJECT);
const auditor = await tokenOf('auditor-e2e');
const partnerSubject = (organisationId: string) => `partner-${organisationId}`;

describe('fuzzing the API with malformed requests', () => {
  let api: ApiProcess;
  let context: FuzzContext;
  let exitCode: number | null | undefined;
  let stalled = false;

  const headPosition = async () => {
    const response = await api.graphql<{ health: { store: { headPosition: string | null } } }>('{ health { store { headPosition } } }', undefined, secretariat);
    const head = response.data?.health.store.headPosition;
    if (!head) throw new Error(`cannot read the log head: ${JSON.stringify(response)}`);
    return head;
  };

  beforeAll(async () => {
    for (const family of FAMILIES) if (!FAMILY_NAMES.includes(family)) throw new Error(`FUZZ_FAMILIES: no family ${family}; known: ${FAMILY_NAMES.join(', ')}`);
    api = await ApiProcess.start();
    void api.exited.then((code) => (exitCode = code));
    await api.adminToken();
    await api.grant('auditor-e2e', 'AUDITOR');
    const ids = await createSeedData(api, {
      secretariat,
      runs: (partnershipId) => api.grant(ADMIN_SUBJECT, 'SECRETARIAT', { partnershipId }),
      partnerFor: async (organisationId) => {
        await api.grant(partnerSubject(organisationId), 'PARTNER', { organisationId });
        return tokenOf(partnerSubject(organisationId));
      },
    });
    context = {
      secret: TEST_JWT_SECRET,
      now: Math.floor(Date.now() / 1000),
      organisationId: ids.organisations[0]!,
      // The seed granted PARTNER for the first organisation: it owns the seed action and indicator.
      tokens: { secretariat, auditor, partner: await tokenOf(partnerSubject(ids.organisations[0]!)) },
      ids,
    };
  });
  afterAll(async () => {
    // A wedged server cannot drain on SIGTERM.
    await (stalled ? api?.kill() : api?.stop());
  });

  it(
    `answers ${REQUESTS} generated requests sensibly, stays up and writes nothing (seed ${SEED})`,
    async () => {
      const headBefore = await headPosition();
      const tally = new Tally();
      const client = new FuzzClient(new URL(api.url).origin, REQUEST_TIMEOUT_MS, CONCURRENCY);
      const started = performance.now();
      let unanswered = 0;
      await sendAll(client, fuzzRequests(SEED, REQUESTS, context, FAMILIES), CONCURRENCY, (request, answer) => {
        tally.record(request, answer, judge(request, answer));
        unanswered = 'failure' in answer ? unanswered + 1 : 0;
        // A dead or wedged server fails every request from here on: stop, and report what was in flight.
        if (exitCode !== undefined || unanswered >= 2 * CONCURRENCY) {
          stalled = true;
          return 'stop';
        }
      });
      const seconds = (performance.now() - started) / 1000;
      client.close();

      if (stalled) throw new Error(`The API ${exitCode === undefined ? 'stopped answering' : `exited (${exitCode})`} after ${tally.requests} requests:\n${tally.report()}`);
      const headAfter = await headPosition();
      const writes = Number(BigInt(headAfter) - BigInt(headBefore));
      // Every request is logged as one JSON line, however malformed it was.
      const plainLogLines = api.logs.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

      console.log(`${tally.summary(SEED, writes, seconds)}\n${tally.report()}${plainLogLines.length ? `\nnon-JSON log lines (${plainLogLines.length}), e.g.\n${plainLogLines.slice(0, 5).join('\n')}` : ''}`);
      expect({ requests: tally.requests, problems: tally.problemCount, writes, plainLogLines: plainLogLines.length }).toEqual({
        requests: REQUESTS,
        problems: 0,
        writes: 0,
        plainLogLines: 0,
      });
    },
    60_000 + REQUESTS * 40,
  );
});
