import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { guardedLookup } from './url-safety.js';

export type SendOutcome = Readonly<{ statusCode: number | null; error: string | null; durationMs: number }>;

/**
 * One POST of a delivery: its answer's status, or why none came. Redirects are not followed (a 3xx is a
 * failure: a receiver could otherwise send the API anywhere); the address is checked as it connects
 * (url-safety.ts); the whole attempt, answer included, gives up after `timeoutMs`.
 */
export function postWebhook(
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string,
  { timeoutMs, allowLoopback }: Readonly<{ timeoutMs: number; allowLoopback: boolean }>,
): Promise<SendOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (statusCode: number | null, error: string | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ statusCode, error, durationMs: elapsed() });
    };
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'partnership-ledger-webhooks/1' },
        lookup: guardedLookup(allowLoopback),
      },
      (response) => {
        const statusCode = response.statusCode ?? null;
        // The answer's body is not needed: read and discard it so the socket is freed.
        response.resume();
        response.once('end', () => settle(statusCode, statusCode !== null && statusCode >= 200 && statusCode < 300 ? null : `HTTP ${statusCode}`));
        response.once('error', (error) => settle(statusCode, error.message));
      },
    );
    const timer = setTimeout(() => {
      settle(null, `no answer within ${timeoutMs} ms`);
      request.destroy();
    }, timeoutMs);
    request.once('error', (error) => settle(null, error.message));
    request.end(body);
  });
}
