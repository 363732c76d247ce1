import { describe, expect, it } from '@jest/globals';
import { SignJWT } from 'jose';
import { gunzipSync, inflateSync, brotliDecompressSync } from 'node:zlib';
import type { FuzzContext } from './context.js';
import { MUTATIONS } from './mutations.js';
import { Random } from './random.js';
import { BODY_LIMIT, fuzzRequest, fuzzRequests, type FuzzRequest } from './requests.js';
import { judge, type Answer } from './verdict.js';

const SECRET = 'unit-secret-that-is-long-enough-for-hs256';
const ids = (() => {
  const random = new Random(1);
  const uuid = () => random.uuid();
  return {
    partnership: uuid(),
    organisations: [uuid(), uuid(), uuid()],
    member: uuid(),
    priority: uuid(),
    proposedCommitment: uuid(),
    activeCommitment: uuid(),
    actions: [uuid(), uuid(), uuid()],
    actionDueDate: '2021-10-30',
    indicator: uuid(),
    reading: uuid(),
    closedCommitment: uuid(),
    closedAction: uuid(),
    closedIndicator: uuid(),
    update: uuid(),
    meeting: uuid(),
    webhook: uuid(),
    removedWebhook: uuid(),
    other: { partnership: uuid(), organisation: uuid(), priority: uuid(), commitment: uuid(), action: uuid(), indicator: uuid(), reading: uuid() },
  };
})();
const now = 1_750_000_000;
/** An identity token, as `tokenOf` mints for the e2e test: whom it names is granted roles there, not here. */
const mint = (subject: string) =>
  new SignJWT({}).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuer('partnership-ledger').setSubject(subject).setIssuedAt(now).setExpirationTime(now + 3600).sign(new TextEncoder().encode(SECRET));
const context: FuzzContext = {
  secret: SECRET,
  now,
  organisationId: ids.organisations[0]!,
  tokens: { secretariat: await mint('s'), auditor: await mint('a'), partner: await mint('p') },
  ids,
};

/** The body as the server would read it once decompressed. */
function decoded(request: FuzzRequest): string {
  if (!request.body) return '';
  const encoding = String(request.headers['content-encoding'] ?? '').toLowerCase();
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return gunzipSync(request.body).toString();
    if (encoding === 'deflate') return inflateSync(request.body).toString();
    if (encoding === 'br') return brotliDecompressSync(request.body).toString();
  } catch {
    return request.body.toString();
  }
  return request.body.toString();
}

