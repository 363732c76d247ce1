import autocannon from 'autocannon';
import { cpuMs } from './measure.js';

/** The one load generator of the HTTP figures: autocannon in the bench's own process, sharing the machine as a real client would. */
export const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);

export const CONSTANT = '{ __typename }';

export const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** A server to load: its base URL, and its pid for its CPU time. */
export type Target = Readonly<{ base: string; pid: number }>;

export type Load = Readonly<{
  reqPerSec: number;
  p50: number;
  p99: number;
  requests: number;
  failed: number;
  /** The server's own CPU (user + system) a request: steadier than the rate on a shared machine. */
  cpuMsPerRequest: number;
}>;

/**
 * Drives `connections` clients at the target's /graphql for `seconds`; a response that is not 2xx or
 * carries GraphQL errors counts as failed. `request` is a fixed body, or a function giving each request its own.
 */
export async function load(target: Target, token: string | null, connections: number, request: string | (() => string), seconds = SECONDS): Promise<Load> {
  const fixed = typeof request === 'string' ? request : undefined;
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const cpuBefore = cpuMs(target.pid);
  const result = await autocannon({
    url: `${target.base}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers,
    body: fixed,
    requests: fixed ? undefined : [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: (request as () => string)() }) }],
    verifyBody: (text: string) => !text.includes('"errors"'),
  });
  const requests = result.requests.total;
  // Autocannon stops sending at the deadline but the server still works off what it took: wait for
  // that backlog, so the next load does not queue behind it (one request answers once it is done).
  await fetch(`${target.base}/graphql`, { method: 'POST', headers, body: body(CONSTANT) }).then((response) => response.arrayBuffer());
  return {
    reqPerSec: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    failed: result.non2xx + result.errors + result.timeouts + result.mismatches,
    cpuMsPerRequest: (cpuMs(target.pid) - cpuBefore) / Math.max(requests, 1),
  };
}

/** Refuses a figure built on failed requests: a fast error is not a fast answer. */
export function checked(what: string, measured: Load): Load {
  if (measured.requests === 0) throw new Error(`${what}: no request was answered within the run; raise BENCH_HTTP_SECONDS`);
  if (measured.failed > measured.requests * 0.01) {
    throw new Error(`${what}: ${measured.failed} of ${measured.requests} requests failed (non-2xx, GraphQL errors or timeouts)`);
  }
  return measured;
}
