import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { mintIdentityToken } from '@ledger/auth';
import type { BenchReport } from '../results.js';
import { BENCH_JWT_SECRET, startApi, startBareNode, type RunningApi } from './api-process.js';
import { body, checked, CONSTANT, load, type Load } from './load.js';

/**
 * The HTTP stack's cost per request (issue 13, "Close the gaps"): the constant query `{__typename}` on the
 * built API against a bare node HTTP server spawned and loaded the same way (what NestJS, Fastify, Apollo and
 * the edge cost a request), and request logging at info against silent. `submitActionUpdate` over HTTP is
 * figure 1 (http-bench.ts). The notes below were measured with an earlier standalone driver of this module
 * (`--log info|silent --only constant|update --profile DIR`, since folded into the shared harness).
 *
 * Profiled before any change (2026-11-24, `--log silent|info --only constant|update --seconds 8 --profile DIR`,
 * i.e. node --cpu-prof of the API under 20 clients; self time as a share of the API's busy time, start-up
 * included (~8%, module loading); the machine shared with four other helpers' work):
 * - {__typename}, silent: writev (the socket writes, kernel) 16%, GC 8%, Apollo's request pipeline 6.6%
 *   (its sha256 of the query 1.7%), graphql-js 5.9%, Express and its router 6.6%, pino-http + pino 4.5% even
 *   though nothing is logged (a child logger, a random UUID and an AsyncLocalStorage scope per request),
 *   async_hooks 1.3%. The token is never verified: no resolver runs, so the guard does not either.
 * - {__typename}, info: request logging 10.5% inclusive in pino-http's middleware, 4% writing the line
 *   when the response finishes (a synchronous write to stdout per request).
 * - submitActionUpdate, silent: the store's commit 30% (sqliteTransaction: the fsync'd append, for group
 *   commit to take on), verifying the token 4% inclusive, 3.5% of it jose importing the HMAC key from the
 *   secret's bytes on every call (crypto.createPublicKey, the issue's 15.6%, is gone since tokens are jose's:
 *   the key is bytes, but jose still imports it per call); graphql-js 5%, class-validator 1.9%.
 *
 * After (same commands; self time by package): the token's check is gone from the profile (0.0%: the
 * HMAC key is imported once and a verified token is remembered until it expires); request logging at
 * info went from ~11.8% (pino-http 4.4, pino 2.9, async_hooks 2.3, serializers 0.9, the write 0.9...) to
 * ~4.7% (our middleware 1.4, pino 1.4, the asynchronous write 1.5, async_hooks 0.2), and with LOG_LEVEL=silent
 * from ~6.4% to ~1.3%. Promise hooks (promiseInitHook) are gone: nestjs-pino's per-request
 * AsyncLocalStorage.run was what enabled them on Node 20. What is left of the constant query is Node's
 * HTTP (writev 16%), GC 9%, Apollo 6.7%, Express's router 4.8%, graphql-js ~4%.
 *
 * Then NestJS on Fastify against NestJS on Express, same fixes, same Apollo 5 server, interleaved runs
 * at LOG_LEVEL=info, 20 clients (2026-11-24, machine shared; /tmp builds of each commit):
 *   constant query    before 1,420–1,693 req/s, 0.49–0.51 ms server CPU a request
 *                     Express + fixes 2,249–2,526 req/s, 0.33–0.35 ms
 *                     Fastify + fixes 3,419–4,043 req/s, 0.20–0.21 ms  (Fastify/Express ≈ 1.55x the rate, 0.6x the CPU)
 *   submitActionUpdate 93–333 req/s on each, 2.6–4.7 ms CPU: the same within the noise; the fsync'd commit rules it.
 * So the API runs on Fastify (apps/api/src/http/http-adapter.ts).
 */
const CLIENTS = 20;

/** The constant query at CLIENTS clients on a server started by `start`, which is stopped afterwards. */
async function constantQueryOn(what: string, start: () => Promise<RunningApi>, token: string | null): Promise<Load> {
  const server = await start();
  try {
    await load(server, token, CLIENTS, body(CONSTANT), 1);
    return checked(what, await load(server, token, CLIENTS, body(CONSTANT)));
  } finally {
    await server.stop();
  }
}

export async function benchHttpStack(report: BenchReport, dir: string) {
  // Any signed-in caller: the constant query runs no resolver, so no grant is needed.
  const token = await mintIdentityToken({ secret: BENCH_JWT_SECRET, issuer: 'partnership-ledger', subject: 'bench-anyone', maxLifetimeSeconds: 3600 });
  const onApi = (logLevel: string) => () => {
    const dataDir = join(dir, `http-stack-${logLevel}`);
    mkdirSync(dataDir, { recursive: true });
    return startApi(dataDir, { env: { LOG_LEVEL: logLevel } });
  };
  const bare = await constantQueryOn('bare node server', startBareNode, null);
  const silent = await constantQueryOn('constant query, LOG_LEVEL=silent', onApi('silent'), token);
  const info = await constantQueryOn('constant query, LOG_LEVEL=info', onApi('info'), token);
  report.add({
    figure: `1 constant query {__typename} over HTTP, ${CLIENTS} clients`,
    ours: { value: silent.reqPerSec, unit: 'req/s' },
    ceiling: { what: 'a bare node HTTP server in its own process', value: bare.reqPerSec, unit: 'req/s' },
    ratio: { kind: 'ofCeiling', value: silent.reqPerSec / bare.reqPerSec },
    note:
      `LOG_LEVEL=silent; p99 ${silent.p99} ms (bare ${bare.p99} ms); server CPU ${silent.cpuMsPerRequest.toFixed(2)} ms a request. ` +
      'NestJS on Fastify: on Express, measured 2026-11-24 with the same fixes, this query ran at ~0.65 of the rate with ~1.65x the CPU a request',
  });
  report.add({
    figure: `1 request logging at info, constant query, ${CLIENTS} clients`,
    ours: { value: info.reqPerSec, unit: 'req/s' },
    ceiling: { what: 'the same with LOG_LEVEL=silent', value: silent.reqPerSec, unit: 'req/s' },
    ratio: { kind: 'ofCeiling', value: info.reqPerSec / silent.reqPerSec },
    note: `server CPU ${info.cpuMsPerRequest.toFixed(2)} ms a request against ${silent.cpuMsPerRequest.toFixed(2)}`,
  });
}
