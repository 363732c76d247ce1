import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ApiProcess } from './support/api-process.js';

/**
 * Requests that fail before GraphQL: each gets its status, a JSON body of the one error shape
 * (`{"errors":[{"message","extensions":{"code"}}]}`), and exactly one JSON log line with its
 * correlation id; none leaves a plain-text stack in the log or takes the process down.
 */
describe('the HTTP edge', () => {
  let api: ApiProcess;
  let origin: string;
  let sent = 0;

  beforeAll(async () => {
    api = await ApiProcess.start();
    origin = new URL(api.url).origin;
  });
  afterAll(() => api.stop());

  /** Sends a raw request with its own correlation id; returns status, headers, parsed JSON body and that id. */
  async function send(path: string, init: RequestInit = {}) {
    const correlationId = `edge-${process.pid}-${++sent}`;
    const response = await fetch(origin + path, { ...init, headers: { 'x-correlation-id': correlationId, ...(init.headers as Record<string, string>) } });
    const text = await response.text();
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    return { status: response.status, headers: response.headers, body: JSON.parse(text), correlationId };
  }

  const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    send('/graphql', { method: 'POST', body, headers });

  const cases: [string, () => ReturnType<typeof send>, number, string, RegExp][] = [
    ['malformed JSON', () => post('{"query": '), 400, 'BAD_REQUEST', /not valid JSON/],
    ['a body of null', () => post('null'), 400, 'BAD_REQUEST', /must be a JSON object/],
    ['a JSON array', () => post('[{"query":"{ health { status } }"}]'), 400, 'BAD_REQUEST', /must be a JSON object/],
    ['a body over 100 KB', () => post(JSON.stringify({ query: `{ health { status } } #${'x'.repeat(101 * 1024)}` })), 413, 'PAYLOAD_TOO_LARGE', /limit of 102400 bytes \(LEDGER_MAX_BODY_BYTES\)/],
    ['a Latin-1 charset', () => post('{}', { 'content-type': 'application/json; charset=iso-8859-1' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /charset iso-8859-1/],
    ['a gzip content-encoding', () => post('{}', { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /Content-Encoding gzip/],
    ['text/plain (a CSRF-simple type)', () => post('{"query":"{ health { status } }"}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /must be application\/json \(got text\/plain\)/],
    ['a form', () => post('query=x', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'UNSUPPORTED_MEDIA_TYPE', /must be application\/json/],
    ['invalid UTF-8', () => send('/graphql', { method: 'POST', body: Buffer.from([0x7b, 0xff, 0x7d]), headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST', /not valid UTF-8/],
    ['GET /', () => send('/'), 404, 'NOT_FOUND', /Not found/],
    ['an unknown path', () => send('/wp-admin/install.php'), 404, 'NOT_FOUND', /Not found/],
    ['a POST to an unknown path', () => send('/graphql/../admin', { method: 'POST', body: '{}' }), 404, 'NOT_FOUND', /Not found/],
    ['PUT /graphql', () => send('/graphql', { method: 'PUT', body: '{}' }), 405, 'METHOD_NOT_ALLOWED', /PUT is not allowed on \/graphql; use GET or POST/],
    ['DELETE /healthz', () => send('/healthz', { method: 'DELETE' }), 405, 'METHOD_NOT_ALLOWED', /use GET or HEAD/],
    // Apollo's own answers keep its JSON shape.
    ['GET /graphql without a query', () => send('/graphql', { headers: { 'apollo-require-preflight': '1' } }), 400, 'BAD_REQUEST', /non-empty `query`/],
    ['GET /graphql from a browser form (CSRF prevention)', () => send('/graphql?query=%7B__typename%7D'), 400, 'BAD_REQUEST', /Cross-Site Request Forgery/],
    ['an empty JSON object', () => post('{}'), 400, 'BAD_REQUEST', /POST body missing|non-empty `query`/],
    // Found by the fuzzer: Fastify's own shape for a URL it cannot decode.
    ['a URL that cannot be decoded', () => send('/%', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 400, 'BAD_REQUEST', /not a valid url component/],
    // Found by the fuzzer: a form cut short, with the preflight header, was a 500.
    [
      'a multipart form that is not a form',
      () => post('{"query":"{ __typename }"}', { 'content-type': 'multipart/form-data; boundary=fuzz', 'apollo-require-preflight': 'true' }),
      400,
      'BAD_REQUEST',
      /The multipart request could not be read/,
    ],
  ];

  it.each(cases)('answers %s with a JSON error and one log line', async (_case, request, status, code, message) => {
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.body).toEqual({ errors: [{ message: expect.stringMatching(message), extensions: { code } }] });
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-correlation-id')).toBe(response.correlationId);
    if (status === 405) expect(response.headers.get('allow')).toMatch(/^(GET, POST|GET, HEAD)$/);

    await new Promise((done) => setTimeout(done, 50));
    const lines = api.logs.split('\n').filter((line) => line.includes(response.correlationId));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ correlationId: response.correlationId, res: { statusCode: status } });
  });

  it('still answers GraphQL and probes afterwards, and has logged nothing but JSON lines', async () => {
    const health = await api.graphql<{ health: { status: string } }>('{ health { status } }');
    expect(health.data!.health.status).toBe('ok');
    expect(health.headers.get('x-powered-by')).toBeNull();
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    for (const line of api.logs.split('\n').filter((l) => l.trim() !== '')) expect(() => JSON.parse(line)).not.toThrow();
  });
});

describe('the body limit', () => {
  it('follows LEDGER_MAX_BODY_BYTES', async () => {
    const api = await ApiProcess.start({ env: { LEDGER_MAX_BODY_BYTES: '2048' } });
    try {
      const query = (padding: number) => JSON.stringify({ query: `{ health { status } } #${'x'.repeat(padding)}` });
      const small = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query(1900) });
      expect(small.status).toBe(200);
      const large = await fetch(api.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: query(2100) });
      expect(large.status).toBe(413);
      expect(await large.json()).toEqual({ errors: [{ message: expect.stringContaining('limit of 2048 bytes'), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    } finally {
      await api.stop();
    }
  });
});