describe('the fuzz request generator', () => {
  const run = [...fuzzRequests(8, 5000, context)];
  const details = run.map((request) => `${request.family} ${request.detail}`).join('\n');

  it('gives the same requests for the same seed, each one also on its own', () => {
    expect([...fuzzRequests(8, 300, context)]).toEqual(run.slice(0, 300));
    expect(fuzzRequest(8, 4711, context)).toEqual(run[4711]);
    const other = [...fuzzRequests(9, 300, context)];
    expect(other.filter((request, index) => request.body?.equals(run[index]!.body ?? Buffer.alloc(0))).length).toBeLessThan(30);
  });

  it('covers every family of malformed request the issue lists', () => {
    const families = new Set(run.map((request) => request.family));
    expect([...families].sort()).toEqual(['body/bad-fields', 'body/deep-json', 'body/huge', 'body/malformed-json', 'body/not-an-object', 'body/odd-bytes', 'body/persisted-query', 'encoding/charset', 'encoding/content-encoding', 'encoding/content-type', 'graphql/read', 'graphql/write', 'http/get', 'http/method', 'http/unknown-path']);
    for (const label of [
      'token:none', 'token:malformed', 'token:alg-none', 'token:wrong-secret', 'token:expired', 'token:exp-2286', 'token:claims-a-role', 'token:unknown-issuer', 'token:bad-sub',
      'header:bearer-without-token', 'header:two-tokens', 'token:valid-lowercase-scheme', 'role:auditor', 'role:partner-secretariat-only', 'role:partner-other-organisation',
      'graphql:deep-nesting', 'graphql:aliases', 'graphql:fragments(cycle)', 'graphql:directives', 'graphql:syntax', 'graphql:variables', 'many(',
      'utf-16', 'latin1', 'x-unknown', 'gzip (real)', 'deflate (real)', 'br (real)', 'bogus', 'gzip (plain body)', 'bomb', 'PUT', 'DELETE', 'PATCH',
      'invalid-date', 'control-characters', 'lone-surrogate', 'invisible-only', 'not-found', 'malformed-id', 'expectedRevision:stale', 'unknown-enum', 'percentComplete:not-an-int',
    ]) {
      expect({ label, found: details.includes(label) }).toEqual({ label, found: true });
    }
    const bodies = run.map(decoded).join('\n');
    for (const value of ['2021-02-30', '9999-12-31', '1e309', '-0', '\\u0000', '\\ud800', '\u200b']) expect({ value, found: bodies.includes(value) }).toEqual({ value, found: true });
    const paths = new Set(run.map((request) => `${request.method} ${request.path.split('?')[0]}`));
    expect([...paths]).toEqual(expect.arrayContaining(['GET /', 'GET /graphql', 'PUT /graphql', 'DELETE /graphql', 'PATCH /graphql']));
  });

  it('sends at least a few bodies over 100 KB, each expecting 413, and keeps the others well below', () => {
    const huge = run.filter((request) => decoded(request).length > BODY_LIMIT + 1024);
    expect(huge.length).toBeGreaterThan(50);
    expect(huge.every((request) => request.method === 'GET' || request.expect.includes(413))).toBe(true);
    // Within a kilobyte under the limit the headers' share decides, so 413 is allowed there (see requests.ts).
    expect(run.filter((request) => request.expect.includes(413) && decoded(request).length < BODY_LIMIT - 1024 && !request.detail.includes('bomb'))).toEqual([]);
  });

  it('flags every document that calls a mutation as a write attempt, so its answer must hold no data', () => {
    const mutationCall = new RegExp(`\\b(${MUTATIONS.map((spec) => spec.field).join('|')})\\(input:`);
    const unflagged = run.filter((request) => !request.write && mutationCall.test(decoded(request) + new URLSearchParams(request.path.split('?')[1]).getAll('query').join(' ')));
    expect(unflagged.map((request) => `#${request.index} ${request.family} ${request.detail}`)).toEqual([]);
    expect(run.filter((request) => request.write).length).toBeGreaterThan(1500);
  });
});

describe('judging an answer', () => {
  const request = fuzzRequest(8, 0, context);
  const read: FuzzRequest = { ...request, expect: [200, 400], write: false };
  const write: FuzzRequest = { ...read, write: true };
  const answer = (status: number, body: string, contentType = 'application/json; charset=utf-8'): Answer => ({ status, contentType, body: Buffer.from(body), milliseconds: 1 });

  it('accepts GraphQL errors and data as JSON', () => {
    expect(judge(read, answer(400, '{"errors":[{"message":"Syntax Error"}]}'))).toEqual([]);
    expect(judge(read, answer(200, '{"data":{"health":{"status":"ok"}}}'))).toEqual([]);
    expect(judge(write, answer(200, '{"data":{"m0":null,"m1":null},"errors":[{"message":"no"}]}'))).toEqual([]);
    expect(judge(write, answer(200, '{"data":{"importActions":{"applied":false,"rows":[]}}}'))).toEqual([]);
  });

  it('refuses 5xx, unexpected statuses, HTML, non-JSON, stack traces and writes', () => {
    expect(judge(read, answer(500, '{"errors":[{"message":"boom"}]}'))).toEqual(['status 500']);
    expect(judge(read, answer(404, '{"error":"Not Found"}'))).toEqual(['status 404 (expected 200/400)']);
    expect(judge(read, answer(400, '<!DOCTYPE html><pre>TypeError</pre>', 'text/html'))).toEqual(['HTML body']);
    expect(judge(read, answer(400, 'Bad Request', 'text/plain'))).toEqual(['content-type text/plain', 'body is not JSON']);
    expect(judge(read, answer(400, '{"errors":[{"message":"x","stack":"at Foo.bar (file:///app/dist/main.js:1:2)"}]}'))).toEqual(['stack trace in body']);
    expect(judge(read, answer(400, '{}'))).toEqual(['no errors in a 400']);
    expect(judge(write, answer(200, '{"data":{"formPartnership":{"position":"9"}}}'))).toEqual(['write not refused (no errors)', 'write answered with data (formPartnership)']);
    expect(judge(write, answer(200, '{"data":{"importActions":{"applied":true}}}'))).toEqual(['write not refused (no errors)', 'write answered with data (importActions)']);
    expect(judge(read, { failure: 'ECONNREFUSED', milliseconds: 1 })).toEqual(['no answer (ECONNREFUSED)']);
  });
});
